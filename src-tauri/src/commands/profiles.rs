//! Profiles typed in rather than logged in: an API key or a pasted token
//! for any provider of the catalog (also Reconnect of a token profile).

use crate::AppEnv;
use crate::commands::store_for;
use crate::error::{ErrorCode, WireError};
use authtray_core::providers::catalog::{self, ProviderInfo};
use authtray_core::providers::manual;
use authtray_core::save::save_profile;
use authtray_core::secret::{Secret, normalize_pasted};
use authtray_core::time::{now_ms, parse_duration};
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use ts_rs::TS;

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedProfile {
    pub profile_id: String,
    /// The secret as it may be shown: first and last characters only.
    pub masked: String,
}

/// Every provider and the ways to add a profile for it.
#[tauri::command]
pub fn list_providers() -> Vec<ProviderInfo> {
    catalog::providers()
}

/// Saves an API key as `profile_id` (default `<provider>:default`).
#[tauri::command]
pub fn save_api_key(
    env: State<'_, AppEnv>,
    agent_id: String,
    provider: String,
    profile_id: Option<String>,
    secret: String,
) -> Result<SavedProfile, WireError> {
    let key = Secret::new(normalize_pasted(&secret));
    let (id, credential) = manual::api_key(&provider, &key).map_err(invalid)?;
    save(&env, &agent_id, profile_id.unwrap_or(id), credential, &key)
}

/// Saves a pasted token as `profile_id` (default `<provider>:manual`),
/// expiring after `expires_in` (`365d`, `12h`, …) when given.
#[tauri::command]
pub fn save_token(
    env: State<'_, AppEnv>,
    agent_id: String,
    provider: String,
    profile_id: Option<String>,
    token: String,
    expires_in: Option<String>,
) -> Result<SavedProfile, WireError> {
    let now = now_ms();
    let expires = match expires_in
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        None => None,
        Some(d) => Some(
            now + parse_duration(d).ok_or_else(|| {
                WireError::new(
                    ErrorCode::InvalidInput,
                    format!("expires in {d:?}: use a duration like 365d, 12h or 1d12h"),
                )
            })?,
        ),
    };
    let token = Secret::new(normalize_pasted(&token));
    let (id, credential) = manual::token(&provider, &token, expires).map_err(invalid)?;
    save(
        &env,
        &agent_id,
        profile_id.unwrap_or(id),
        credential,
        &token,
    )
}

fn invalid(e: manual::ManualError) -> WireError {
    WireError::new(ErrorCode::InvalidInput, e.to_string())
}

fn save(
    env: &AppEnv,
    agent: &str,
    profile_id: String,
    credential: Value,
    secret: &Secret,
) -> Result<SavedProfile, WireError> {
    let (ctx, mut config, dir) = store_for(&env.0, agent)?;
    let saved = save_profile(
        &ctx,
        &mut config,
        &dir,
        &profile_id,
        credential,
        true,
        now_ms(),
    )
    .map_err(|e| WireError::new(ErrorCode::Unavailable, e.to_string()))?;
    Ok(SavedProfile {
        profile_id: saved.profile_id,
        masked: secret.masked(),
    })
}

/// "Use Claude Code's login": `anthropic:claude-cli` from Claude Code's
/// OAuth login (Claude Code stays its refresher; nothing of Claude's is written).
#[tauri::command]
pub fn sync_claude_code(
    env: State<'_, AppEnv>,
    agent_id: String,
) -> Result<SavedProfile, WireError> {
    let (ctx, mut config, dir) = store_for(&env.0, &agent_id)?;
    let saved =
        authtray_core::external::sync_claude_code(&ctx, &env.0, &mut config, &dir, now_ms())
            .map_err(|e| WireError::new(ErrorCode::InvalidInput, e))?;
    Ok(SavedProfile {
        profile_id: saved.profile_id,
        masked: "from Claude Code".into(),
    })
}

/// Moves every plaintext API key and token of an agent into the OS keyring;
/// OpenClaw then resolves them by running this app with `secrets resolve`.
/// Returns the profiles moved; the first failure stops and is reported.
#[tauri::command]
pub fn move_keys_to_keyring(
    env: State<'_, AppEnv>,
    agent_id: String,
) -> Result<Vec<String>, WireError> {
    let (ctx, mut config, dir) = store_for(&env.0, &agent_id)?;
    let resolver = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| WireError::new(ErrorCode::Internal, e.to_string()))?;
    let store = authtray_core::store::load(&ctx, &dir)
        .map_err(|e| WireError::new(ErrorCode::Unreadable, e.to_string()))?;
    let plaintext = authtray_core::keychain::plaintext_profiles(&store);
    for id in &plaintext {
        authtray_core::keychain::move_to_keyring(
            &ctx,
            &mut config,
            &agent_id,
            &dir,
            id,
            &resolver,
            now_ms(),
        )
        .map_err(|e| WireError::new(ErrorCode::Unavailable, e.to_string()))?;
    }
    Ok(plaintext)
}

/// One agent's profiles as OpenClaw's runtime sees them (inherited ones
/// included), with health, owner and the masked secret only.
#[tauri::command]
pub fn get_agent_report(
    env: State<'_, AppEnv>,
    agent_id: String,
) -> Result<authtray_core::report::AgentReport, WireError> {
    let (ctx, config, dir) = store_for(&env.0, &agent_id)?;
    authtray_core::report::agent_report(
        &ctx,
        &config,
        &agent_id,
        &dir,
        None,
        now_ms(),
        authtray_core::settings::Preferences::load(&authtray_core::paths::data_dir(&env.0))
            .warn_ms(),
    )
    .map_err(|e| WireError::new(ErrorCode::Unreadable, e.to_string()))
}

/// Removes a profile from the agent's own store (undo with `undo_change`).
#[tauri::command]
pub fn remove_profile(
    env: State<'_, AppEnv>,
    agent_id: String,
    profile_id: String,
) -> Result<(), WireError> {
    let (ctx, _, dir) = store_for(&env.0, &agent_id)?;
    authtray_core::store::remove_profile(&ctx, &dir, &profile_id).map_err(|e| match e {
        authtray_core::store::StoreError::Rejected(m) => WireError::new(ErrorCode::NotFound, m),
        other => WireError::new(ErrorCode::Unavailable, other.to_string()),
    })
}

/// Restores the agent's store to the version before the last change.
#[tauri::command]
pub fn undo_change(env: State<'_, AppEnv>, agent_id: String) -> Result<(), WireError> {
    let (ctx, _, dir) = store_for(&env.0, &agent_id)?;
    authtray_core::store::undo(&ctx, &dir)
        .map(|_| ())
        .map_err(|e| WireError::new(ErrorCode::NotFound, e.to_string()))
}

/// Renames a profile in the agent's own store (order and stats follow it).
#[tauri::command]
pub fn rename_profile(
    env: State<'_, AppEnv>,
    agent_id: String,
    from: String,
    to: String,
) -> Result<(), WireError> {
    let to = to.trim();
    if to.is_empty() || !to.contains(':') {
        return Err(WireError::new(
            ErrorCode::InvalidInput,
            "a profile id looks like provider:name, e.g. anthropic:work",
        ));
    }
    let (ctx, _, dir) = store_for(&env.0, &agent_id)?;
    authtray_core::store::rename_profile(&ctx, &dir, &from, to)
        .map_err(|e| WireError::new(ErrorCode::InvalidInput, e.to_string()))
}
