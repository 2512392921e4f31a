//! OpenAI Codex (ChatGPT subscription): identity from the access token's
//! claims, OpenClaw's profile ids, and the stored credential shape
//! (`oauth-providers.md` §4.5–4.6).

use super::{LoggedIn, WhoLoggedIn};
use crate::oauth::client::{RedirectLogin, TokenEncoding};
use crate::oauth::jwt;
use crate::oauth::login::LoginError;
use crate::oauth::paste::StatePolicy;
use crate::oauth::token::Tokens;
use crate::paths::Env;
use crate::store::NewCredential;
use crate::time::EpochMs;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

pub const PROVIDER: &str = "openai-codex";
const AUTH_CLAIM: &str = "https://api.openai.com/auth";
const PROFILE_CLAIM: &str = "https://api.openai.com/profile";

/// The ChatGPT login client Codex CLI and OpenClaw use (§4.1).
pub fn client(_env: &Env) -> RedirectLogin {
    RedirectLogin {
        provider: PROVIDER,
        client_id: "app_EMoamEEZ73f0CkXaXp7hrann".into(),
        client_secret: None,
        missing_client: None,
        authorize_url: "https://auth.openai.com/oauth/authorize".into(),
        token_url: "https://auth.openai.com/oauth/token".into(),
        userinfo_url: None,
        scope: "openid profile email offline_access".into(),
        host: "localhost".into(),
        ports: vec![1455, 1457],
        path: "/auth/callback".into(),
        encoding: TokenEncoding::Form,
        require_refresh: false,
        extra_params: &[
            ("id_token_add_organizations", "true"),
            ("codex_cli_simplified_flow", "true"),
            ("originator", "openclaw"),
        ],
        leading_params: &[],
        state_is_verifier: false,
        paste: StatePolicy::BareCodeAllowed,
        expiry_margin_ms: 0,
    }
}

/// A finished login (browser or device auth): the identity from the
/// access token, OpenClaw's id and credential.
pub fn logged_in(
    _client: &RedirectLogin,
    tokens: &Tokens,
    _env: &Env,
    now: EpochMs,
) -> Result<LoggedIn, LoginError> {
    from_tokens(tokens, now)
}

/// The login its tokens make, however they were obtained.
pub fn from_tokens(tokens: &Tokens, now: EpochMs) -> Result<LoggedIn, LoginError> {
    let id = identity(tokens.access.expose()).map_err(|e| LoginError::Provider(e.to_string()))?;
    Ok(LoggedIn {
        profile_id: profile_id(&id),
        credential: NewCredential::new(credential(tokens, &id, now)),
        who: WhoLoggedIn {
            email: id.email.clone(),
            account: Some(id.account_id.clone()),
            plan: id.plan.clone(),
        },
    })
}

/// A refresh reply: identity fields recomputed from the new token when
/// readable; `expires = now + expires_in`, else the token's `exp`.
pub fn merge_refreshed(c: &mut Value, tokens: &Tokens, now: EpochMs) {
    let id = identity(tokens.access.expose()).ok();
    if let Some(id) = &id {
        c["accountId"] = json!(id.account_id);
        if let Some(e) = &id.email {
            c["email"] = json!(e);
        }
        if let Some(p) = &id.plan {
            c["chatgptPlanType"] = json!(p);
        }
    }
    let lifetime = tokens.expires_in_secs.map(|s| (s * 1000.0) as EpochMs);
    c["expires"] = json!(
        lifetime
            .map(|l| now + l)
            .or(id.and_then(|i| i.exp_ms))
            .unwrap_or(now)
    );
}

/// Who logged in, from the access token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub account_id: String,
    pub plan: Option<String>,
    pub email: Option<String>,
    /// Stable subject for the `id-…` profile name when there is no email.
    pub subject: Option<String>,
    pub exp_ms: Option<EpochMs>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("the access token is not a readable JWT: {0}")]
    Jwt(#[from] jwt::JwtError),
    #[error(
        "the access token names no ChatGPT account (chatgpt_account_id); log in with a ChatGPT subscription account"
    )]
    NoAccount,
}

