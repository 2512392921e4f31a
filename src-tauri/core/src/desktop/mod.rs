//! What the two desktop processes share, with no GUI toolkit: the tray
//! process (`authtray-tray`: tray icon, monitor, notifications, checks) and
//! the window process (`authtray --window`: the UI). File watches and the
//! monitor's wake-ups ([`watch`], [`Wake`]), the lines the tray tells the
//! window ([`window_link`]), and facts about the desktop.

pub mod watch;
pub mod window_link;

use crate::paths::{Env, data_dir};
use crate::settings::Preferences;
use crate::time::EpochMs;
use std::sync::mpsc::Sender;

/// Why a monitor wakes up: sent by the file watchers, the tray menu and
/// the settings commands.
#[derive(Debug)]
pub enum Wake {
    FilesChanged,
    CheckNow,
    /// Refresh the profiles that are due now (tray item), then check.
    RefreshDue,
    /// A CLI's login file changed (Claude Code, Codex CLI, …).
    ExternalChanged,
    /// Authtray's settings changed (in the window process, or by the CLI).
    SettingsChanged,
    /// Pause alerts until a time, or resume with `None`.
    Pause(Option<EpochMs>),
}

/// Handle to a running monitor.
#[derive(Clone, Debug)]
pub struct Monitor {
    tx: Sender<Wake>,
}

impl Monitor {
    pub fn new(tx: Sender<Wake>) -> Self {
        Self { tx }
    }

    pub fn wake(&self, why: Wake) {
        let _ = self.tx.send(why);
    }
}

/// The environment of both desktop processes: the user's, with the state
/// dir picked in the window (if any).
pub fn app_env() -> Env {
    let env = Env::from_process();
    Preferences::load(&data_dir(&env)).apply_state_dir(env)
}

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
