//! Authtray's own settings, in its data dir (`settings.json`): background
//! refresh on or off, and its window.

use crate::time::{EpochMs, MINUTE};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    /// Refresh store-owned OAuth profiles before they expire.
    pub background_refresh: bool,
    /// How long before expiry, in minutes.
    pub refresh_window_minutes: u32,
    /// Also refresh profiles OpenClaw has not used for two weeks, so their
    /// refresh tokens do not age out.
    pub keep_inactive_alive: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            background_refresh: true,
            refresh_window_minutes: 10,
            keep_inactive_alive: false,
        }
    }
}

impl Preferences {
    /// Missing or unreadable settings are the defaults.
    pub fn load(data_dir: &Path) -> Self {
        std::fs::read(data_dir.join("settings.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), crate::store::io::FileError> {
        crate::store::io::save_private_json(&data_dir.join("settings.json"), self)
    }

    pub fn refresh_window(&self) -> EpochMs {
        EpochMs::from(self.refresh_window_minutes.clamp(1, 24 * 60)) * MINUTE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_on_with_ten_minutes_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Preferences::load(dir.path()), Preferences::default());
        let p = Preferences {
            background_refresh: false,
            refresh_window_minutes: 30,
            keep_inactive_alive: true,
        };
        p.save(dir.path()).unwrap();
        assert_eq!(Preferences::load(dir.path()), p);
        assert_eq!(p.refresh_window(), 30 * MINUTE);
    }
}
