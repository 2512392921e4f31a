//! The one write path (§6.6): Authtray's own OS lock, OpenClaw's sidecar
//! lock, a fresh re-read of both files, the change, the previous version kept
//! for undo, atomic writes (`auth-profiles.json` first), release.

use super::StoreError;
use super::history::{self, Snapshot};
use super::io::{
    read_json, read_json_text, real_parent, remove_if_present, sync_dir, to_json_bytes,
    write_atomic, write_atomic_deferring_dir_sync,
};
use super::legacy;
use super::lock::{self, LockPolicy};
use super::model::{AuthState, AuthStore, Unusable};
use crate::paths::{Env, StateDir, data_dir};
use crate::time::now_ms;
use fs4::fs_std::FileExt;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

pub const PROFILES_FILE: &str = "auth-profiles.json";
pub const STATE_FILE: &str = "auth-state.json";
pub const SQLITE_FILE: &str = "openclaw-agent.sqlite";

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
}

impl StoreContext {
    pub fn new(env: &Env, state: StateDir) -> Self {
        Self {
            state,
            data_dir: data_dir(env),
            lock_policy: LockPolicy::STORE,
            read_only: env.var("OPENCLAW_AUTH_STORE_READONLY") == Some("1"),
            newer_openclaw: None,
        }
    }

