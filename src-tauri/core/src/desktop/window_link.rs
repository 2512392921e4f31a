//! The tray process and the window process it starts: which binary the
//! window is, the lines the tray writes to its stdin, and the exit code by
//! which the window asks for a restart.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Exit code of a window process asking the tray process to restart
/// (a new state dir was picked).
pub const RESTART: i32 = 75;

/// The desktop app's binary (the window, `authtray --window`), beside the
/// tray's binary (`authtray-tray`): both are installed in one folder.
pub const WINDOW_BINARY: &str = if cfg!(windows) {
    "authtray.exe"
} else {
    "authtray"
};

/// The light tray binary `authtray` hands the tray role to.
pub const TRAY_BINARY: &str = if cfg!(windows) {
    "authtray-tray.exe"
} else {
    "authtray-tray"
};

/// `name` in the folder of the running binary `exe`.
pub fn beside(exe: &Path, name: &str) -> PathBuf {
    exe.with_file_name(name)
}

/// Payload of the `focus-profile` event the window receives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FocusProfile {
    pub agent_id: String,
    pub profile_id: String,
    /// The install's host when it is on another machine.
    pub host: Option<String>,
}

/// What the tray process tells the window process, one line each on its stdin.
#[derive(Debug, PartialEq)]
pub enum FromTray {
    Show,
    Focus(FocusProfile),
    Quit,
}

impl FromTray {
    pub fn line(&self) -> String {
        match self {
            Self::Show => "show".into(),
            Self::Quit => "quit".into(),
            Self::Focus(f) => format!("focus {}", serde_json::to_string(f).expect("focus json")),
        }
    }

    pub fn parse(line: &str) -> Option<Self> {
        match line.trim_end().split_once(' ') {
            None if line.trim_end() == "show" => Some(Self::Show),
            None if line.trim_end() == "quit" => Some(Self::Quit),
            Some(("focus", json)) => serde_json::from_str(json).ok().map(Self::Focus),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tray_s_lines_read_back_and_nothing_else_is_taken() {
        let focus = FromTray::Focus(FocusProfile {
            agent_id: "work".into(),
            profile_id: "anthropic:a b".into(),
            host: Some("gw".into()),
        });
        for m in [FromTray::Show, FromTray::Quit, focus] {
            assert_eq!(FromTray::parse(&(m.line() + "\n")), Some(m));
        }
        assert_eq!(FromTray::parse("focus {not json"), None);
        assert_eq!(FromTray::parse("rm -rf"), None);
        assert_eq!(FromTray::parse(""), None);
    }

    #[test]
    fn the_window_is_the_binary_beside_the_tray() {
        assert_eq!(
            beside(Path::new("/usr/bin/authtray-tray"), WINDOW_BINARY),
            Path::new("/usr/bin").join(format!("authtray{}", std::env::consts::EXE_SUFFIX))
        );
    }
}
