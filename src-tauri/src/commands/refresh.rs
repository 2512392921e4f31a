//! Refresh from the window or the tray: the same owner-aware engine as
//! `authtray-cli refresh` (refresh lock, then store lock; never a token
//! Authtray does not own).

use crate::AppEnv;
use crate::commands::{here_only, install};
use crate::error::{ErrorCode, WireError};
use authtray_core::app::refresh::{RefreshResult, run_preferred};
use tauri::State;

/// Refresh now (a profile, an agent, or everything due).
#[tauri::command]
#[specta::specta]
pub async fn refresh_now(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: Option<String>,
    profile_id: Option<String>,
    due_only: bool,
) -> Result<Vec<RefreshResult>, WireError> {
    // A store-owned login there is refreshed there (its gateway, or
    // authtray-cli refresh run there), never with a token copy here.
    here_only(&host, "Refreshing", "refresh")?;
    let install = install(&env);
    tauri::async_runtime::spawn_blocking(move || {
        run_preferred(
            &install,
            agent_id.as_deref(),
            profile_id.as_deref(),
            due_only,
        )
    })
    .await
    .map_err(|e| WireError::new(ErrorCode::Internal, e.to_string()))?
    .map_err(WireError::from)
}
