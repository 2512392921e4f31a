//! Desktop notifications (org.freedesktop.Notifications on Linux). They name
//! the agent and the profile, never a secret.

use authtray_core::notice::Notice;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

pub fn send<R: Runtime>(app: &AppHandle<R>, n: &Notice) {
    if let Err(e) = app
        .notification()
        .builder()
        .title(&n.title)
        .body(&n.body)
        .show()
    {
        eprintln!("authtray: notification not shown ({}): {e}", n.title);
    }
}
