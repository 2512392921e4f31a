//! The priority of an agent's profiles per provider: set by the user (this
//! agent's own order or the global `auth.order`) or reset to automatic.

use crate::AppEnv;
use crate::commands::store_for;
use crate::error::{ErrorCode, WireError};
use authtray_core::order::{OrderError, OrderScope, set_order as set};
use authtray_core::time::now_ms;
use tauri::State;

fn wire(e: OrderError) -> WireError {
    let code = match &e {
        OrderError::Invalid(_) => ErrorCode::InvalidInput,
        OrderError::Store(authtray_core::store::StoreError::Rejected(_)) => ErrorCode::NotFound,
        OrderError::Store(_) | OrderError::Config(_) => ErrorCode::Unavailable,
    };
    WireError::new(code, e.to_string())
}

/// Sets the order of `provider` to `profile_ids` where `scope` says.
#[tauri::command]
pub fn set_order(
    env: State<'_, AppEnv>,
    agent_id: String,
    provider: String,
    profile_ids: Vec<String>,
    scope: OrderScope,
) -> Result<(), WireError> {
    change(&env, &agent_id, &provider, Some(&profile_ids), scope)
}

/// Removes the order of `provider` where `scope` says ("Reset to automatic").
#[tauri::command]
pub fn reset_order(
    env: State<'_, AppEnv>,
    agent_id: String,
    provider: String,
    scope: OrderScope,
) -> Result<(), WireError> {
    change(&env, &agent_id, &provider, None, scope)
}

fn change(
    env: &AppEnv,
    agent_id: &str,
    provider: &str,
    ids: Option<&[String]>,
    scope: OrderScope,
) -> Result<(), WireError> {
    let (ctx, mut config, dir) = store_for(&env.0, agent_id)?;
    set(
        &ctx,
        &mut config,
        agent_id,
        &dir,
        provider,
        ids,
        scope,
        now_ms(),
    )
    .map(|_| ())
    .map_err(wire)
}
