//! Settings: the preferences core keeps (and checks), the login item, and
//! the facts the Settings view shows.

use crate::AppEnv;
use crate::error::{ErrorCode, WireError};
use authtray_core::paths::data_dir;
use authtray_core::settings::{Preferences, SettingsError, Theme};
use serde::Serialize;
use tauri::Manager;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_autostart::ManagerExt;

/// Facts and choices the Settings view shows: the preferences core keeps,
/// and two facts of this desktop.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Start Authtray (hidden in the tray) when the user logs in.
    pub start_at_login: bool,
    /// A system tray is there to show the icon (false on stock GNOME).
    pub tray_host: bool,
    #[serde(flatten)]
    pub preferences: Preferences,
}

/// Whether a tray host was found at startup (managed state).
pub struct TrayHost(pub bool);

/// Whether this window process was started by the tray process (managed state).
pub struct StartedByTray(pub bool);

fn autostart_error(e: impl std::fmt::Display) -> WireError {
    WireError::new(
        ErrorCode::Internal,
        format!("cannot change the login item: {e}"),
    )
}

#[tauri::command]
#[specta::specta]
pub fn get_settings<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
) -> Result<Settings, WireError> {
    let start_at_login = app.autolaunch().is_enabled().map_err(autostart_error)?;
    Ok(Settings {
        start_at_login,
        tray_host: host.0,
        preferences: Preferences::load(&data_dir(&env.0)),
    })
}

/// Changes the preferences (core checks the values); the monitor
/// re-evaluates at once.
fn change_preferences<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
    change: impl FnOnce(&mut Preferences) -> Result<(), SettingsError>,
) -> Result<Settings, WireError> {
    Preferences::change(&data_dir(&env.0), change)?;
    if let Some(monitor) = app.try_state::<authtray_core::desktop::Monitor>() {
        monitor.wake(authtray_core::desktop::Wake::CheckNow);
    }
    get_settings(app, env, host)
}

/// The warning window (1 hour to 30 days) and desktop notifications.
#[tauri::command]
#[specta::specta]
pub fn set_alerts<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
    warn_hours: u32,
    notifications: bool,
) -> Result<Settings, WireError> {
    change_preferences(app, env, host, |p| p.set_alerts(warn_hours, notifications))
}

#[tauri::command]
#[specta::specta]
pub fn set_theme<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
    theme: Theme,
) -> Result<Settings, WireError> {
    change_preferences(app, env, host, |p| {
        p.theme = theme;
        Ok(())
    })
}

/// Sets (or with `None` clears) the state dir override; it must be an
/// existing folder. Applies from the next start.
#[tauri::command]
#[specta::specta]
pub fn set_state_dir<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
    path: Option<String>,
) -> Result<Settings, WireError> {
    let resolve_in = env.0.clone();
    change_preferences(app, env, host, |p| {
        p.set_state_dir(&resolve_in, path.as_deref())
    })
}

/// Usage checks on or off (off: no usage request is made at all), and
/// *Keep order by quota*.
#[tauri::command]
#[specta::specta]
pub fn set_usage_checks<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
    enabled: bool,
    keep_order_by_quota: bool,
) -> Result<Settings, WireError> {
    change_preferences(app, env, host, |p| {
        p.usage_checks = enabled;
        p.keep_order_by_quota = keep_order_by_quota;
        Ok(())
    })
}

/// Starts Authtray again (after a state dir change).
#[tauri::command]
#[specta::specta]
pub fn restart_app<R: Runtime>(app: AppHandle<R>, by_tray: State<'_, StartedByTray>) {
    if by_tray.0 {
        // The tray process starts both again (its monitor reads the new dir too).
        app.exit(authtray_core::desktop::window_link::RESTART);
    } else {
        app.restart();
    }
}

/// Turns background refresh on or off; the monitor reschedules at once.
#[tauri::command]
#[specta::specta]
pub fn set_background_refresh<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: State<'_, TrayHost>,
    enabled: bool,
    keep_inactive_alive: bool,
) -> Result<Settings, WireError> {
    change_preferences(app, env, host, |p| {
        p.background_refresh = enabled;
        p.keep_inactive_alive = keep_inactive_alive;
        Ok(())
    })
}

#[tauri::command]
#[specta::specta]
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
