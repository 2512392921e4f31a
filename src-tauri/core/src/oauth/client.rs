//! The OAuth client a browser login talks to, as data: its endpoints, id,
//! redirect, token encoding and paste policy (`oauth-providers.md` §1–3).
//! Providers fill it in (`providers/`); the flow (`login.rs`) only reads it.

use super::paste::StatePolicy;
use crate::time::EpochMs;

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
    /// Authorize parameters before the standard ones (Anthropic: `code=true`).
    pub leading_params: &'static [(&'static str, &'static str)],
    /// Anthropic: `state` = the verifier, and sent in the token request.
    pub state_is_verifier: bool,
    pub paste: StatePolicy,
    /// Subtracted from `now + expires_in` when storing `expires`.
    pub expiry_margin_ms: EpochMs,
}

/// The authorize URL of one attempt.
pub fn authorize_url(
    login: &RedirectLogin,
    redirect_uri: &str,
    challenge: &str,
    state: &str,
) -> String {
    let mut params: Vec<(&str, &str)> = login.leading_params.to_vec();
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
