//! The SQLite-era stores (`openclaw-sqlite.md` b.3–b.5, b.8, b.10): an
//! agent database's `auth_profile_store` / `auth_profile_state` rows
//! `'primary'`, or the state database's `config_machine_state` rows
//! `authProfiles.store` / `authProfiles.state`. Reads use a read-only
//! connection closed at once; a change is OpenClaw's own read-modify-write:
//! `BEGIN IMMEDIATE`, re-read, whole-document replace in compact JSON,
//! `COMMIT`, with OpenClaw's 5 s busy timeout. A database is never created,
//! replaced or deleted, and its journal mode never changed.

use super::StoreError;
use super::history::Snapshot;
use super::location::Location;
use super::model::{AuthState, AuthStore, Unusable};
use crate::time::now_ms;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// OpenClaw's busy timeout (`OPENCLAW_SQLITE_BUSY_TIMEOUT_MS`).
pub const BUSY_TIMEOUT: Duration = Duration::from_millis(5000);
/// The two rows of one store: where they are and their text.
struct Table {
    sql_read: &'static str,
    sql_write: &'static str,
    sql_delete: &'static str,
    store_key: &'static str,
    state_key: &'static str,
}

const AGENT: Table = Table {
    sql_read: "SELECT (SELECT store_json FROM auth_profile_store WHERE store_key = ?1), (SELECT state_json FROM auth_profile_state WHERE state_key = ?2)",
    sql_write: "INSERT INTO auth_profile_store (store_key, store_json, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT(store_key) DO UPDATE SET store_json = excluded.store_json, updated_at = excluded.updated_at",
    sql_delete: "DELETE FROM auth_profile_state WHERE state_key = ?1",
    store_key: "primary",
    state_key: "primary",
};

const SHARED: Table = Table {
    sql_read: "SELECT (SELECT value_json FROM config_machine_state WHERE state_key = ?1), (SELECT value_json FROM config_machine_state WHERE state_key = ?2)",
    sql_write: "INSERT INTO config_machine_state (state_key, value_json, updated_at_ms) VALUES (?1, ?2, ?3) ON CONFLICT(state_key) DO UPDATE SET value_json = excluded.value_json, updated_at_ms = excluded.updated_at_ms",
    sql_delete: "DELETE FROM config_machine_state WHERE state_key = ?1",
    store_key: "authProfiles.store",
    state_key: "authProfiles.state",
};

const AGENT_STATE_WRITE: &str = "INSERT INTO auth_profile_state (state_key, state_json, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT(state_key) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at";

fn table(loc: &Location) -> &'static Table {
    match loc {
        Location::SharedDb(_) => &SHARED,
        _ => &AGENT,
    }
}

fn failed(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
            path: path.to_path_buf(),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    }
}

