//! Why the monitor wakes up: sent by the file watchers, the tray menu and
//! the settings commands.

use authtray_core::time::EpochMs;
use std::sync::mpsc::Sender;

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

/// Handle to the running monitor (managed state).
#[derive(Clone)]
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
