//! What needs attention, the logins other CLIs keep, and the profile the
//! tray asked the window to show.

use crate::AppEnv;
use crate::commands::{install, perform};
use crate::error::WireError;
use authtray_core::app::ops::Op;
use authtray_core::app::status::health;
use authtray_core::attention::Attention;
use authtray_core::time::now_ms;
use serde_json::Value;
use tauri::State;

/// What needs attention now, as the tray shows it (this computer's
/// install, or `host`'s).
#[tauri::command(async)]
pub fn get_health(env: State<'_, AppEnv>, host: Option<String>) -> Result<Value, WireError> {
    if host.is_some() {
        return perform(&env, host.as_deref(), Op::Health);
    }
    let install = install(&env);
    let warn_ms = install.warn_ms();
    let model: Attention = health(&install, now_ms(), warn_ms).1;
    Ok(serde_json::to_value(model).expect("the tray model serialises"))
}

/// The logins Claude Code, Codex CLI, MiniMax CLI and Gemini CLI keep, read
/// only and without their secrets (files only: never a Keychain item).
#[tauri::command]
pub fn list_external(env: State<'_, AppEnv>) -> Vec<authtray_core::cli_logins::ExternalLogin> {
    authtray_core::cli_logins::all(&env.0)
}

/// The profile the tray asked to show before this window existed, once.
#[tauri::command]
pub fn take_focus_request(
    pending: State<'_, crate::window::PendingFocus>,
) -> Option<crate::window::FocusProfile> {
    pending.take()
}
