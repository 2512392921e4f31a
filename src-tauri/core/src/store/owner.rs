//! Who keeps a credential alive (design: refresh ownership is explicit).
//! The refresh engine, the reports, the tray and the notices all ask here.

use super::credential::{Credential, CredentialType};
use serde::{Deserialize, Serialize};

/// Who keeps a credential alive (design: refresh ownership is explicit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum Owner {
    /// OAuth refreshed under OpenClaw's locks by OpenClaw or Authtray.
    Store,
    /// Claude Code refreshes it; OpenClaw only re-reads `~/.claude`.
    ClaudeCode,
    /// Codex CLI's login, used through the bootstrap slot.
    CodexCli,
    /// MiniMax CLI's login.
    MinimaxCli,
    /// An API key or a static token: nobody refreshes it.
    Static,
}

/// The owner of profile `id` holding `cred` (§15: the CLIs' own slots).
pub fn owner(id: &str, cred: &Credential) -> Owner {
    match (cred.kind, cred.provider.as_str()) {
        (_, "claude-cli") => Owner::ClaudeCode,
        (CredentialType::Oauth, "openai-codex")
            if id == "openai-codex:default" && cred.secret.is_none() && cred.refresh.is_none() =>
        {
            Owner::CodexCli
        }
        (CredentialType::Oauth, "minimax-portal") if id == "minimax-portal:minimax-cli" => {
            Owner::MinimaxCli
        }
        (CredentialType::Oauth, _) => Owner::Store,
        _ => Owner::Static,
    }
}
