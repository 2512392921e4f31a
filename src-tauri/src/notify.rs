//! Desktop notifications (org.freedesktop.Notifications on Linux). They name
//! the agent and the profile, never a secret.

use authtray_core::notice::Notice;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

pub fn send<R: Runtime>(app: &AppHandle<R>, n: &Notice) {
    send_text(app, &n.title, &n.body);
}

pub fn send_text<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        eprintln!("authtray: notification not shown ({title}): {e}");
    }
}
