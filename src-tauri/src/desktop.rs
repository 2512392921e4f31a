//! Which process `authtray` is: the window (`--window`: the UI and its
//! commands; `--from-tray` when the tray process started it and talks to
//! it), or — by default — a start of the app, which hands the tray role to
//! `authtray-tray` beside it (a tray without any webview library).

use authtray_core::desktop::window_link::{TRAY_BINARY, beside};

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

/// Becomes the tray process: `authtray-tray` with the same arguments (the
/// desktop entry, the login item and a second start all run `authtray`).
/// Returns only if that failed, with the error to show.
pub fn hand_to_tray(args: &[String]) -> String {
    let tray = match std::env::current_exe() {
        Ok(exe) => beside(&exe, TRAY_BINARY),
        Err(e) => return format!("cannot tell where this program is: {e}"),
    };
    let mut cmd = std::process::Command::new(&tray);
    cmd.args(args.iter().skip(1));
    #[cfg(unix)]
    let err = std::os::unix::process::CommandExt::exec(&mut cmd);
    // No exec on Windows: the tray starts on its own and this process
    // ends at once (the tray is a GUI program: no console comes with it).
    #[cfg(not(unix))]
    let err = match cmd.spawn() {
        Ok(_) => std::process::exit(0),
        Err(e) => e,
    };
    format!(
        "cannot start the tray ({}): {err}; reinstall Authtray",
        tray.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_missing_tray_binary_is_named() {
        // The test binary has no authtray-tray beside it.
        let err = hand_to_tray(&["authtray".into()]);
        assert!(
            err.contains("authtray-tray") && err.contains("reinstall"),
            "{err}"
        );
    }
}
