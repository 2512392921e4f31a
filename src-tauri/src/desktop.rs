//! Facts about the desktop the app runs on that decide how it shows itself.

/// Whether a system tray host is running. On Linux the tray is an
/// AppIndicator (StatusNotifierItem): without a StatusNotifierWatcher on the
/// session bus (stock GNOME) the icon is not shown anywhere, so the window
/// must stay reachable. Elsewhere the OS always has a tray.
pub fn tray_host_running() -> bool {
    #[cfg(target_os = "linux")]
    {
        let has_owner = || -> zbus::Result<bool> {
            let bus = zbus::blocking::Connection::session()?;
            let reply = bus.call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus"),
                "NameHasOwner",
                &("org.kde.StatusNotifierWatcher",),
            )?;
            reply.body().deserialize::<bool>()
        };
        has_owner().unwrap_or(false)
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

/// Started by the login item (`--hidden`): stay in the tray if there is one.
pub fn start_hidden(args: &[String], tray_host: bool) -> bool {
    tray_host && args.iter().any(|a| a == "--hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_only_with_a_tray_to_come_back_from() {
        let hidden = vec!["authtray".to_string(), "--hidden".to_string()];
        assert!(start_hidden(&hidden, true));
        assert!(
            !start_hidden(&hidden, false),
            "no tray host: the window is the only way in"
        );
        assert!(!start_hidden(&["authtray".to_string()], true));
    }
}