fn open(path: &Path, write: bool) -> Result<Connection, StoreError> {
    let flags = if write {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| failed(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| failed(path, e))?;
    Ok(conn)
}

/// Checks what the database holds, whatever its schema version: the
/// tables and columns Authtray reads (`store_key`/`store_json`,
/// `state_key`/`state_json`, or `config_machine_state`'s
/// `state_key`/`value_json`) and, where it records one, the agent it
/// belongs to. Returns its schema version (`PRAGMA user_version`).
fn check_schema(conn: &Connection, loc: &Location) -> Result<i64, StoreError> {
    let path = loc.path();
    let needs: &[(&str, &[&str])] = match loc {
        Location::SharedDb(_) => &[("config_machine_state", &["state_key", "value_json"])],
        _ => &[
            ("auth_profile_store", &["store_key", "store_json"]),
            ("auth_profile_state", &["state_key", "state_json"]),
        ],
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| failed(&path, e))?;
    for (table, columns) in needs {
        let mut found = conn
            .prepare_cached("SELECT name FROM pragma_table_info(?1)")
            .map_err(|e| failed(&path, e))?;
        let present: Vec<String> = found
            .query_map([table], |r| r.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| failed(&path, e))?;
        if present.is_empty() {
            return Err(StoreError::MissingTable {
                path,
                table: (*table).into(),
            });
        }
        if let Some(column) = columns.iter().find(|c| !present.iter().any(|p| p == *c)) {
            return Err(StoreError::MissingColumn {
                path,
                version,
                table: (*table).into(),
                column: (*column).into(),
            });
        }
    }
    if let Location::AgentDb { agent, .. } = loc {
        let owner: Option<Option<String>> = conn
            .query_row(
                "SELECT agent_id FROM schema_meta WHERE meta_key = 'primary' AND role = 'agent'",
                [],
                |r| r.get(0),
            )
            .optional()
            .unwrap_or(None);
        if let Some(Some(found)) = owner
            && &found != agent
        {
            return Err(StoreError::WrongAgent {
                path,
                expected: agent.clone(),
                found,
            });
        }
    }
    Ok(version)
}

/// The rows as text, in a read of `conn`.
fn rows(conn: &Connection, loc: &Location) -> Result<Snapshot, StoreError> {
    let t = table(loc);
    let (store, state): (Option<String>, Option<String>) = conn
        .query_row(t.sql_read, [t.store_key, t.state_key], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(|e| failed(&loc.path(), e))?;
    Ok(Snapshot {
        profiles: store,
        state,
        taken_at: now_ms(),
    })
}

/// The store the rows hold: no row is an empty store; a row that is not a
/// JSON store document is an error naming the file (OpenClaw refuses it too).
pub fn parse(loc: &Location, rows: &Snapshot) -> Result<AuthStore, StoreError> {
    let bad = |what: &str, message: String| StoreError::BadRow {
        path: loc.path(),
        row: what.into(),
        message,
    };
    let t = table(loc);
    let json = |text: &Option<String>, key: &str| -> Result<Option<Value>, StoreError> {
        text.as_deref()
            .map(|s| crate::json::parse_strict(s.as_bytes()).map_err(|e| bad(key, e.to_string())))
            .transpose()
    };
    let store = json(&rows.profiles, t.store_key)?;
    let state = json(&rows.state, t.state_key)?;
    match store {
        None => Ok(AuthStore {
            state: state.map(|s| AuthState::from_json(&s)).unwrap_or_default(),
            ..AuthStore::default()
        }),
        Some(doc) => AuthStore::from_json(&doc, state.as_ref()).map_err(|u| {
            bad(
                t.store_key,
                match u {
                    Unusable::NotAnObject => "not a JSON object".into(),
                    Unusable::Flat => "no \"profiles\" object".into(),
                },
            )
        }),
    }
}

/// Reads a store; a database OpenClaw has not made yet is an empty store.
pub fn load(loc: &Location) -> Result<(AuthStore, Snapshot), StoreError> {
    let path = loc.path();
    if !path.exists() {
        let none = Snapshot {
            profiles: None,
            state: None,
            taken_at: now_ms(),
        };
        return Ok((AuthStore::default(), none));
    }
    let conn = open(&path, false)?;
    load_on(&conn, loc)
}

/// [`load`] on a connection already open to the store's database.
pub fn load_on(conn: &Connection, loc: &Location) -> Result<(AuthStore, Snapshot), StoreError> {
    check_schema(conn, loc)?;
    let rows = rows(conn, loc)?;
    Ok((parse(loc, &rows)?, rows))
}

/// Applies `change` in one `BEGIN IMMEDIATE` transaction on the owning
/// database: re-read, change, replace both documents, `keep` the rows as
/// they were (for undo), commit. `writable` sees the schema version first
/// and may refuse it. Returns whether something changed.
pub fn update<T, E: From<StoreError>>(
    loc: &Location,
    writable: impl FnOnce(i64) -> Result<(), StoreError>,
    change: impl FnOnce(&mut AuthStore) -> Result<T, E>,
    keep: impl FnOnce(&Snapshot) -> Result<(), StoreError>,
) -> Result<(T, bool), E> {
    let path = loc.path();
    if !path.is_file() {
        return Err(StoreError::NoDatabase { path }.into());
    }
    let mut conn = open(&path, true)?;
    writable(check_schema(&conn, loc)?)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| failed(&path, e))?;
    let before = rows(&tx, loc)?;
    let current = parse(loc, &before)?;
    let mut next = current.clone();
    let out = change(&mut next)?;
    if next == current {
        return Ok((out, false));
    }
    write_rows(
        &tx,
        loc,
        Some(&compact(&next.profiles_json())),
        next.state.to_json().map(|s| compact(&s)).as_deref(),
    )?;
    keep(&before)?;
    tx.commit().map_err(|e| failed(&path, e))?;
    Ok((out, true))
}

/// Puts back rows as they were (undo), in one transaction (`writable`: as
/// for [`update`]).
pub fn restore(
    loc: &Location,
    writable: impl FnOnce(i64) -> Result<(), StoreError>,
    rows: &Snapshot,
) -> Result<(), StoreError> {
    let path = loc.path();
    if !path.is_file() {
        return Err(StoreError::NoDatabase { path });
    }
    let mut conn = open(&path, true)?;
    writable(check_schema(&conn, loc)?)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| failed(&path, e))?;
    parse(loc, rows)?;
    write_rows(&tx, loc, rows.profiles.as_deref(), rows.state.as_deref())?;
    tx.commit().map_err(|e| failed(&path, e))
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).expect("JSON values serialise")
}

/// Replaces (or, with `None`, deletes) the two rows.
fn write_rows(
    conn: &Connection,
    loc: &Location,
    store: Option<&str>,
    state: Option<&str>,
) -> Result<(), StoreError> {
    let t = table(loc);
    let path = loc.path();
    let now = now_ms();
    let state_write = match loc {
        Location::SharedDb(_) => t.sql_write,
        _ => AGENT_STATE_WRITE,
    };
    let run = |sql: &str, params: &[&dyn rusqlite::ToSql]| {
        conn.execute(sql, params)
            .map(|_| ())
            .map_err(|e| failed(&path, e))
    };
    match store {
        Some(doc) => run(t.sql_write, &[&t.store_key, &doc, &now])?,
        None => run(
            match loc {
                Location::SharedDb(_) => t.sql_delete,
                _ => "DELETE FROM auth_profile_store WHERE store_key = ?1",
            },
            &[&t.store_key],
        )?,
    }
    match state {
        Some(doc) => run(state_write, &[&t.state_key, &doc, &now]),
        None => run(t.sql_delete, &[&t.state_key]),
    }
}

/// An unexpired `doctor --fix` maintenance lease in the state database.
pub fn maintenance_running(state_dir: &Path) -> bool {
    let db = state_dir.join(super::location::STATE_DB);
    let Ok(conn) = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return false;
    };
    conn.query_row(
        "SELECT 1 FROM state_leases WHERE scope = 'core:agent-database-maintenance' AND lease_key = 'global' AND expires_at > ?1",
        [now_ms()],
        |_| Ok(()),
    )
    .is_ok()
}

#[cfg(test)]
pub(crate) mod tests;
