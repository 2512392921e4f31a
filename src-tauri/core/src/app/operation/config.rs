//! `openclaw.json` edits of operations: under Authtray's own lock and
//! OpenClaw's config lock, from the file as it is, made again on what a
//! program that takes no lock wrote meanwhile.

use super::{AppError, CONFIG_ATTEMPTS, Listing, auth_map, listing};
use crate::config::{Config, ConfigError};
use crate::install::Install;
use crate::store::StoreError;
use crate::time::EpochMs;
use std::path::PathBuf;
use std::time::Duration;

/// Edits `openclaw.json` under Authtray's own lock and OpenClaw's config
/// lock (`openclaw.json.lock`, which OpenClaw's own config writes take),
/// from the file as it is now; when a program that takes no lock rewrote
/// it between the read and the rename, the edit is made again on what it
/// wrote (a few times, then [`ConfigError::Changed`]).
pub fn edit_config<T>(
    install: &mut Install,
    mut edit: impl FnMut(&mut Config) -> Result<T, ConfigError>,
) -> Result<T, AppError> {
    let _lock = install.lock()?;
    let sidecar = crate::store::lock::lock_path_for(install.config_path()).map_err(|source| {
        StoreError::Lock(crate::store::lock::LockError::Io {
            path: install.config_path().to_path_buf(),
            source,
        })
    })?;
    let policy =
        crate::store::lock::LockPolicy::CONFIG.with_budget(install.store().lock_policy.budget);
    let _openclaws = crate::store::lock::acquire(&sidecar, policy).map_err(StoreError::from)?;
    for attempt in 1.. {
        install.reload_config();
        let mut fresh = install.config()?.clone();
        match edit(&mut fresh) {
            Err(ConfigError::Changed { .. }) if attempt < CONFIG_ATTEMPTS => {
                std::thread::sleep(Duration::from_millis(5 * u64::from(attempt)));
            }
            Err(e) => {
                install.reload_config();
                return Err(e.into());
            }
            Ok(out) => {
                install.set_config(fresh);
                return Ok(out);
            }
        }
    }
    unreachable!("the loop returns")
}

/// Applies `listing` to `openclaw.json` (nothing is written when it is
/// already there): whether it changed, and the JSON5 original's backup.
pub(super) fn apply_listing(
    install: &mut Install,
    listing: &Listing,
    now: EpochMs,
) -> Result<(bool, Option<PathBuf>), AppError> {
    change_listing(install, now, |auth| listing.apply(auth)).map(|(a, b)| (a.changed, b))
}

pub(super) fn change_listing(
    install: &mut Install,
    now: EpochMs,
    change: impl Fn(&mut serde_json::Map<String, serde_json::Value>) -> listing::Applied,
) -> Result<(listing::Applied, Option<PathBuf>), AppError> {
    edit_config(install, |c| {
        let mut auth = auth_map(c);
        let applied = change(&mut auth);
        if !applied.changed {
            return Ok((applied, None));
        }
        let backup = c.update_auth(now, |a| {
            change(a);
        })?;
        Ok((applied, backup))
    })
}
