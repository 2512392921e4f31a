use crate::AppEnv;
use crate::error::{ErrorCode, WireError};
use authtray_core::paths::data_dir;
use authtray_core::settings::Preferences;
use serde::Serialize;
use tauri::Manager;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_autostart::ManagerExt;
use ts_rs::TS;

/// Facts and choices the Settings view shows.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Start Authtray (hidden in the tray) when the user logs in.
    pub start_at_login: bool,
    /// A system tray is there to show the icon (false on stock GNOME).
    pub tray_host: bool,
    /// Refresh store-owned OAuth profiles before they expire.
    pub background_refresh: bool,
    /// How long before expiry, in minutes.
    pub refresh_window_minutes: u32,
    /// Also keep profiles OpenClaw has not used for two weeks alive.
    pub keep_inactive_alive: bool,
}

/// Whether a tray host was found at startup (managed state).
pub struct TrayHost(pub bool);

fn autostart_error(e: impl std::fmt::Display) -> WireError {
    WireError::new(
        ErrorCode::Internal,
        format!("cannot change the login item: {e}"),
    )
}

#[tauri::command]
pub fn get_settings<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
) -> Result<Settings, WireError> {
    let start_at_login = app.autolaunch().is_enabled().map_err(autostart_error)?;
    let prefs = Preferences::load(&data_dir(&env.0));
    Ok(Settings {
        start_at_login,
        tray_host: host.0,
        background_refresh: prefs.background_refresh,
        refresh_window_minutes: prefs.refresh_window_minutes,
        keep_inactive_alive: prefs.keep_inactive_alive,
    })
}

/// Turns background refresh on or off; the monitor reschedules at once.
#[tauri::command]
pub fn set_background_refresh<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
    enabled: bool,
    keep_inactive_alive: bool,
) -> Result<Settings, WireError> {
    let dir = data_dir(&env.0);
    let prefs = Preferences {
        background_refresh: enabled,
        keep_inactive_alive,
        ..Preferences::load(&dir)
    };
    prefs
        .save(&dir)
        .map_err(|e| WireError::new(ErrorCode::Unavailable, e.to_string()))?;
    if let Some(monitor) = app.try_state::<crate::monitor::Monitor>() {
        monitor.wake(crate::monitor::Wake::CheckNow);
    }
    get_settings(app, env, host)
}

#[tauri::command]
pub fn set_start_at_login<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
    enabled: bool,
) -> Result<Settings, WireError> {
    let launcher = app.autolaunch();
    if enabled {
        launcher.enable()
    } else {
        launcher.disable()
    }
    .map_err(autostart_error)?;
    get_settings(app, env, host)
}
