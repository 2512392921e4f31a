//! Provider-specific login rules. One file per provider's quirks.

pub mod anthropic;
pub mod catalog;
pub mod chutes;
pub mod code_login;
pub mod google_gemini_cli;
pub mod manual;
pub mod minimax_portal;
pub mod openai_codex;
pub mod openai_codex_device;
pub mod registry;

use crate::oauth::token::Tokens;
use crate::time::EpochMs;
use serde_json::Value;

/// `{type: "oauth", provider, access, refresh?, expires}`: what every OAuth
/// login stores before its provider's own fields.
pub fn oauth_credential(provider: &str, tokens: &Tokens, expires: EpochMs) -> Value {
    let mut c = serde_json::json!({"type": "oauth", "provider": provider, "access": tokens.access.expose(), "expires": expires});
    if let Some(r) = &tokens.refresh {
        c["refresh"] = serde_json::json!(r.expose());
    }
    c
}

/// `now + expires_in − 5 min` (Anthropic, Gemini CLI: §13).
pub fn expiry_with_margin(tokens: &Tokens, now: EpochMs) -> EpochMs {
    now + tokens
        .expires_in_secs
        .map_or(0, |s| (s * 1000.0) as EpochMs)
        - 5 * crate::time::MINUTE
}

/// Who logged in, as a person would recognise it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WhoLoggedIn {
    pub email: Option<String>,
    pub account: Option<String>,
    pub plan: Option<String>,
}

/// Turns a browser login's tokens into OpenClaw's profile id and stored
/// credential, asking the provider who logged in where its tokens do not say.
pub fn credential_from_login(
    login: &registry::RedirectLogin,
    tokens: &Tokens,
    env: &crate::paths::Env,
    now: EpochMs,
) -> Result<(String, Value, WhoLoggedIn), String> {
    match login.provider {
        openai_codex::PROVIDER => {
            let id = openai_codex::identity(tokens.access.expose()).map_err(|e| e.to_string())?;
            let who = WhoLoggedIn {
                email: id.email.clone(),
                account: Some(id.account_id.clone()),
                plan: id.plan.clone(),
            };
            Ok((
                openai_codex::profile_id(&id),
                openai_codex::credential(tokens, &id, now),
                who,
            ))
        }
        anthropic::PROVIDER => Ok((
            anthropic::profile_id(None),
            anthropic::credential(tokens, now),
            WhoLoggedIn::default(),
        )),
        google_gemini_cli::PROVIDER => {
            let access = tokens.access.expose();
            let email = google_gemini_cli::email(login, access);
            let project = google_gemini_cli::discover_project(
                access,
                env,
                &google_gemini_cli::code_assist_endpoints(env),
                std::time::Duration::from_secs(5),
            )?;
            Ok((
                google_gemini_cli::profile_id(email.as_deref()),
                google_gemini_cli::credential(tokens, email.as_deref(), project.as_deref(), now),
                WhoLoggedIn {
                    email,
                    account: project.map(|p| format!("project {p}")),
                    plan: None,
                },
            ))
        }
        chutes::PROVIDER => {
            let (sub, username) = chutes::whoami(login, tokens.access.expose());
            Ok((
                chutes::profile_id(username.as_deref()),
                chutes::credential(tokens, login, sub.as_deref(), username.as_deref(), now),
                WhoLoggedIn {
                    email: username,
                    account: sub,
                    plan: None,
                },
            ))
        }
        other => Err(format!("no browser login for {other}")),
    }
}

/// The profile a device login saves: GitHub Copilot keeps the GitHub token
/// as a `token` profile `github-copilot:github` (no expiry; OpenClaw
/// exchanges it for a Copilot token per request).
pub fn credential_from_device(
    provider: &str,
    token: &crate::secret::Secret,
) -> Result<(String, Value), String> {
    match provider {
        "github-copilot" => Ok((
            "github-copilot:github".into(),
            serde_json::json!({"type": "token", "provider": provider, "token": token.expose()}),
        )),
        other => Err(format!("no device login for {other}")),
    }
}
