//! Anthropic (Claude Pro/Max): the browser login and the stored OAuth
//! credential (`oauth-providers.md` §5.1–5.6): `expires = now + expires_in
//! − 5 min`, id `anthropic:default`.

use super::{LoggedIn, WhoLoggedIn};
use crate::oauth::client::{RedirectLogin, TokenEncoding};
use crate::oauth::login::LoginError;
use crate::oauth::paste::StatePolicy;
use crate::oauth::token::Tokens;
use crate::paths::Env;
use crate::store::NewCredential;
use crate::time::{EpochMs, MINUTE};
use serde_json::Value;

pub const PROVIDER: &str = "anthropic";

pub fn client(_env: &Env) -> RedirectLogin {
    RedirectLogin {
        provider: PROVIDER,
        client_id: "9d1c250a-e61b-44d9-88ed-5944d1962f5e".into(),
        client_secret: None,
        missing_client: None,
        authorize_url: "https://claude.ai/oauth/authorize".into(),
        token_url: "https://platform.claude.com/v1/oauth/token".into(),
        userinfo_url: None,
        scope: "org:create_api_key user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload".into(),
        host: "localhost".into(),
        ports: vec![53692],
        path: "/callback".into(),
        encoding: TokenEncoding::Json,
        require_refresh: false,
        extra_params: &[],
        leading_params: &[("code", "true")],
        state_is_verifier: true,
        paste: StatePolicy::SubstituteExpected,
        expiry_margin_ms: 5 * MINUTE,
    }
}

pub fn profile_id(email: Option<&str>) -> String {
    email.map_or_else(
        || format!("{PROVIDER}:default"),
        |e| format!("{PROVIDER}:{e}"),
    )
}

pub fn credential(tokens: &Tokens, now: EpochMs) -> Value {
    super::oauth_credential(PROVIDER, tokens, super::expiry_with_margin(tokens, now))
}

pub fn logged_in(
    _client: &RedirectLogin,
    tokens: &Tokens,
    _env: &Env,
    now: EpochMs,
) -> Result<LoggedIn, LoginError> {
    Ok(LoggedIn {
        profile_id: profile_id(None),
        credential: NewCredential::new(credential(tokens, now)),
        who: WhoLoggedIn::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::token::parse_tokens;
    use serde_json::json;

    #[test]
    fn five_minute_margin_and_default_id() {
        let t = parse_tokens(br#"{"access_token":"sk-ant-oat01-x","refresh_token":"sk-ant-ort01-y","expires_in":28800}"#).unwrap();
        assert_eq!(
            credential(&t, 1_000_000),
            json!({"type": "oauth", "provider": "anthropic", "access": "sk-ant-oat01-x", "refresh": "sk-ant-ort01-y", "expires": 1_000_000 + 28_800_000 - 300_000})
        );
        assert_eq!(profile_id(None), "anthropic:default");
    }

    #[test]
    fn authorize_url_asks_for_a_code_first() {
        let login = client(&Env::default());
        let url = crate::oauth::client::authorize_url(
            &login,
            "http://localhost:53692/callback",
            "CH",
            "ST",
        );
        assert!(
            url.starts_with("https://claude.ai/oauth/authorize?code=true&response_type=code&"),
            "{url}"
        );
    }
}
