//! What needs attention, the logins other CLIs keep, and the profile the
//! tray asked the window to show.

use crate::AppEnv;
use crate::commands::perform;
use crate::error::WireError;
use authtray_core::app::ops::Health;
use authtray_core::attention::Attention;
use tauri::State;

/// What needs attention now, as the tray shows it (this computer's
/// install, or `host`'s).
#[tauri::command(async)]
#[specta::specta]
pub fn get_health(env: State<'_, AppEnv>, host: Option<String>) -> Result<Attention, WireError> {
    perform(&env, host.as_deref(), Health {})
}

/// The logins Claude Code, Codex CLI, MiniMax CLI and Gemini CLI keep, read
/// only and without their secrets (files only: never a Keychain item).
#[tauri::command]
#[specta::specta]
pub fn list_external(env: State<'_, AppEnv>) -> Vec<authtray_core::cli_logins::ExternalLogin> {
    authtray_core::cli_logins::all(&env.0)
}

/// The profile the tray asked to show before this window existed, once.
#[tauri::command]
#[specta::specta]
pub fn take_focus_request(
    pending: State<'_, crate::window::PendingFocus>,
) -> Option<crate::window::FocusProfile> {
    pending.take()
}
