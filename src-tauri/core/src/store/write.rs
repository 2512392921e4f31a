//! The one write path, for either era. JSON stores (§6.6): Authtray's own
//! OS lock, OpenClaw's sidecar lock, a fresh re-read of both files, the
//! change, atomic writes (`auth-profiles.json` first), release. SQLite
//! stores (`openclaw-sqlite.md` b.10): Authtray's own OS lock, then one
//! `BEGIN IMMEDIATE` transaction (`store::sqlite`). Either way the previous
//! version is kept for undo, and nothing is written when nothing changed.

use super::StoreError;
use super::history::{self, Snapshot};
use super::legacy;
use super::location::Location;
use super::lock;
use super::model::{AuthState, AuthStore, Unusable};
use super::own_lock::OwnLock;
use super::sqlite;
use crate::files::{
    read_json, read_json_text, real_parent, remove_if_present, sync_dir, write_atomic,
    write_atomic_deferring_dir_sync,
};
use crate::json::to_json_bytes;
use crate::time::now_ms;
use std::path::{Path, PathBuf};

pub const PROFILES_FILE: &str = "auth-profiles.json";
pub const STATE_FILE: &str = "auth-state.json";
pub const SQLITE_FILE: &str = "openclaw-agent.sqlite";

pub use super::context::StoreContext;

/// Reads a store for display. An absent JSON store shows what OpenClaw
/// would create from legacy files; an absent database is empty; nothing is
/// written.
pub fn load(ctx: &StoreContext, loc: &Location) -> Result<AuthStore, StoreError> {
    broken_state_db(ctx, loc)?;
    match loc {
        Location::Files(dir) => Ok(read_current(ctx, dir)?.0),
        db => {
            let identity = super::read_cache::identity(db);
            if identity.is_some()
                && let Some(rows) = ctx.read_cache.get(db)
            {
                return sqlite::parse(db, &rows);
            }
            let (store, rows) = sqlite::load(db)?;
            // Only a read the files did not change under (a reader's first
            // open may create the -wal) is remembered.
            if let Some(identity) = identity
                && super::read_cache::identity(db).as_ref() == Some(&identity)
            {
                ctx.read_cache.put(db, identity, &rows);
            }
            Ok(store)
        }
    }
}

/// A shared store in a state database OpenClaw itself would refuse.
fn broken_state_db(ctx: &StoreContext, loc: &Location) -> Result<(), StoreError> {
    match (&ctx.format.broken, loc) {
        (Some(why), Location::SharedDb(_)) => Err(StoreError::BrokenStateDb {
            path: loc.path(),
            why: why.clone(),
        }),
        _ => Ok(()),
    }
}

