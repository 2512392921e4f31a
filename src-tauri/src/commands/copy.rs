//! Copy secret: Rust reads the profile and writes the clipboard; the webview
//! gets the masked form only. The clipboard is cleared after
//! [`CLEAR_AFTER`] unless something else was copied meanwhile.

use crate::AppEnv;
use crate::commands::install;
use crate::error::{ErrorCode, WireError};
use authtray_core::app::profiles::secret_to_copy;
use std::time::Duration;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

pub const CLEAR_AFTER: Duration = Duration::from_secs(45);

/// Copies the key, token or access token of a profile; returns its mask.
#[tauri::command]
#[specta::specta]
pub fn copy_secret<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
    profile_id: String,
) -> Result<String, WireError> {
    if let Some(h) = host {
        return Err(WireError::new(
            ErrorCode::InvalidInput,
            format!(
                "secrets of the install on {h} stay there; Authtray does not copy them to this computer"
            ),
        ));
    }
    let secret = secret_to_copy(&install(&env), Some(&agent_id), &profile_id)?;
    app.clipboard()
        .write_text(secret.expose().to_owned())
        .map_err(|e| {
            WireError::new(
                ErrorCode::Unavailable,
                format!("cannot use the clipboard: {e}"),
            )
        })?;
    let masked = secret.masked();
    std::thread::spawn(move || {
        std::thread::sleep(CLEAR_AFTER);
        if app.clipboard().read_text().ok().as_deref() == Some(secret.expose()) {
            let _ = app.clipboard().write_text(String::new());
        }
    });
    Ok(masked)
}
