//! Provider-specific login rules. One file per provider's quirks.

pub mod anthropic;
pub mod openai_codex;
pub mod registry;

use crate::oauth::token::Tokens;
use crate::time::EpochMs;
use serde_json::Value;

/// Who logged in, as a person would recognise it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WhoLoggedIn {
    pub email: Option<String>,
    pub account: Option<String>,
    pub plan: Option<String>,
}

/// Turns a browser login's tokens into OpenClaw's profile id and stored
/// credential for `provider`.
pub fn credential_from_login(
    provider: &str,
    tokens: &Tokens,
    now: EpochMs,
) -> Result<(String, Value, WhoLoggedIn), String> {
    match provider {
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
        other => Err(format!("no browser login for {other}")),
    }
}