/// What is on disk now: the store, its raw bytes for undo, and the legacy
/// import that creating it would consume.
pub(super) fn read_current(
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
pub(super) struct Locks {
    sidecar: Option<lock::HeldLock>,
    _own: OwnLock,
}

impl Locks {
    fn release_sidecar(&mut self) {
        self.sidecar = None;
    }
}

/// Authtray's own OS lock of the install (re-entrant: an operation that
/// holds it across its parts takes it again here for free).
pub fn own_lock(ctx: &StoreContext) -> Result<OwnLock, StoreError> {
    Ok(OwnLock::take(&ctx.state.path, ctx.lock_policy.budget)?)
}

pub(super) fn take_locks(ctx: &StoreContext, agent_dir: &Path) -> Result<Locks, StoreError> {
    let own = own_lock(ctx)?;
    let io_err = |source| lock::LockError::Io {
        path: agent_dir.join(PROFILES_FILE),
        source,
    };
    let sidecar_path = lock::lock_path_for(&agent_dir.join(PROFILES_FILE)).map_err(io_err)?;
    let sidecar = lock::acquire(&sidecar_path, ctx.lock_policy)?;
    Ok(Locks {
        sidecar: Some(sidecar),
        _own: own,
    })
}

pub(super) fn ensure_writable(ctx: &StoreContext, agent_dir: &Path) -> Result<(), StoreError> {
    if ctx.read_only {
        return Err(StoreError::ReadOnly);
    }
    if !ctx.direct_writes {
        return Err(StoreError::Unverified {
            path: agent_dir.join(PROFILES_FILE),
            version: 1,
            releases: super::verified::releases(),
        });
    }
    // A database on disk (made after this context was, too) or a SQLite-era
    // config: JSON writes would be ignored by that OpenClaw.
    let db = [
        agent_dir.join(SQLITE_FILE),
        ctx.state.path.join(super::location::STATE_DB),
    ]
    .into_iter()
    .find(|p| p.exists());
    match (db, &ctx.newer_openclaw) {
        (Some(path), _) => return Err(StoreError::SqliteEra { path }),
        (None, Some(version)) => {
            return Err(StoreError::NewerOpenclaw {
                version: version.clone(),
            });
        }
        (None, None) if ctx.format.is_sqlite() => {
            return Err(StoreError::SqliteEra {
                path: ctx.state.path.join(super::location::STATE_DB),
            });
        }
        (None, None) => {}
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
    loc: &Location,
    change: impl FnOnce(&mut AuthStore) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    try_update(ctx, loc, change)
}

/// [`update`] with a change that fails with an error of its own (a use
/// case's refusal); store failures convert into it.
pub fn try_update<T, E: From<StoreError>>(
    ctx: &StoreContext,
    loc: &Location,
    change: impl FnOnce(&mut AuthStore) -> Result<T, E>,
) -> Result<T, E> {
    match loc {
        Location::Files(dir) => update_files(ctx, dir, change),
        db => update_db(ctx, db, true, change),
    }
}

/// [`try_update`] of a database beside retired JSON files: the upgrade
/// guard's import, which is what moves their profiles in.
pub fn update_ignoring_retired<T, E: From<StoreError>>(
    ctx: &StoreContext,
    loc: &Location,
    change: impl FnOnce(&mut AuthStore) -> Result<T, E>,
) -> Result<T, E> {
    update_db(ctx, loc, false, change)
}

fn update_db<T, E: From<StoreError>>(
    ctx: &StoreContext,
    loc: &Location,
    check_retired: bool,
    change: impl FnOnce(&mut AuthStore) -> Result<T, E>,
) -> Result<T, E> {
    match loc {
        Location::Files(_) => unreachable!("a database location"),
        db => {
            ensure_db_writable(ctx, db, check_retired)?;
            let _own = own_lock(ctx)?;
            // The rows before are kept for undo before the commit: a write
            // that cannot keep them is not made.
            let writable = |version| ctx.writable(db, version);
            let (out, _) = sqlite::update(db, writable, change, |before| {
                Ok(history::record(&ctx.data_dir, &db.key(), before)?)
            })?;
            Ok(out)
        }
    }
}

/// The guards of a SQLite write (`openclaw-sqlite.md` b.10 step 4): not
/// read-only, a valid shared-store setting, no `doctor --fix` running, and
/// no retired JSON files beside a store that is still empty — OpenClaw
/// refuses their providers then, and a first write would strand them
/// silently (with credentials in the store it only warns, c.2).
pub(super) fn ensure_db_writable(
    ctx: &StoreContext,
    loc: &Location,
    check_retired: bool,
) -> Result<(), StoreError> {
    if ctx.read_only {
        return Err(StoreError::ReadOnly);
    }
    if let Some(why) = &ctx.format.broken {
        return Err(StoreError::BrokenStateDb {
            path: ctx.state.path.join(super::location::STATE_DB),
            why: why.clone(),
        });
    }
    if let Some(value) = &ctx.format.invalid_shared_store {
        return Err(StoreError::InvalidSharedStore {
            value: value.clone(),
        });
    }
    let dirs = match loc {
        Location::SharedDb(state) => vec![ctx.state.main_agent_dir(), state.join("credentials")],
        other => other
            .agent_dir()
            .map(Path::to_path_buf)
            .into_iter()
            .collect(),
    };
    let retired: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| {
            [PROFILES_FILE, "auth.json", "oauth.json"]
                .iter()
                .map(move |f| d.join(f))
        })
        .filter(|p| p.is_file())
        .collect();
    if check_retired && !retired.is_empty() && sqlite::load(loc)?.0.profiles.is_empty() {
        return Err(StoreError::MigrationRequired { files: retired });
    }
    if sqlite::maintenance_running(&ctx.state.path) {
        return Err(StoreError::Maintenance {
            path: ctx.state.path.join(super::location::STATE_DB),
        });
    }
    Ok(())
}

fn update_files<T, E: From<StoreError>>(
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
    // Kept for undo first: a write that cannot keep them is not made.
    history::record(&ctx.data_dir, agent_dir, &before).map_err(StoreError::from)?;
    commit(agent_dir, &next)?;
    if consumed_auth_json {
        remove_if_present(&agent_dir.join("auth.json")).map_err(StoreError::from)?;
    }
    locks.release_sidecar();
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
    history::record(&ctx.data_dir, agent_dir, &before)?;
    commit(agent_dir, &next)?;
    locks.release_sidecar();
    Ok(backup)
}

/// Renames a profile in the agent's own store, keeping its place and its
/// references (order, last good, usage); refuses to overwrite another.
pub fn rename_profile(
    ctx: &StoreContext,
    loc: &Location,
    from: &str,
    to: &str,
) -> Result<(), StoreError> {
    update(ctx, loc, |st| {
        if st.profiles.contains_key(to) {
            return Err(StoreError::ProfileExists {
                id: to.to_owned(),
                agent_dir: loc.path(),
            });
        }
        if st.rename(from, to) {
            Ok(())
        } else {
            Err(no_profile(from, loc))
        }
    })
}

/// Removes a profile from the agent's own store; nothing is written (and no
/// undo step kept) when it is not there.
pub fn remove_profile(ctx: &StoreContext, loc: &Location, id: &str) -> Result<(), StoreError> {
    update(ctx, loc, |st| {
        if st.remove(id) {
            Ok(())
        } else {
            Err(no_profile(id, loc))
        }
    })
}

fn no_profile(id: &str, loc: &Location) -> StoreError {
    StoreError::NoProfile {
        id: id.to_owned(),
        store: loc.to_string(),
    }
}

#[cfg(test)]
mod tests;
