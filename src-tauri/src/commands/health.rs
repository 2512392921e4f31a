use crate::AppEnv;
use authtray_core::health::DEFAULT_WARN_MS;
use authtray_core::time::now_ms;
use authtray_core::tray::{TrayModel, snapshot};
use tauri::State;

/// What needs attention now, as the tray shows it.
#[tauri::command]
pub fn get_health(env: State<'_, AppEnv>) -> TrayModel {
    snapshot(&env.0, now_ms(), DEFAULT_WARN_MS).1
}
