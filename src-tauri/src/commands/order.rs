//! The priority of an agent's profiles per provider: set by the user (this
//! agent's own order or the global `auth.order`) or reset to automatic.

use crate::AppEnv;
use crate::commands::install;
use crate::error::WireError;
use authtray_core::app::order::{OrderScope, set};
use authtray_core::time::now_ms;
use tauri::State;

/// Sets the order of `provider` to `profile_ids` where `scope` says.
#[tauri::command]
pub fn set_order(
    env: State<'_, AppEnv>,
    agent_id: String,
    provider: String,
    profile_ids: Vec<String>,
    scope: OrderScope,
) -> Result<(), WireError> {
    let ids = Some(profile_ids.as_slice());
    set(
        &mut install(&env),
        Some(&agent_id),
        &provider,
        ids,
        scope,
        now_ms(),
    )?;
    Ok(())
}

/// Removes the order of `provider` where `scope` says ("Reset to automatic").
#[tauri::command]
pub fn reset_order(
    env: State<'_, AppEnv>,
    agent_id: String,
    provider: String,
    scope: OrderScope,
) -> Result<(), WireError> {
    set(
        &mut install(&env),
        Some(&agent_id),
        &provider,
        None,
        scope,
        now_ms(),
    )?;
    Ok(())
}