    /// The SQLite-era database that makes JSON writes wrong (Appendix A).
    pub fn sqlite_marker(&self, agent_dir: &Path) -> Option<PathBuf> {
        [
            agent_dir.join(SQLITE_FILE),
            self.state.path.join("state/openclaw.sqlite"),
        ]
        .into_iter()
        .find(|p| p.exists())
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

/// Reads an agent's store for display. An absent store shows what OpenClaw
/// would create from legacy files; nothing is written.
pub fn load(ctx: &StoreContext, agent_dir: &Path) -> Result<AuthStore, StoreError> {
    Ok(read_current(ctx, agent_dir)?.0)
}

/// What is on disk now: the store, its raw bytes for undo, and the legacy
/// import that creating it would consume.
fn read_current(
    ctx: &StoreContext,
    agent_dir: &Path,
) -> Result<(AuthStore, Snapshot, bool), StoreError> {
    let (profiles_path, state_path) = (agent_dir.join(PROFILES_FILE), agent_dir.join(STATE_FILE));
    let (state_text, state_json) = read_json_text(&state_path)?.unzip();
    let (profiles_text, profiles_json) = read_json_text(&profiles_path)?.unzip();
    let snapshot = Snapshot {
        profiles: profiles_text,
        state: state_text,
        taken_at: now_ms(),
    };
    match profiles_json {
        Some(profiles) => match AuthStore::from_json(&profiles, state_json.as_ref()) {
            Ok(store) => Ok((store, snapshot, false)),
            Err(Unusable::Flat) => Err(StoreError::Flat {
                path: profiles_path,
            }),
            Err(Unusable::NotAnObject) => Err(StoreError::NotAnObject {
                path: profiles_path,
            }),
        },
        None => {
            let import = legacy::import(agent_dir, &ctx.state.path)?;
            let mut store = import.store;
            if let Some(state) = state_json {
                store.state = AuthState::from_json(&state);
            }
            Ok((store, snapshot, import.consumed_auth_json))
        }
    }
}

/// Holds Authtray's own lock on `S/locks/authtray.lock` (orders Authtray's
/// processes before they contend for OpenClaw's sidecar), then the sidecar.
/// The sidecar is released first, as early as possible: OpenClaw gives up
/// after ~43 s of back-off, so every millisecond held counts.
struct Locks {
    sidecar: Option<lock::HeldLock>,
    _own: File,
}

impl Locks {
    fn release_sidecar(&mut self) {
        self.sidecar = None;
    }
}

fn take_locks(ctx: &StoreContext, agent_dir: &Path) -> Result<Locks, StoreError> {
    let own_path = ctx.state.path.join("locks/authtray.lock");
    let io_err = |source| lock::LockError::Io {
        path: own_path.clone(),
        source,
    };
    super::io::create_private_dir(own_path.parent().expect("has parent")).map_err(io_err)?;
    let own = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&own_path)
        .map_err(io_err)?;
    own.lock_exclusive().map_err(io_err)?;
    let sidecar_path = lock::lock_path_for(&agent_dir.join(PROFILES_FILE)).map_err(io_err)?;
    let sidecar = lock::acquire(&sidecar_path, ctx.lock_policy)?;
    Ok(Locks {
        sidecar: Some(sidecar),
        _own: own,
    })
}

fn ensure_writable(ctx: &StoreContext, agent_dir: &Path) -> Result<(), StoreError> {
    if ctx.read_only {
        return Err(StoreError::ReadOnly);
    }
    if let Some(path) = ctx.sqlite_marker(agent_dir) {
        return Err(StoreError::SqliteEra { path });
    }
    if let Some(version) = &ctx.newer_openclaw {
        return Err(StoreError::NewerOpenclaw {
            version: version.clone(),
        });
    }
    let state = &ctx.state.path;
    if state.join("agent").is_dir() && !state.join("agents").is_dir() {
        return Err(StoreError::OldLayout {
            state: state.clone(),
        });
    }
    Ok(())
}

/// Applies `change` to the agent's store under the locks and writes it.
/// Nothing is written when `change` fails or changes nothing (unless the
/// store is being created, §5.6).
pub fn update<T>(
    ctx: &StoreContext,
    agent_dir: &Path,
    change: impl FnOnce(&mut AuthStore) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    try_update(ctx, agent_dir, change)
}

/// [`update`] with a change that fails with an error of its own (a use
/// case's refusal); store failures convert into it.
pub fn try_update<T, E: From<StoreError>>(
    ctx: &StoreContext,
    agent_dir: &Path,
    change: impl FnOnce(&mut AuthStore) -> Result<T, E>,
) -> Result<T, E> {
    ensure_writable(ctx, agent_dir)?;
    let mut locks = take_locks(ctx, agent_dir)?;
    let (current, before, consumed_auth_json) = read_current(ctx, agent_dir)?;
    let mut next = current.clone();
    let out = change(&mut next)?;
    if next == current && before.profiles.is_some() {
        return Ok(out);
    }
    commit(agent_dir, &next)?;
    if consumed_auth_json {
        remove_if_present(&agent_dir.join("auth.json")).map_err(StoreError::from)?;
    }
    locks.release_sidecar();
    history::record(&ctx.data_dir, agent_dir, &before).map_err(StoreError::from)?;
    Ok(out)
}

/// Writes `auth-profiles.json`, then writes or deletes `auth-state.json`
/// (in that order, §3). Callers hold the locks.
/// Both renames are made durable by one directory fsync at the end.
fn commit(agent_dir: &Path, next: &AuthStore) -> Result<(), StoreError> {
    let (profiles, state) = (agent_dir.join(PROFILES_FILE), agent_dir.join(STATE_FILE));
    write_atomic_deferring_dir_sync(&profiles, &to_json_bytes(&next.profiles_json()))?;
    match next.state.to_json() {
        Some(json) => write_atomic_deferring_dir_sync(&state, &to_json_bytes(&json))?,
        None => remove_if_present(&state)?,
    }
    let dirs = [real_parent(&profiles), real_parent(&state)];
    sync_dir(&dirs[0]);
    if dirs[1] != dirs[0] {
        sync_dir(&dirs[1]);
    }
    Ok(())
}

/// Migrates a legacy flat `auth-profiles.json` (§7.3) on request, keeping
/// the original as `auth-profiles.json.legacy-flat.<ms>.bak` like
/// `openclaw doctor --fix`. Returns the backup path.
pub fn migrate_flat(ctx: &StoreContext, agent_dir: &Path) -> Result<PathBuf, StoreError> {
    ensure_writable(ctx, agent_dir)?;
    let mut locks = take_locks(ctx, agent_dir)?;
    let path = agent_dir.join(PROFILES_FILE);
    let flat = match read_current(ctx, agent_dir) {
        Err(StoreError::Flat { .. }) => read_json(&path)?.unwrap_or_default(),
        Ok(_) => return Err(StoreError::NotFlat { path }),
        Err(e) => return Err(e),
    };
    let before = Snapshot {
        profiles: std::fs::read_to_string(&path).ok(),
        state: std::fs::read_to_string(agent_dir.join(STATE_FILE)).ok(),
        taken_at: now_ms(),
    };
    let mut next = AuthStore {
        profiles: legacy::from_flat(&flat),
        ..Default::default()
    };
    if let Some(state) = read_json(&agent_dir.join(STATE_FILE))? {
        next.state = AuthState::from_json(&state);
    }
    let backup = agent_dir.join(format!(
        "{PROFILES_FILE}.legacy-flat.{}.bak",
        before.taken_at
    ));
    write_atomic(
        &backup,
        before.profiles.as_deref().unwrap_or_default().as_bytes(),
    )?;
    commit(agent_dir, &next)?;
    locks.release_sidecar();
    history::record(&ctx.data_dir, agent_dir, &before)?;
    Ok(backup)
}

/// Renames a profile in the agent's own store, keeping its place and its
/// references (order, last good, usage); refuses to overwrite another.
pub fn rename_profile(
    ctx: &StoreContext,
    agent_dir: &Path,
    from: &str,
    to: &str,
) -> Result<(), StoreError> {
    update(ctx, agent_dir, |st| {
        if st.profiles.contains_key(to) {
            return Err(StoreError::ProfileExists {
                id: to.to_owned(),
                agent_dir: agent_dir.to_path_buf(),
            });
        }
        if st.rename(from, to) {
            Ok(())
        } else {
            Err(no_profile(from, agent_dir))
        }
    })
}

/// Removes a profile from the agent's own store; nothing is written (and no
/// undo step kept) when it is not there.
pub fn remove_profile(ctx: &StoreContext, agent_dir: &Path, id: &str) -> Result<(), StoreError> {
    update(ctx, agent_dir, |st| {
        if st.remove(id) {
            Ok(())
        } else {
            Err(no_profile(id, agent_dir))
        }
    })
}

fn no_profile(id: &str, agent_dir: &Path) -> StoreError {
    StoreError::NoProfile {
        id: id.to_owned(),
        agent_dir: agent_dir.to_path_buf(),
    }
}

/// Restores the newest kept version through the same locks; that version is
/// then dropped from the history, so repeated undos walk further back.
pub fn undo(ctx: &StoreContext, agent_dir: &Path) -> Result<Snapshot, StoreError> {
    ensure_writable(ctx, agent_dir)?;
    let _locks = take_locks(ctx, agent_dir)?;
    let (kept_at, snapshot) =
        history::latest(&ctx.data_dir, agent_dir)?.ok_or_else(|| StoreError::NothingToUndo {
            agent_dir: agent_dir.to_path_buf(),
        })?;
    for (name, content) in [
        (PROFILES_FILE, &snapshot.profiles),
        (STATE_FILE, &snapshot.state),
    ] {
        match content {
            Some(text) => write_atomic(&agent_dir.join(name), text.as_bytes())?,
            None => remove_if_present(&agent_dir.join(name))?,
        }
    }
    remove_if_present(&kept_at)?;
    Ok(snapshot)
}

#[cfg(test)]
mod tests;
