//! What the page is told, typed: each event is a Rust type whose name and
//! payload are generated into `ui/src/lib/ipc.ts` (`events.*`), so neither
//! side spells an event name.

use authtray_core::attention::Attention;
use authtray_core::cli_logins::ExternalLogin;
use authtray_core::desktop::window_link::FocusProfile;
use serde::Serialize;

/// The install shown on this computer changed on disk (`files`), or a
/// minute passed and only the clock moved (`tick`: countdowns, nothing to
/// read again). Carries what needs attention now.
#[derive(Clone, Debug, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct InstallChanged {
    pub health: Attention,
    pub cause: ChangeCause,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ChangeCause {
    Files,
    Tick,
}

/// The logins Claude Code, Codex CLI and the others keep, after one changed.
#[derive(Clone, Debug, Serialize, specta::Type, tauri_specta::Event)]
pub struct ExternalLoginsChanged {
    pub logins: Vec<ExternalLogin>,
}

/// The tray asked to show a profile (an alert item was clicked).
#[derive(Clone, Debug, Serialize, specta::Type, tauri_specta::Event)]
pub struct FocusRequested {
    #[serde(flatten)]
    pub target: FocusProfile,
}
