//! Tests of `store::sqlite` on databases made with OpenClaw 2026.9.6's DDL
//! (`openclaw-sqlite.md` b.3); the real OpenClaw reads and writes them in
//! `tests/tests/it/openclaw_sqlite.rs`.

use super::*;
use crate::paths::{Env, StateDir};
use crate::store::write::StoreContext;
use crate::store::{StoreFormat, load as load_any, try_update, undo, update};
use serde_json::json;
use std::path::{Path, PathBuf};

pub(crate) const AGENT_DDL: &str = "
CREATE TABLE auth_profile_store (store_key TEXT NOT NULL PRIMARY KEY, store_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE auth_profile_state (state_key TEXT NOT NULL PRIMARY KEY, state_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE schema_meta (meta_key TEXT NOT NULL PRIMARY KEY, role TEXT NOT NULL, schema_version INTEGER NOT NULL, agent_id TEXT, app_version TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) STRICT;
PRAGMA user_version = 23;";

pub(crate) const STATE_DDL: &str = "
CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT;
CREATE TABLE state_leases (scope TEXT NOT NULL, lease_key TEXT NOT NULL, owner TEXT NOT NULL, expires_at INTEGER, heartbeat_at INTEGER, payload_json TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (scope, lease_key)) STRICT;
INSERT INTO config_machine_state VALUES ('auth.sharedStore', '{\"location\":\"state-db\"}', 1);
PRAGMA user_version = 18;";

/// An agent database as OpenClaw makes it (WAL, its schema, its owner row).
pub(crate) fn agent_db(dir: &Path, agent: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(crate::store::location::AGENT_DB);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = wal;").unwrap();
    conn.execute_batch(AGENT_DDL).unwrap();
    conn.execute(
        "INSERT INTO schema_meta VALUES ('primary', 'agent', 23, ?1, '2026.9.6', 1, 1)",
        [agent],
    )
    .unwrap();
    path
}

pub(crate) fn state_db(state: &Path) -> PathBuf {
    let path = state.join(crate::store::location::STATE_DB);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = wal;").unwrap();
    conn.execute_batch(STATE_DDL).unwrap();
    path
}

struct Fixture {
    _tmp: tempfile::TempDir,
    ctx: StoreContext,
    main: Location,
    work: Location,
    shared: Location,
}

/// A 2026.9.6 install: the shared store in the state database, main's and
/// work's agent databases.
fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let main_dir = state.join("agents/main/agent");
    let work_dir = state.join("agents/work/agent");
    agent_db(&main_dir, "main");
    agent_db(&work_dir, "work");
    state_db(&state);
    let env = Env::default().with_var(
        "AUTHTRAY_DATA_DIR",
        &tmp.path().join("data").display().to_string(),
    );
    let ctx = StoreContext::new(&env, StateDir::explicit(state.clone()));
    assert_eq!(ctx.format.era, crate::store::Era::SqliteShared);
    Fixture {
        _tmp: tmp,
        main: Location::AgentDb {
            dir: main_dir,
            agent: "main".into(),
        },
        work: Location::AgentDb {
            dir: work_dir,
            agent: "work".into(),
        },
        shared: Location::SharedDb(state),
        ctx,
    }
}

fn rows_of(loc: &Location) -> (Option<String>, Option<String>) {
    let conn = Connection::open(loc.path()).unwrap();
    let r = super::rows(&conn, loc).unwrap();
    (r.profiles, r.state)
}

fn key(id: &str, k: &str) -> impl FnOnce(&mut AuthStore) -> Result<(), StoreError> {
    let (id, k) = (id.to_owned(), k.to_owned());
    move |s| {
        s.upsert(
            &id,
            json!({"type": "api_key", "provider": "openrouter", "key": k}),
        );
        Ok(())
    }
}

#[test]
fn layers_follow_openclaws_write_routing() {
    let f = fixture();
    let main = f.ctx.layers("main", &f.ctx.state.main_agent_dir());
    assert_eq!(
        main.credentials, f.shared,
        "main's credentials: the state database"
    );
    assert_eq!(main.own, f.main, "main's order: its agent database");
    let work = f.ctx.layers("work", f.work.agent_dir().unwrap());
    assert_eq!(
        (work.credentials, work.own, work.shared),
        (f.work.clone(), f.work.clone(), Some(f.shared.clone()))
    );
}

#[test]
fn writes_are_compact_whole_documents_keeping_unknowns_and_the_state_row_goes_when_empty() {
    let f = fixture();
    let conn = Connection::open(f.work.path()).unwrap();
    conn.execute(
        "INSERT INTO auth_profile_store VALUES ('primary', ?1, 1)",
        [r#"{"version":1,"profiles":{"x:1":{"type":"token","provider":"x","token":"t","future":[1]}},"vendor":true}"#],
    )
    .unwrap();
    drop(conn);
    update(&f.ctx, &f.work, key("openrouter:a", "sk-or-1")).unwrap();
    let (store, state) = rows_of(&f.work);
    assert_eq!(
        store.unwrap(),
        r#"{"version":1,"profiles":{"x:1":{"type":"token","provider":"x","token":"t","future":[1]},"openrouter:a":{"type":"api_key","provider":"openrouter","key":"sk-or-1"}},"vendor":true}"#
    );
    assert_eq!(state, None);
    update(&f.ctx, &f.work, |s| {
        s.set_order("openrouter", Some(&["openrouter:a".into()]));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        rows_of(&f.work).1.unwrap(),
        r#"{"version":1,"order":{"openrouter":["openrouter:a"]}}"#
    );
    update(&f.ctx, &f.work, |s| {
        s.set_order("openrouter", None);
        Ok(())
    })
    .unwrap();
    assert_eq!(
        rows_of(&f.work).1,
        None,
        "OpenClaw deletes an empty state row too"
    );
    update(&f.ctx, &f.shared, key("openrouter:main", "sk-or-2")).unwrap();
    assert!(rows_of(&f.shared).0.unwrap().contains("openrouter:main"));
    let seen =
        crate::store::inherit::load_effective(&f.ctx, "work", f.work.agent_dir().unwrap(), None)
            .unwrap();
    assert_eq!(seen.merged.profiles.len(), 3, "work sees the shared store");
    assert_eq!(seen.own.profiles.len(), 2);
}

#[test]
fn undo_restores_the_rows_through_a_transaction() {
    let f = fixture();
    update(&f.ctx, &f.shared, key("openrouter:a", "sk-or-1")).unwrap();
    update(&f.ctx, &f.shared, key("openrouter:b", "sk-or-2")).unwrap();
    undo(&f.ctx, &f.shared).unwrap();
    let store = load_any(&f.ctx, &f.shared).unwrap();
    assert_eq!(store.profiles.keys().collect::<Vec<_>>(), ["openrouter:a"]);
    undo(&f.ctx, &f.shared).unwrap();
    assert_eq!(rows_of(&f.shared).0, None, "back to no store row at all");
    assert!(matches!(
        undo(&f.ctx, &f.shared),
        Err(StoreError::NothingToUndo { .. })
    ));
}

#[test]
fn a_change_that_fails_or_changes_nothing_writes_nothing() {
    let f = fixture();
    update(&f.ctx, &f.work, key("openrouter:a", "sk-or-1")).unwrap();
    let before = rows_of(&f.work);
    let err = try_update(&f.ctx, &f.work, |s| {
        s.remove("openrouter:a");
        Err::<(), _>(StoreError::ReadOnly)
    });
    assert!(err.is_err());
    update(&f.ctx, &f.work, key("openrouter:a", "sk-or-1")).unwrap();
    assert_eq!(rows_of(&f.work), before);
    assert_eq!(
        crate::store::history::count(&f.ctx.data_dir, &f.work.key()),
        1
    );
}

#[test]
fn a_write_lock_held_past_the_busy_timeout_is_busy_and_nothing_is_written() {
    let f = fixture();
    let holder = Connection::open(f.work.path()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = update(&f.ctx, &f.work, key("openrouter:a", "sk-or-1")).unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(rows_of(&f.work).0, None);
}

#[test]
fn databases_authtray_must_not_touch_are_refused_by_name() {
    let f = fixture();
    // A database OpenClaw has not made yet: never created from outside.
    let ops = Location::AgentDb {
        dir: f.ctx.state.agents_dir().join("ops/agent"),
        agent: "ops".into(),
    };
    assert!(load_any(&f.ctx, &ops).unwrap().profiles.is_empty());
    assert!(matches!(
        update(&f.ctx, &ops, key("a:b", "k")),
        Err(StoreError::NoDatabase { .. })
    ));
    assert!(!ops.path().exists());
    // A newer schema (read by what it holds, never written directly),
    // another agent's database, a missing table, a row that is not JSON.
    let conn = Connection::open(f.main.path()).unwrap();
    conn.execute_batch("PRAGMA user_version = 24").unwrap();
    drop(conn);
    assert!(load_any(&f.ctx, &f.main).is_ok());
    assert!(!f.ctx.writes_directly(&f.main));
    let err = update(&f.ctx, &f.main, key("a:b", "k")).unwrap_err();
    assert!(
        matches!(err, StoreError::Unverified { version: 24, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("2026.9.6"), "{err}");
    let stranger = Location::AgentDb {
        dir: f.work.agent_dir().unwrap().into(),
        agent: "ops".into(),
    };
    assert!(matches!(
        load_any(&f.ctx, &stranger),
        Err(StoreError::WrongAgent { .. })
    ));
    let conn = Connection::open(f.work.path()).unwrap();
    conn.execute(
        "INSERT INTO auth_profile_store VALUES ('primary', 'not json', 1)",
        [],
    )
    .unwrap();
    drop(conn);
    let err = update(&f.ctx, &f.work, key("a:b", "k")).unwrap_err();
    assert!(
        matches!(err, StoreError::BadRow { .. })
            && err.to_string().contains("openclaw-agent.sqlite"),
        "{err}"
    );
    let conn = Connection::open(f.work.path()).unwrap();
    conn.execute_batch("DROP TABLE auth_profile_state").unwrap();
    drop(conn);
    assert!(matches!(
        load_any(&f.ctx, &f.work),
        Err(StoreError::MissingTable { .. })
    ));
    // A file that is not a database at all.
    std::fs::write(f.main.path(), b"garbage garbage garbage garbage").unwrap();
    std::fs::remove_file(f.main.path().with_extension("sqlite-wal")).ok();
    let err = load_any(&f.ctx, &f.main).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err}");
}

#[test]
fn retired_json_files_and_a_running_doctor_stop_writes() {
    let f = fixture();
    let dir = f.work.agent_dir().unwrap();
    std::fs::write(dir.join("auth-profiles.json"), "{}").unwrap();
    let err = update(&f.ctx, &f.work, key("a:b", "k")).unwrap_err();
    assert!(
        matches!(err, StoreError::MigrationRequired { .. })
            && err.to_string().contains("doctor --fix"),
        "{err}"
    );
    std::fs::remove_file(dir.join("auth-profiles.json")).unwrap();
    let conn = Connection::open(f.shared.path()).unwrap();
    conn.execute(
        "INSERT INTO state_leases VALUES ('core:agent-database-maintenance', 'global', 'doctor', ?1, NULL, NULL, 1, 1)",
        [now_ms() + 60_000],
    )
    .unwrap();
    drop(conn);
    assert!(matches!(
        update(&f.ctx, &f.work, key("a:b", "k")),
        Err(StoreError::Maintenance { .. })
    ));
}

#[test]
fn the_state_database_decides_the_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let state = StateDir::explicit(tmp.path().to_path_buf());
    assert_eq!(
        StoreFormat::detect(&state, None).era,
        crate::store::Era::Json
    );
    assert_eq!(
        StoreFormat::detect(&state, Some("2026.9.6")).era,
        crate::store::Era::SqliteShared
    );
    agent_db(&state.main_agent_dir(), "main");
    assert_eq!(
        StoreFormat::detect(&state, None).era,
        crate::store::Era::SqliteAgent
    );
    let db = state_db(&state.path);
    assert_eq!(
        StoreFormat::detect(&state, None).era,
        crate::store::Era::SqliteShared
    );
    let conn = Connection::open(&db).unwrap();
    conn.execute(
        "DELETE FROM config_machine_state WHERE state_key = 'auth.sharedStore'",
        [],
    )
    .unwrap();
    drop(conn);
    let legacy_main = StoreFormat::detect(&state, None);
    assert_eq!(
        legacy_main.era,
        crate::store::Era::SqliteAgent,
        "absent: legacy-main"
    );
    let conn = Connection::open(&db).unwrap();
    conn.execute("INSERT INTO config_machine_state VALUES ('auth.sharedStore', '{\"location\":\"elsewhere\"}', 1)", []).unwrap();
    drop(conn);
    assert!(
        StoreFormat::detect(&state, None)
            .invalid_shared_store
            .is_some()
    );
}

/// A 2026.6–7 state database: schema 1, the auth tables it never used.
const STATE_DDL_2026_7: &str = "
CREATE TABLE auth_profile_stores (store_key TEXT NOT NULL PRIMARY KEY, store_json TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE auth_profile_state (store_key TEXT NOT NULL PRIMARY KEY, state_json TEXT NOT NULL, updated_at INTEGER NOT NULL);
PRAGMA user_version = 1;";

#[test]
fn a_state_database_is_read_by_what_it_holds_and_a_broken_one_is_never_taken_for_another_era() {
    let f = fixture();
    let state = f.ctx.state.clone();
    let db = state.path.join(crate::store::location::STATE_DB);
    update(&f.ctx, &f.work, key("openrouter:work", "sk-or-1")).unwrap();
    let detect = || StoreFormat::detect(&state, None);
    let broken_load = |format: StoreFormat| {
        let ctx = StoreContext {
            format,
            ..f.ctx.clone()
        };
        (
            load_any(&ctx, &f.shared).unwrap_err(),
            update(&ctx, &f.work, key("openrouter:x", "k")).unwrap_err(),
        )
    };

    // The config_machine_state table dropped (2026.9.6 refuses this state).
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("DROP TABLE config_machine_state")
        .unwrap();
    drop(conn);
    let format = detect();
    assert_eq!(format.era, crate::store::Era::SqliteShared, "not 2026.6–7");
    assert_eq!(
        format.broken.as_deref(),
        Some("it has no config_machine_state table (schema version 18)")
    );
    assert_eq!(
        format.describe(),
        "SQLite (OpenClaw 2026.6+), its state database unusable"
    );
    let (read, write) = broken_load(format);
    for err in [&read, &write] {
        assert!(
            matches!(err, StoreError::BrokenStateDb { path, .. } if *path == db),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("run `openclaw doctor --fix`"),
            "{err}"
        );
    }

    // Truncated to nothing (SQLite reads a 0-byte file as an empty database).
    std::fs::write(&db, b"").unwrap();
    let format = detect();
    assert_eq!(
        format.broken.as_deref(),
        Some("it holds no tables (an empty or truncated file)")
    );
    // Not a database at all.
    std::fs::write(
        &db,
        b"this is not a database, it is garbage text".repeat(200),
    )
    .unwrap();
    assert!(
        detect()
            .broken
            .is_some_and(|why| why.starts_with("it cannot be read as a SQLite database")),
    );
    assert_eq!(std::fs::read(&db).unwrap().len(), 8400, "never written");

    // A real 2026.6–7 state database is the per-agent era, by its tables.
    std::fs::remove_file(&db).unwrap();
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(STATE_DDL_2026_7).unwrap();
    drop(conn);
    let format = detect();
    assert_eq!(format.era, crate::store::Era::SqliteAgent);
    assert_eq!(format.broken, None);
}

#[test]
fn a_cached_read_is_renewed_by_any_commit_of_another_program() {
    let f = fixture();
    update(&f.ctx, &f.work, key("openrouter:a", "sk-or-1")).unwrap();
    assert_eq!(load_any(&f.ctx, &f.work).unwrap().profiles.len(), 1);
    load_any(&f.ctx, &f.work).unwrap();
    assert!(
        f.ctx.read_cache.get(&f.work).is_some(),
        "the read is cached"
    );
    // OpenClaw commits (its own connection, WAL): the next read sees it.
    let other = Connection::open(f.work.path()).unwrap();
    other
        .execute(
            "UPDATE auth_profile_store SET store_json = ?1 WHERE store_key = 'primary'",
            [r#"{"version":1,"profiles":{"openrouter:b":{"type":"api_key","provider":"openrouter","key":"k"}}}"#],
        )
        .unwrap();
    let seen = load_any(&f.ctx, &f.work).unwrap();
    assert_eq!(seen.profiles.keys().collect::<Vec<_>>(), ["openrouter:b"]);
    // A checkpoint moves the rows into the database file: still seen.
    other
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(other);
    assert!(
        load_any(&f.ctx, &f.work)
            .unwrap()
            .profiles
            .contains_key("openrouter:b")
    );
    load_any(&f.ctx, &f.work).unwrap();
    // Another process's cache file is only a cache: a fresh context reads it back, still valid.
    f.ctx.read_cache.save();
    let fresh = crate::store::read_cache::ReadCache::new(&f.ctx.data_dir);
    assert!(fresh.get(&f.work).is_some());
}
