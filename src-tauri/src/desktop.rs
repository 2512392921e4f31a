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

/// Which process this is: the tray (the default: tray, monitor, checks,
/// notifications, no webview) or the window (`--window`: the UI and its
/// commands; `--from-tray` when the tray process started it and talks to it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Role {
    Tray,
    Window { from_tray: bool },
}

impl Role {
    pub fn of(args: &[String]) -> Self {
        if args.iter().any(|a| a == "--window") {
            Self::Window {
                from_tray: args.iter().any(|a| a == "--from-tray"),
            }
        } else {
            Self::Tray
        }
    }
}

/// Where the tray process keeps the user's own `GDK_GL` (`-` when unset)
/// for the window process, having turned GDK's GL off for itself: a tray
/// needs no OpenGL, and loading the driver costs tens of MB (Mesa's
/// llvmpipe alone is 44 MB resident).
const USERS_GDK_GL: &str = "AUTHTRAY_USERS_GDK_GL";

/// Called first thing in the tray process: starts it again without GL
/// (Linux; the environment cannot be changed safely once running).
pub fn tray_without_gl() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(USERS_GDK_GL).is_none() {
        use std::os::unix::process::CommandExt;
        let users = std::env::var("GDK_GL").map_or("-".to_owned(), |v| format!("={v}"));
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let err = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env(USERS_GDK_GL, users)
            .env("GDK_GL", "disable")
            .exec();
        eprintln!("authtray: starting without GL failed, going on with it: {err}");
    }
}

/// Gives a child (the window process) the user's own `GDK_GL` back.
pub fn restore_gdk_gl(cmd: &mut std::process::Command) {
    match std::env::var(USERS_GDK_GL).ok().as_deref() {
        Some(v) if v.starts_with('=') => cmd.env("GDK_GL", &v[1..]),
        Some(_) => cmd.env_remove("GDK_GL"),
        None => cmd,
    }
    .env_remove(USERS_GDK_GL);
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

    #[test]
    fn the_window_process_is_asked_for_by_name() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(Role::of(&args(&["authtray"])), Role::Tray);
        assert_eq!(Role::of(&args(&["authtray", "--hidden"])), Role::Tray);
        assert_eq!(
            Role::of(&args(&["authtray", "--window"])),
            Role::Window { from_tray: false }
        );
        assert_eq!(
            Role::of(&args(&["authtray", "--window", "--from-tray"])),
            Role::Window { from_tray: true }
        );
    }
}
