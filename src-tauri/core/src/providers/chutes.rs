//! Chutes, `oauth-providers.md` §10: authorization code + PKCE with the
//! user's own OAuth app (`CHUTES_CLIENT_ID`), identity from userinfo, and
//! the client id stored in the profile (refresh needs it).

use super::{LoggedIn, WhoLoggedIn};
use crate::oauth::client::{RedirectLogin, TokenEncoding};
use crate::oauth::http;
use crate::oauth::login::LoginError;
use crate::oauth::paste::StatePolicy;
use crate::oauth::token::Tokens;
use crate::paths::Env;
use crate::store::NewCredential;
use crate::time::{EpochMs, MINUTE};
use serde_json::{Value, json};

pub const PROVIDER: &str = "chutes";
const REDIRECT: &str = "http://127.0.0.1:1456/oauth-callback";

pub fn client(env: &Env) -> RedirectLogin {
    let redirect = env
        .var("CHUTES_OAUTH_REDIRECT_URI")
        .and_then(|u| url::Url::parse(u).ok())
        .filter(|u| {
            u.scheme() == "http"
                && matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"))
        })
        .unwrap_or_else(|| url::Url::parse(REDIRECT).expect("default redirect"));
    RedirectLogin {
        provider: PROVIDER,
        client_id: env
            .var("CHUTES_CLIENT_ID")
            .unwrap_or_default()
            .trim()
            .to_owned(),
        client_secret: env.var("CHUTES_CLIENT_SECRET").map(str::to_owned),
        missing_client: Some(
            "Chutes logs in through your own OAuth app: create one at chutes.ai with the redirect URI http://127.0.0.1:1456/oauth-callback, then set CHUTES_CLIENT_ID=cid_… (and CHUTES_CLIENT_SECRET if it has one)",
        ),
        authorize_url: "https://api.chutes.ai/idp/authorize".into(),
        token_url: "https://api.chutes.ai/idp/token".into(),
        userinfo_url: Some("https://api.chutes.ai/idp/userinfo".into()),
        scope: env
            .var("CHUTES_OAUTH_SCOPES")
            .unwrap_or("openid profile chutes:invoke")
            .to_owned(),
        host: redirect.host_str().unwrap_or("127.0.0.1").to_owned(),
        ports: vec![redirect.port().unwrap_or(80)],
        path: redirect.path().to_owned(),
        encoding: TokenEncoding::Form,
        require_refresh: true,
        extra_params: &[],
        leading_params: &[],
        state_is_verifier: false,
        paste: StatePolicy::FullUrlOnly,
        expiry_margin_ms: 5 * MINUTE,
    }
}

/// `(sub, username)` from userinfo, when it answers.
pub fn whoami(login: &RedirectLogin, access: &str) -> (Option<String>, Option<String>) {
    let reply = login
        .userinfo_url
        .as_deref()
        .and_then(|url| http::get(url, &[("Authorization", &format!("Bearer {access}"))]).ok())
        .filter(|r| (200..300).contains(&r.status));
    let v: Value = reply
        .and_then(|r| serde_json::from_slice(&r.body).ok())
        .unwrap_or(Value::Null);
    let text = |k: &str| v[k].as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    (text("sub"), text("username"))
}

/// A finished login: who it is from userinfo; the client id is stored.
pub fn logged_in(
    client: &RedirectLogin,
    tokens: &Tokens,
    _env: &Env,
    now: EpochMs,
) -> Result<LoggedIn, LoginError> {
    let (sub, username) = whoami(client, tokens.access.expose());
    Ok(LoggedIn {
        profile_id: profile_id(username.as_deref()),
        credential: NewCredential::new(credential(
            tokens,
            client,
            sub.as_deref(),
            username.as_deref(),
            now,
        )),
        who: WhoLoggedIn {
            email: username,
            account: sub,
            plan: None,
        },
    })
}

/// `expires = max(now + floor(expires_in) s − 5 min, now + 30 s)` (§10.5).
fn expiry(tokens: &Tokens, now: EpochMs) -> EpochMs {
    let lifetime = tokens
        .expires_in_secs
        .map_or(0, |s| s.floor() as EpochMs * 1000);
    (now + lifetime - 5 * MINUTE).max(now + 30_000)
}

/// A refresh reply gets the same expiry rule as a login.
pub fn merge_refreshed(c: &mut Value, tokens: &Tokens, now: EpochMs) {
    c["expires"] = json!(expiry(tokens, now));
}

/// `chutes:<username>`, else `chutes:default`.
pub fn profile_id(username: Option<&str>) -> String {
    format!("{PROVIDER}:{}", username.unwrap_or("default"))
}

/// `expires = max(now + floor(expires_in) s − 5 min, now + 30 s)`.
pub fn credential(
    tokens: &Tokens,
    login: &RedirectLogin,
    sub: Option<&str>,
    username: Option<&str>,
    now: EpochMs,
) -> Value {
    let mut c = super::oauth_credential(PROVIDER, tokens, expiry(tokens, now));
    c["clientId"] = json!(login.client_id);
    if let Some(u) = username {
        c["email"] = json!(u);
    }
    if let Some(s) = sub {
        c["accountId"] = json!(s);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::token::parse_tokens;

    #[test]
    fn no_client_id_means_no_login_and_the_redirect_can_be_overridden() {
        let login = client(&Env::default());
        assert!(login.client_id.is_empty());
        assert!(login.missing_client.unwrap().contains("CHUTES_CLIENT_ID"));
        assert_eq!(
            (
                login.host.as_str(),
                login.ports.as_slice(),
                login.path.as_str()
            ),
            ("127.0.0.1", &[1456][..], "/oauth-callback")
        );
        let env = Env::default()
            .with_var("CHUTES_CLIENT_ID", "cid_abc")
            .with_var("CHUTES_OAUTH_REDIRECT_URI", "http://localhost:7777/cb")
            .with_var("CHUTES_OAUTH_SCOPES", "openid chutes:invoke");
        let login = client(&env);
        assert_eq!(login.client_id, "cid_abc");
        assert_eq!(
            (
                login.host.as_str(),
                login.ports.as_slice(),
                login.path.as_str(),
                login.scope.as_str()
            ),
            ("localhost", &[7777][..], "/cb", "openid chutes:invoke")
        );
        let hostile =
            Env::default().with_var("CHUTES_OAUTH_REDIRECT_URI", "http://evil.example/cb");
        assert_eq!(client(&hostile).host, "127.0.0.1");
    }

    #[test]
    fn expiry_has_a_five_minute_margin_but_at_least_thirty_seconds() {
        let login = client(&Env::default().with_var("CHUTES_CLIENT_ID", "cid_x"));
        let t = parse_tokens(br#"{"access_token":"a","refresh_token":"r","expires_in":3600.9}"#)
            .unwrap();
        let c = credential(&t, &login, Some("u-1"), Some("ada"), 1_000_000);
        assert_eq!(c["expires"], 1_000_000 + 3_600_000 - 300_000);
        assert_eq!(
            (
                c["clientId"].as_str(),
                c["email"].as_str(),
                c["accountId"].as_str()
            ),
            (Some("cid_x"), Some("ada"), Some("u-1"))
        );
        let short =
            parse_tokens(br#"{"access_token":"a","refresh_token":"r","expires_in":60}"#).unwrap();
        assert_eq!(
            credential(&short, &login, None, None, 1_000_000)["expires"],
            1_030_000
        );
        assert_eq!(profile_id(None), "chutes:default");
    }
}
