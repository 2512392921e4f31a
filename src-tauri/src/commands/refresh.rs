//! Refresh from the window or the tray: the same owner-aware engine as
//! `authtray-cli refresh` (refresh lock, then store lock; never a token
//! Authtray does not own).

use crate::AppEnv;
use crate::error::{ErrorCode, WireError};
use authtray_core::refresh::{Attempted, Outcome, run_preferred};
use authtray_core::store::StoreContext;
use authtray_core::time::{format_remaining, now_ms};
use authtray_core::{Config, Env, StateDir, config_path, discover};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RefreshStatus {
    Refreshed,
    Skipped,
    NeedsReconnect,
    Failed,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefreshResult {
    pub agent_id: String,
    pub profile_id: String,
    pub status: RefreshStatus,
    pub message: String,
}

/// Refreshes store-owned OAuth profiles of every agent (or one): with
/// `due_only`, those within the refresh window, else all now.
fn refresh_agents(
    env: &Env,
    agent_id: Option<&str>,
    profile_id: Option<&str>,
    due_only: bool,
) -> Result<Vec<RefreshResult>, WireError> {
    let state = StateDir::resolve(env);
    let config = Config::read(&config_path(env, &state)).map_err(|e| e.to_string());
    let agents: Vec<_> = discover(env, &state, config)?
        .agents
        .into_iter()
        .filter(|a| agent_id.is_none_or(|id| a.id == id))
        .map(|a| (a.id, a.agent_dir))
        .collect();
    let ctx = StoreContext::new(env, state);
    let attempts = run_preferred(&ctx, env, &agents, due_only, profile_id)
        .map_err(|e| WireError::new(ErrorCode::Unreadable, e.to_string()))?;
    Ok(attempts.into_iter().map(result).collect())
}

fn result(a: Attempted) -> RefreshResult {
    let (status, message) = match a.outcome {
        Outcome::Refreshed { expires } => (
            RefreshStatus::Refreshed,
            format!("valid for {}", format_remaining(expires - now_ms())),
        ),
        Outcome::Skipped(why) => (RefreshStatus::Skipped, why),
        Outcome::NeedsReconnect(why) => (RefreshStatus::NeedsReconnect, why),
        Outcome::Failed { reason, retry_at } => (
            RefreshStatus::Failed,
            format!(
                "{reason}; next try in {}",
                format_remaining(retry_at - now_ms())
            ),
        ),
    };
    RefreshResult {
        agent_id: a.candidate.agent_id,
        profile_id: a.candidate.profile_id,
        status,
        message,
    }
}

/// Refresh now (a profile, an agent, or everything due).
#[tauri::command]
pub async fn refresh_now(
    env: State<'_, AppEnv>,
    agent_id: Option<String>,
    profile_id: Option<String>,
    due_only: bool,
) -> Result<Vec<RefreshResult>, WireError> {
    let env = env.0.clone();
    tauri::async_runtime::spawn_blocking(move || {
        refresh_agents(&env, agent_id.as_deref(), profile_id.as_deref(), due_only)
    })
    .await
    .map_err(|e| WireError::new(ErrorCode::Internal, e.to_string()))?
}
