//! Desktop notifications (org.freedesktop.Notifications on Linux). They name
//! the agent and the profile, never a secret.

pub fn send(title: &str, body: &str) {
    if let Err(e) = notify_rust::Notification::new()
        .appname("Authtray")
        .summary(title)
        .body(body)
        .show()
    {
        eprintln!("authtray: notification not shown ({title}): {e}");
    }
}
