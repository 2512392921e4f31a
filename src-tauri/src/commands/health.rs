//! What needs attention, the logins other CLIs keep, and the profile the
//! tray asked the window to show.

use crate::AppEnv;
use crate::commands::{install, preferences};
use authtray_core::app::status::health;
use authtray_core::time::now_ms;
use authtray_core::tray::TrayModel;
use tauri::State;

/// What needs attention now, as the tray shows it.
#[tauri::command]
pub fn get_health(env: State<'_, AppEnv>) -> TrayModel {
    let install = install(&env);
    let warn_ms = preferences(&install).warn_ms();
    health(&install, now_ms(), warn_ms).1
}

/// The logins Claude Code, Codex CLI, MiniMax CLI and Gemini CLI keep, read
/// only and without their secrets (files only: never a Keychain item).
#[tauri::command]
pub fn list_external(env: State<'_, AppEnv>) -> Vec<authtray_core::external::ExternalLogin> {
    authtray_core::external::all(&env.0)
}

/// The profile the tray asked to show before this window existed, once.
#[tauri::command]
pub fn take_focus_request(
    pending: State<'_, crate::tray::PendingFocus>,
) -> Option<crate::tray::FocusProfile> {
    pending.0.lock().expect("pending focus").take()
}
