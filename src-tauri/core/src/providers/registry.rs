//! Browser (PKCE + loopback) logins as data (`oauth-providers.md` §4–5).
//! Every endpoint, client id and port can be overridden for enterprise or
//! self-hosted servers and for tests:
//! `AUTHTRAY_OAUTH_<PROVIDER>_{AUTHORIZE_URL,TOKEN_URL,USERINFO_URL,CLIENT_ID,CLIENT_SECRET,PORTS}`
//! (provider upper-cased, `-` → `_`; `PORTS` comma-separated, `0` = any).

use crate::oauth::paste::StatePolicy;
use crate::paths::Env;
use crate::time::{EpochMs, MINUTE};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenEncoding {
    Form,
    Json,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectLogin {
    pub provider: &'static str,
    /// Empty when the user must bring their own (Chutes): the login then
    /// stops with `missing_client`.
    pub client_id: String,
    /// Sent in the token requests when known (Google's installed-app client).
    pub client_secret: Option<String>,
    pub missing_client: Option<&'static str>,
    pub authorize_url: String,
    pub token_url: String,
    /// Who logged in (Bearer `GET`), for providers whose tokens do not say.
    pub userinfo_url: Option<String>,
    pub scope: String,
    /// The redirect URI's host as registered (`localhost` or `127.0.0.1`).
    pub host: String,
    /// The registered port, then the fallback.
    pub ports: Vec<u16>,
    pub path: String,
    pub encoding: TokenEncoding,
    /// A reply without a refresh token fails the login (Gemini, Chutes).
    pub require_refresh: bool,
    /// Extra authorize parameters, in order, after the standard ones.
    pub extra_params: &'static [(&'static str, &'static str)],
    /// Anthropic: `state` = the verifier, and sent in the token request.
    pub state_is_verifier: bool,
    pub paste: StatePolicy,
    /// Subtracted from `now + expires_in` when storing `expires`.
    pub expiry_margin_ms: EpochMs,
}

/// The browser login of a provider, with overrides applied.
pub fn redirect_login(provider: &str, env: &Env) -> Option<RedirectLogin> {
    let base = match provider {
        "openai-codex" => RedirectLogin {
            provider: "openai-codex",
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
            state_is_verifier: false,
            paste: StatePolicy::BareCodeAllowed,
            expiry_margin_ms: 0,
        },
        "anthropic" => RedirectLogin {
            provider: "anthropic",
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
            state_is_verifier: true,
            paste: StatePolicy::SubstituteExpected,
            expiry_margin_ms: 5 * MINUTE,
        },
        super::google_gemini_cli::PROVIDER => super::google_gemini_cli::redirect_login(env),
        super::chutes::PROVIDER => super::chutes::redirect_login(env),
        _ => return None,
    };
    Some(with_overrides(base, env))
}

fn with_overrides(mut login: RedirectLogin, env: &Env) -> RedirectLogin {
    let prefix = format!(
        "AUTHTRAY_OAUTH_{}_",
        login.provider.to_ascii_uppercase().replace('-', "_")
    );
    let var = |name: &str| env.var(&format!("{prefix}{name}")).map(str::to_owned);
    if let Some(v) = var("AUTHORIZE_URL") {
        login.authorize_url = v;
    }
    if let Some(v) = var("TOKEN_URL") {
        login.token_url = v;
    }
    if let Some(v) = var("CLIENT_ID") {
        login.client_id = v;
    }
    if let Some(v) = var("CLIENT_SECRET") {
        login.client_secret = Some(v);
    }
    if let Some(v) = var("USERINFO_URL") {
        login.userinfo_url = Some(v);
    }
    if let Some(ports) = var("PORTS")
        .map(|v| {
            v.split(',')
                .filter_map(|p| p.trim().parse().ok())
                .collect::<Vec<u16>>()
        })
        .filter(|p| !p.is_empty())
    {
        login.ports = ports;
    }
    login
}

/// The device-code login of a provider, with overrides applied
/// (`AUTHTRAY_OAUTH_<PROVIDER>_{CODE_URL,TOKEN_URL,CLIENT_ID}`).
pub fn device_login(provider: &str, env: &Env) -> Option<crate::oauth::device::DeviceLogin> {
    let mut login = match provider {
        "github-copilot" => crate::oauth::device::DeviceLogin {
            provider: "github-copilot",
            client_id: "Iv1.b507a08c87ecfe98".into(),
            code_url: "https://github.com/login/device/code".into(),
            token_url: "https://github.com/login/oauth/access_token".into(),
            scope: "read:user",
            expected_verification_uri: Some("https://github.com/login/device"),
        },
        _ => return None,
    };
    let prefix = format!(
        "AUTHTRAY_OAUTH_{}_",
        login.provider.to_ascii_uppercase().replace('-', "_")
    );
    let var = |name: &str| env.var(&format!("{prefix}{name}")).map(str::to_owned);
    if let Some(v) = var("CODE_URL") {
        login.code_url = v;
        login.expected_verification_uri = None;
    }
    if let Some(v) = var("TOKEN_URL") {
        login.token_url = v;
    }
    if let Some(v) = var("CLIENT_ID") {
        login.client_id = v;
    }
    Some(login)
}

/// The authorize URL of one attempt.
pub fn authorize_url(
    login: &RedirectLogin,
    redirect_uri: &str,
    challenge: &str,
    state: &str,
) -> String {
    let mut params: Vec<(&str, &str)> = Vec::new();
    if login.provider == "anthropic" {
        params.push(("code", "true"));
    }
    params.extend([
        ("response_type", "code"),
        ("client_id", login.client_id.as_str()),
        ("redirect_uri", redirect_uri),
        ("scope", login.scope.as_str()),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("state", state),
    ]);
    params.extend(login.extra_params.iter().copied());
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    format!("{}?{query}", login.authorize_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codex_authorize_url_carries_every_parameter_in_order() {
        let login = redirect_login("openai-codex", &Env::default()).unwrap();
        let url = authorize_url(&login, "http://localhost:1455/auth/callback", "CH", "ST");
        assert_eq!(
            url,
            "https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann&redirect_uri=http%3A%2F%2Flocalhost%3A1455%2Fauth%2Fcallback&scope=openid+profile+email+offline_access&code_challenge=CH&code_challenge_method=S256&state=ST&id_token_add_organizations=true&codex_cli_simplified_flow=true&originator=openclaw"
        );
    }

    #[test]
    fn endpoints_can_be_overridden() {
        let env = Env::default()
            .with_var(
                "AUTHTRAY_OAUTH_OPENAI_CODEX_TOKEN_URL",
                "http://127.0.0.1:9/token",
            )
            .with_var("AUTHTRAY_OAUTH_OPENAI_CODEX_PORTS", "0");
        let login = redirect_login("openai-codex", &env).unwrap();
        assert_eq!(
            (login.token_url.as_str(), login.ports.as_slice()),
            ("http://127.0.0.1:9/token", &[0][..])
        );
        assert!(redirect_login("nobody", &env).is_none());
    }
}
