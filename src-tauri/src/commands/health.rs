use crate::AppEnv;
use authtray_core::paths::data_dir;
use authtray_core::settings::Preferences;
use authtray_core::time::now_ms;
use authtray_core::tray::{TrayModel, snapshot};
use tauri::State;

/// What needs attention now, as the tray shows it.
#[tauri::command]
pub fn get_health(env: State<'_, AppEnv>) -> TrayModel {
    let warn_ms = Preferences::load(&data_dir(&env.0)).warn_ms();
    snapshot(&env.0, now_ms(), warn_ms).1
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