pub fn identity(access_token: &str) -> Result<Identity, IdentityError> {
    let c = jwt::claims(access_token)?;
    let auth = c.get(AUTH_CLAIM);
    let text = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let account_id = text(auth, "chatgpt_account_id").ok_or(IdentityError::NoAccount)?;
    let subject = text(auth, "chatgpt_account_user_id")
        .or_else(|| text(auth, "chatgpt_user_id"))
        .or_else(|| text(auth, "user_id"))
        .or_else(|| {
            Some(format!(
                "{}|{}",
                text(Some(&c), "iss")?,
                text(Some(&c), "sub")?
            ))
        })
        .or_else(|| text(Some(&c), "sub"));
    Ok(Identity {
        account_id,
        plan: text(auth, "chatgpt_plan_type"),
        email: text(c.get(PROFILE_CLAIM), "email"),
        subject,
        exp_ms: c
            .get("exp")
            .and_then(Value::as_f64)
            .map(|e| (e * 1000.0) as EpochMs),
    })
}

/// `openai-codex:<email>`, else `openai-codex:id-<base64url(subject)>`.
pub fn profile_id(id: &Identity) -> String {
    match (&id.email, &id.subject) {
        (Some(email), _) => format!("{PROVIDER}:{email}"),
        (None, Some(subject)) => format!("{PROVIDER}:id-{}", URL_SAFE_NO_PAD.encode(subject)),
        (None, None) => format!("{PROVIDER}:default"),
    }
}

/// The credential OpenClaw stores: `expires = now + expires_in` (no
/// margin), else the token's `exp`.
pub fn credential(tokens: &Tokens, id: &Identity, now: EpochMs) -> Value {
    let expires = tokens
        .expires_in_secs
        .map(|s| now + (s * 1000.0) as EpochMs)
        .or(id.exp_ms)
        .unwrap_or(now);
    let mut c = json!({
        "type": "oauth",
        "provider": PROVIDER,
        "access": tokens.access.expose(),
        "expires": expires,
        "accountId": id.account_id,
    });
    if let Some(r) = &tokens.refresh {
        c["refresh"] = json!(r.expose());
    }
    if let Some(e) = &id.email {
        c["email"] = json!(e);
    }
    if let Some(p) = &id.plan {
        c["chatgptPlanType"] = json!(p);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::jwt::encode_for_tests;
    use crate::oauth::token::parse_tokens;

    fn access(claims: Value) -> String {
        encode_for_tests(&claims)
    }

    #[test]
    fn identity_and_profile_id_follow_openclaw() {
        let t = access(json!({
            "exp": 1767225600,
            AUTH_CLAIM: {"chatgpt_account_id": "acct-1", "chatgpt_plan_type": "plus", "chatgpt_account_user_id": "user-1__acct-1"},
            PROFILE_CLAIM: {"email": "ada@example.com"}
        }));
        let id = identity(&t).unwrap();
        assert_eq!(
            (id.account_id.as_str(), id.plan.as_deref(), id.exp_ms),
            ("acct-1", Some("plus"), Some(1_767_225_600_000))
        );
        assert_eq!(profile_id(&id), "openai-codex:ada@example.com");
        let no_email = Identity { email: None, ..id };
        assert_eq!(
            profile_id(&no_email),
            format!(
                "openai-codex:id-{}",
                URL_SAFE_NO_PAD.encode("user-1__acct-1")
            )
        );
        let iss_sub = identity(&access(json!({"iss": "https://auth.openai.com", "sub": "s", AUTH_CLAIM: {"chatgpt_account_id": "a"}}))).unwrap();
        assert_eq!(
            iss_sub.subject.as_deref(),
            Some("https://auth.openai.com|s")
        );
    }

    #[test]
    fn a_token_without_an_account_is_refused() {
        assert_eq!(
            identity(&access(json!({"sub": "x"}))).unwrap_err(),
            IdentityError::NoAccount
        );
        assert!(matches!(
            identity("opaque").unwrap_err(),
            IdentityError::Jwt(_)
        ));
    }

    #[test]
    fn stored_shape() {
        let t = access(
            json!({AUTH_CLAIM: {"chatgpt_account_id": "acct-1", "chatgpt_plan_type": "pro"}, PROFILE_CLAIM: {"email": "a@b.c"}}),
        );
        let tokens = parse_tokens(
            format!(r#"{{"access_token":"{t}","refresh_token":"rt","expires_in":3600}}"#)
                .as_bytes(),
        )
        .unwrap();
        let c = credential(&tokens, &identity(&t).unwrap(), 1_000);
        assert_eq!(
            c,
            json!({"type": "oauth", "provider": "openai-codex", "access": t, "refresh": "rt", "expires": 3_601_000, "accountId": "acct-1", "email": "a@b.c", "chatgptPlanType": "pro"})
        );
        let parsed = crate::store::Credential::parse(&c).unwrap();
        assert_eq!(parsed.account_id.as_deref(), Some("acct-1"));
    }
}
