//! Undo: the newest kept version of a store put back through the same
//! locks, each version then dropped so repeated undos walk further back.

use super::history::{self, Snapshot};
use super::location::Location;
use super::model::{AuthState, AuthStore};
use super::write::{
    PROFILES_FILE, STATE_FILE, StoreContext, ensure_db_writable, ensure_writable, load, own_lock,
    take_locks,
};
use super::{StoreError, sqlite};
use crate::files::{remove_if_present, write_atomic};
use std::path::PathBuf;

/// The store a kept version holds.
pub fn kept_store(loc: &Location, snapshot: &Snapshot) -> Result<AuthStore, StoreError> {
    let Location::Files(dir) = loc else {
        return sqlite::parse(loc, snapshot);
    };
    let parse = |text: &Option<String>, name: &str| {
        text.as_deref()
            .map(|t| {
                crate::json::parse_strict(t.as_bytes()).map_err(|e| {
                    StoreError::File(crate::files::FileError::Parse {
                        path: dir.join(name),
                        line: e.line(),
                        column: e.column(),
                        message: e.to_string(),
                    })
                })
            })
            .transpose()
    };
    let state = parse(&snapshot.state, STATE_FILE)?;
    match parse(&snapshot.profiles, PROFILES_FILE)? {
        None => Ok(AuthStore {
            state: state.as_ref().map(AuthState::from_json).unwrap_or_default(),
            ..AuthStore::default()
        }),
        Some(profiles) => {
            AuthStore::from_json(&profiles, state.as_ref()).map_err(|_| StoreError::NotAnObject {
                path: dir.join(PROFILES_FILE),
            })
        }
    }
}

/// The newest kept version that differs from what is stored now: a
/// version kept by a write that never committed (its process stopped in
/// between) equals the store and is dropped on the way.
pub fn newest_undo(
    ctx: &StoreContext,
    loc: &Location,
) -> Result<Option<(PathBuf, Snapshot)>, StoreError> {
    let current = load(ctx, loc)?;
    while let Some((kept_at, snapshot)) = history::latest(&ctx.data_dir, &loc.key())? {
        if kept_store(loc, &snapshot).is_ok_and(|kept| kept == current) {
            remove_if_present(&kept_at)?;
            continue;
        }
        return Ok(Some((kept_at, snapshot)));
    }
    Ok(None)
}

/// Restores the newest kept version through the same locks; that version is
/// then dropped from the history, so repeated undos walk further back.
pub fn undo(ctx: &StoreContext, loc: &Location) -> Result<Snapshot, StoreError> {
    let nothing = || StoreError::NothingToUndo {
        store: loc.to_string(),
    };
    let Location::Files(agent_dir) = loc else {
        ensure_db_writable(ctx, loc, true)?;
        let _own = own_lock(ctx)?;
        let (kept_at, snapshot) = newest_undo(ctx, loc)?.ok_or_else(nothing)?;
        sqlite::restore(loc, |version| ctx.writable(loc, version), &snapshot)?;
        remove_if_present(&kept_at)?;
        return Ok(snapshot);
    };
    ensure_writable(ctx, agent_dir)?;
    let _locks = take_locks(ctx, agent_dir)?;
    let (kept_at, snapshot) = newest_undo(ctx, loc)?.ok_or_else(nothing)?;
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
