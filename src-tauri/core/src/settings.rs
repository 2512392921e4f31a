//! Authtray's own settings, in its data dir (`settings.json`): background
//! refresh, the warning window, notifications, theme and a state dir override.

use crate::paths::Env;
use crate::time::{EpochMs, HOUR, MINUTE};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How the window looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Follow the system's light or dark setting.
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    /// Refresh store-owned OAuth profiles before they expire.
    pub background_refresh: bool,
    /// How long before expiry, in minutes.
    pub refresh_window_minutes: u32,
    /// Also refresh profiles OpenClaw has not used for two weeks, so their
    /// refresh tokens do not age out.
    pub keep_inactive_alive: bool,
    /// Warn this many hours before a login that really ends expires.
    pub warn_hours: u32,
    /// Desktop notifications for alerts (the tray shows them either way).
    pub notifications: bool,
    pub theme: Theme,
    /// The OpenClaw state dir to use when `OPENCLAW_STATE_DIR` is not set
    /// (applies from the next start).
    pub state_dir: Option<PathBuf>,
    /// Installs on other machines, as `ssh` names their hosts, in the
    /// order they were added.
    pub remote_hosts: Vec<String>,
    /// Ask providers how much quota each account has left (off: no usage
    /// request is ever made).
    pub usage_checks: bool,
    /// Reapply *Suggest order* when usage changes (at most every ten
    /// minutes, never over an order the user set).
    pub keep_order_by_quota: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            background_refresh: true,
            refresh_window_minutes: 10,
            keep_inactive_alive: false,
            warn_hours: 24,
            notifications: true,
            theme: Theme::System,
            state_dir: None,
            remote_hosts: Vec::new(),
            usage_checks: true,
            keep_order_by_quota: false,
        }
    }
}

/// A setting that cannot be saved as asked.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("the warning window is between 1 hour and 30 days (720 hours), not {hours} hours")]
    WarnWindow { hours: u32 },
    #[error(
        "{} is not a folder; pick the folder that holds openclaw.json and agents/", path.display()
    )]
    NotAFolder { path: PathBuf },
    #[error(transparent)]
    File(#[from] crate::files::FileError),
}

impl crate::error::Classify for SettingsError {
    fn code(&self) -> crate::error::ErrorCode {
        use crate::error::ErrorCode;
        match self {
            Self::WarnWindow { .. } | Self::NotAFolder { .. } => ErrorCode::InvalidInput,
            Self::File(e) => e.code(),
        }
    }
}

impl Preferences {
    /// Loads the preferences, applies `change` and saves them.
    pub fn change(
        data_dir: &Path,
        change: impl FnOnce(&mut Self) -> Result<(), SettingsError>,
    ) -> Result<Self, SettingsError> {
        let mut prefs = Self::load(data_dir);
        change(&mut prefs)?;
        prefs.save(data_dir)?;
        Ok(prefs)
    }

    /// The warning window (1 hour to 30 days) and desktop notifications.
    pub fn set_alerts(
        &mut self,
        warn_hours: u32,
        notifications: bool,
    ) -> Result<(), SettingsError> {
        if !(1..=30 * 24).contains(&warn_hours) {
            return Err(SettingsError::WarnWindow { hours: warn_hours });
        }
        self.warn_hours = warn_hours;
        self.notifications = notifications;
        Ok(())
    }

    /// Sets (or with `None`/blank clears) the state dir override; it must
    /// be an existing folder (`~` and relative paths resolved in `env`).
    pub fn set_state_dir(&mut self, env: &Env, path: Option<&str>) -> Result<(), SettingsError> {
        self.state_dir = match path.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(p) => {
                let dir = env.resolve_user_path(p);
                if !dir.is_dir() {
                    return Err(SettingsError::NotAFolder { path: dir });
                }
                Some(dir)
            }
        };
        Ok(())
    }

    /// Missing or unreadable settings are the defaults.
    pub fn load(data_dir: &Path) -> Self {
        crate::files::load_json_or_default(&data_dir.join("settings.json"))
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), crate::files::FileError> {
        crate::files::save_private_json(&data_dir.join("settings.json"), self)
    }

    /// The warning window, between 1 hour and 30 days.
    pub fn warn_ms(&self) -> EpochMs {
        EpochMs::from(self.warn_hours.clamp(1, 30 * 24)) * HOUR
    }

    /// `env` with the state dir override applied; the environment's own
    /// `OPENCLAW_STATE_DIR` (what OpenClaw itself uses) wins.
    pub fn apply_state_dir(&self, env: Env) -> Env {
        match &self.state_dir {
            Some(dir) if env.var("OPENCLAW_STATE_DIR").is_none() => {
                env.with_var("OPENCLAW_STATE_DIR", &dir.display().to_string())
            }
            _ => env,
        }
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
            warn_hours: 48,
            notifications: false,
            theme: Theme::Dark,
            state_dir: Some("/srv/openclaw".into()),
            remote_hosts: vec!["gw".into(), "pi@home".into()],
            usage_checks: false,
            keep_order_by_quota: true,
        };
        p.save(dir.path()).unwrap();
        assert_eq!(Preferences::load(dir.path()), p);
        assert_eq!(p.refresh_window(), 30 * MINUTE);
        assert_eq!(p.warn_ms(), 48 * HOUR);
    }

    #[test]
    fn older_settings_files_get_the_new_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("settings.json"),
            br#"{"backgroundRefresh":false}"#,
        )
        .unwrap();
        let p = Preferences::load(dir.path());
        assert!(!p.background_refresh);
        assert_eq!(
            (p.warn_hours, p.notifications, p.theme),
            (24, true, Theme::System)
        );
    }

    #[test]
    fn out_of_range_windows_and_missing_folders_are_refused_and_nothing_saved() {
        let dir = tempfile::tempdir().unwrap();
        let err = Preferences::change(dir.path(), |p| p.set_alerts(0, true)).unwrap_err();
        assert!(
            matches!(err, SettingsError::WarnWindow { hours: 0 }),
            "{err}"
        );
        assert!(Preferences::change(dir.path(), |p| p.set_alerts(721, true)).is_err());
        let missing = dir.path().join("nope");
        let err = Preferences::change(dir.path(), |p| {
            p.set_state_dir(&Env::default(), Some(missing.to_str().unwrap()))
        })
        .unwrap_err();
        assert!(err.to_string().contains("is not a folder"), "{err}");
        assert!(!dir.path().join("settings.json").exists());
        let saved = Preferences::change(dir.path(), |p| {
            p.set_alerts(48, false)?;
            p.set_state_dir(&Env::default(), Some(dir.path().to_str().unwrap()))
        })
        .unwrap();
        assert_eq!(Preferences::load(dir.path()), saved);
        assert_eq!(saved.state_dir.as_deref(), Some(dir.path()));
    }

    #[test]
    fn the_state_dir_override_yields_to_the_environment() {
        let p = Preferences {
            state_dir: Some("/srv/openclaw".into()),
            ..Preferences::default()
        };
        let applied = p.apply_state_dir(Env::default());
        assert_eq!(applied.var("OPENCLAW_STATE_DIR"), Some("/srv/openclaw"));
        let env = Env::default().with_var("OPENCLAW_STATE_DIR", "/home/me/.oc");
        assert_eq!(
            p.apply_state_dir(env).var("OPENCLAW_STATE_DIR"),
            Some("/home/me/.oc")
        );
    }
}
