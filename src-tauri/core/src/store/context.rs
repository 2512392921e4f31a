//! Where an install's stores are and how Authtray may write them: the
//! state dir, Authtray's data dir, the lock budget, the guards, the store
//! format, and whether a schema is one Authtray writes itself.

use super::StoreError;
use super::era::StoreFormat;
use super::location::{Layers, Location};
use super::lock::{self, LockPolicy};
use crate::paths::{Env, StateDir, data_dir};
use std::path::{Path, PathBuf};

/// Where stores live and how Authtray may write them.
#[derive(Clone, Debug)]
pub struct StoreContext {
    pub state: StateDir,
    /// Authtray's own data (undo history); never inside OpenClaw's dirs.
    pub data_dir: PathBuf,
    pub lock_policy: LockPolicy,
    /// `OPENCLAW_AUTH_STORE_READONLY=1` (§5.8).
    pub read_only: bool,
    /// `meta.lastTouchedVersion` of openclaw.json when it is a SQLite-era
    /// OpenClaw (Appendix A, signal 3).
    pub newer_openclaw: Option<String>,
    /// The store format of the install (JSON files or SQLite).
    pub format: StoreFormat,
    /// Database reads for display, kept while the files are unchanged.
    pub read_cache: std::sync::Arc<super::read_cache::ReadCache>,
    /// Direct writes where the schema is verified (`store::verified`);
    /// `AUTHTRAY_DIRECT_WRITES=off` turns them off everywhere — a setting
    /// for tests of the ways through OpenClaw itself.
    pub direct_writes: bool,
}

impl StoreContext {
    pub fn new(env: &Env, state: StateDir) -> Self {
        let format = StoreFormat::detect(&state, None);
        let data_dir = data_dir(env);
        Self {
            read_cache: std::sync::Arc::new(super::read_cache::ReadCache::new(&data_dir)),
            state,
            data_dir,
            lock_policy: LockPolicy::STORE,
            read_only: env.var("OPENCLAW_AUTH_STORE_READONLY") == Some("1"),
            newer_openclaw: None,
            format,
            direct_writes: env.var("AUTHTRAY_DIRECT_WRITES") != Some("off"),
        }
    }

    /// Whether Authtray writes `loc` itself: its schema is one verified
    /// against a release (and direct writes are not turned off). A broken
    /// state database is nobody's to write: the direct path refuses it,
    /// naming the file.
    pub fn writes_directly(&self, loc: &Location) -> bool {
        self.format.broken.is_some()
            || self.direct_writes
                && super::verified::verified(loc, self.format.state_version).unwrap_or(false)
    }

    /// Why writes to `loc` go through OpenClaw, in words (for errors).
    pub fn why_through_openclaw(&self) -> String {
        match self.format.state_version {
            _ if !self.direct_writes => "direct writes are turned off".into(),
            None => "OpenClaw has not created its database yet".into(),
            Some(v) if super::verified::of_state(v).is_none() => {
                format!("its schema {v} is not one Authtray writes itself")
            }
            Some(_) => "its agent database's schema is not one Authtray writes itself".into(),
        }
    }

    /// The schema check of a direct write to `loc` (version `version`).
    pub(super) fn writable(&self, loc: &Location, version: i64) -> Result<(), StoreError> {
        if self.writes_directly(loc) {
            return Ok(());
        }
        Err(StoreError::Unverified {
            path: loc.path(),
            version,
            releases: super::verified::releases(),
        })
    }

    /// [`Self::describe`] when it says something a user should know: the
    /// install is read by content and written through OpenClaw.
    pub fn write_note(&self) -> Option<String> {
        let unverified = self
            .format
            .state_version
            .is_some_and(|v| super::verified::of_state(v).is_none());
        (self.format.broken.is_none() && (unverified || !self.direct_writes))
            .then(|| self.describe())
    }

    /// The store era as people read it, with how writes are made.
    pub fn describe(&self) -> String {
        match (&self.format.broken, self.format.state_version) {
            (Some(_), _) => self.format.describe(),
            (None, Some(v)) if super::verified::of_state(v).is_none() || !self.direct_writes => {
                format!("OpenClaw schema {v}: read by content, writes go through OpenClaw")
            }
            (None, _) if !self.direct_writes => {
                format!("{}; writes go through OpenClaw", self.format.describe())
            }
            _ => self.format.describe(),
        }
    }

    /// Records a SQLite-era `meta.lastTouchedVersion` and detects the
    /// format again with it.
    pub fn with_newer_openclaw(mut self, version: Option<String>) -> Self {
        // Only a state dir without any database can change its mind.
        if version.is_some() && !self.format.is_sqlite() {
            self.format = StoreFormat::detect(&self.state, version.as_deref());
        }
        self.newer_openclaw = version;
        self
    }

    /// The stores agent `id` (folder `dir`) sees and writes.
    pub fn layers(&self, id: &str, dir: &Path) -> Layers {
        self.format.layers(&self.state, id, dir)
    }

    /// OpenClaw's per-profile OAuth refresh lock in this install's era.
    pub fn refresh_lock_path(&self, provider: &str, profile_id: &str) -> PathBuf {
        if self.format.is_sqlite() {
            lock::refresh_lock_path_v2(&self.state.path, provider, profile_id)
        } else {
            lock::refresh_lock_path(&self.state.path, provider, profile_id)
        }
    }

    /// A context for tests: state dir `<dir>/state`, Authtray's data in
    /// `<dir>/data`, with the environment that names them.
    #[cfg(test)]
    pub fn for_tests(dir: &Path) -> (crate::paths::Env, Self) {
        let env = crate::paths::Env::default()
            .with_var("AUTHTRAY_DATA_DIR", &dir.join("data").display().to_string());
        let ctx = Self::new(&env, StateDir::explicit(dir.join("state")));
        (env, ctx)
    }
}
