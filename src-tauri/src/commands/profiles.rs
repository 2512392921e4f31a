//! Profiles: typed in (an API key or a pasted token for any provider of the
//! catalog, also Reconnect of a token profile), Claude Code's login, keys
//! into the keyring, the report, remove/undo/rename.

use crate::AppEnv;
use crate::commands::{here_only, install, perform};
use crate::error::{ErrorCode, WireError};
use authtray_core::app::ops::{
    AddKey, AddToken, AgentReport, RemoveProfile, RenameProfile, Repair, SavedProfile, Undo, Usage,
};
use authtray_core::app::untried::Repaired;
use authtray_core::app::usage::UsageReport;
use authtray_core::app::{profiles, secrets};
use authtray_core::providers::catalog::{self, ProviderInfo};
use authtray_core::time::now_ms;
use tauri::State;

/// Every provider and the ways to add a profile for it.
#[tauri::command]
#[specta::specta]
pub fn list_providers() -> Vec<ProviderInfo> {
    catalog::providers()
}

/// Saves an API key as `profile_id` (default `<provider>:default`).
#[tauri::command(async)]
#[specta::specta]
pub fn save_api_key(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
    provider: String,
    profile_id: Option<String>,
    secret: String,
) -> Result<SavedProfile, WireError> {
    let verb = AddKey {
        agent: agent_id,
        provider,
        profile_id,
        secret,
    };
    perform(&env, host.as_deref(), verb)
}

/// Saves a pasted token as `profile_id` (default `<provider>:manual`),
/// expiring after `expires_in` (`365d`, `12h`, …) when given.
#[tauri::command(async)]
#[specta::specta]
pub fn save_token(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
    provider: String,
    profile_id: Option<String>,
    token: String,
    expires_in: Option<String>,
) -> Result<SavedProfile, WireError> {
    let verb = AddToken {
        agent: agent_id,
        provider,
        profile_id,
        token,
        expires_in,
    };
    perform(&env, host.as_deref(), verb)
}

/// "Use Claude Code's login": `anthropic:claude-cli` from Claude Code's
/// OAuth login (Claude Code stays its refresher; nothing of Claude's is written).
#[tauri::command]
#[specta::specta]
pub fn sync_claude_code(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
) -> Result<SavedProfile, WireError> {
    here_only(&host, "Using Claude Code's login", "sync claude-code")?;
    let saved = profiles::sync_claude_code(&mut install(&env), Some(&agent_id), now_ms())?;
    Ok(SavedProfile {
        profile_id: saved.profile_id,
        masked: "from Claude Code".into(),
    })
}

/// Moves every plaintext API key and token of an agent into the OS keyring;
/// OpenClaw then resolves them by running this app with `secrets resolve`.
/// Returns the profiles moved; the first failure stops and is reported.
#[tauri::command]
#[specta::specta]
pub fn move_keys_to_keyring(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
) -> Result<Vec<String>, WireError> {
    here_only(&host, "Moving keys into the keyring", "secrets move")?;
    let resolver = std::env::current_exe()
        .and_then(|exe| authtray_core::keychain::resolver_path(&exe))
        .map_err(|e| WireError::new(ErrorCode::Internal, e.to_string()))?;
    let (_, moved) = secrets::move_to_keyring(
        &mut install(&env),
        Some(&agent_id),
        secrets::Which::All,
        &resolver,
        now_ms(),
    )?;
    Ok(moved.profiles)
}

/// One agent's profiles as OpenClaw's runtime sees them (inherited ones
/// included), with health, owner and the masked secret only. A store that
/// cannot be read is an error naming it.
#[tauri::command(async)]
#[specta::specta]
pub fn get_agent_report(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
) -> Result<authtray_core::report::AgentReport, WireError> {
    perform(&env, host.as_deref(), AgentReport { agent: agent_id })
}

/// Each account's quota where its provider tells it (`now`: ask even
/// within five minutes of the last check); never refreshes or writes.
#[tauri::command(async)]
#[specta::specta]
pub fn get_usage(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
    now: bool,
) -> Result<UsageReport, WireError> {
    let verb = Usage {
        agent: agent_id,
        now,
    };
    perform(&env, host.as_deref(), verb)
}

/// Removes a profile from the agent's own store (undo with `undo_change`).
#[tauri::command(async)]
#[specta::specta]
pub fn remove_profile(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
    profile_id: String,
) -> Result<(), WireError> {
    let verb = RemoveProfile {
        agent: agent_id,
        profile_id,
    };
    perform(&env, host.as_deref(), verb)
}

/// Lets OpenClaw try stored profiles `openclaw.json` does not list, and
/// drops entries no store holds (`profile_id`: only that one).
#[tauri::command(async)]
#[specta::specta]
pub fn repair_listing(
    env: State<'_, AppEnv>,
    host: Option<String>,
    profile_id: Option<String>,
) -> Result<Repaired, WireError> {
    perform(&env, host.as_deref(), Repair { profile_id })
}

/// Restores the agent's store to the version before the last change.
#[tauri::command(async)]
#[specta::specta]
pub fn undo_change(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
) -> Result<(), WireError> {
    perform(&env, host.as_deref(), Undo { agent: agent_id })
}

/// Renames a profile in the agent's own store (order and stats follow it).
#[tauri::command(async)]
#[specta::specta]
pub fn rename_profile(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
    from: String,
    to: String,
) -> Result<(), WireError> {
    let verb = RenameProfile {
        agent: agent_id,
        from,
        to,
    };
    perform(&env, host.as_deref(), verb)
}
