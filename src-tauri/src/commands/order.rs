//! The priority of an agent's profiles per provider: set by the user (this
//! agent's own order or the global `auth.order`) or reset to automatic.

use crate::AppEnv;
use crate::commands::perform;
use crate::error::WireError;
use authtray_core::app::ops::{SetOrder, SuggestOrder};
use authtray_core::app::order::OrderScope;
use authtray_core::app::usage::SuggestedOrder;
use tauri::State;

/// Sets the order of `provider` to `profile_ids` where `scope` says.
#[tauri::command(async)]
#[specta::specta]
pub fn set_order(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
    provider: String,
    profile_ids: Vec<String>,
    scope: OrderScope,
) -> Result<(), WireError> {
    let verb = SetOrder {
        agent: agent_id,
        provider,
        profile_ids: Some(profile_ids),
        scope,
    };
    perform(&env, host.as_deref(), verb)
}

/// Removes the order of `provider` where `scope` says ("Reset to automatic").
#[tauri::command(async)]
#[specta::specta]
pub fn reset_order(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
    provider: String,
    scope: OrderScope,
) -> Result<(), WireError> {
    let verb = SetOrder {
        agent: agent_id,
        provider,
        profile_ids: None,
        scope,
    };
    perform(&env, host.as_deref(), verb)
}

/// The order the accounts' remaining quota suggests for `provider`, with
/// why (applying it is `set_order`).
#[tauri::command(async)]
#[specta::specta]
pub fn suggest_order(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
    provider: String,
) -> Result<SuggestedOrder, WireError> {
    let verb = SuggestOrder {
        agent: agent_id,
        provider,
    };
    perform(&env, host.as_deref(), verb)
}
