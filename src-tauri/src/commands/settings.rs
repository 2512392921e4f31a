use crate::error::{ErrorCode, WireError};
use serde::Serialize;
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
    host: State<'_, TrayHost>,
) -> Result<Settings, WireError> {
    let start_at_login = app.autolaunch().is_enabled().map_err(autostart_error)?;
    Ok(Settings {
        start_at_login,
        tray_host: host.0,
    })
}

#[tauri::command]
pub fn set_start_at_login<R: Runtime>(
    app: AppHandle<R>,
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
    get_settings(app, host)
}
