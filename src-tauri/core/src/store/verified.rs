//! The store schemas Authtray writes directly, each verified against a
//! real OpenClaw release by the interop suites (`tests/tests/`). Any other
//! schema — a release newer than this Authtray — is read by what it holds
//! and written through OpenClaw itself (`app::delegate`). This table is the
//! one place a new release is added (docs/compatibility.md says how).

use super::location::Location;
use rusqlite::{Connection, OpenFlags};

/// A pair of SQLite schema versions (`PRAGMA user_version` of the state
/// database and of an agent database) and the releases it was verified on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    pub state: i64,
    pub agent: i64,
    pub releases: &'static [&'static str],
}

/// The JSON era has one format (`"version": 1` files).
pub const JSON_RELEASES: &[&str] = &["2026.5.20"];

pub const SQLITE: &[Verified] = &[
    Verified {
        state: 1,
        agent: 1,
        releases: &["2026.6.35", "2026.7.35"],
    },
    Verified {
        state: 18,
        agent: 23,
        releases: &["2026.9.6"],
    },
];

/// The pair verified with state schema `state`, if any.
pub fn of_state(state: i64) -> Option<&'static Verified> {
    SQLITE.iter().find(|v| v.state == state)
}

/// Whether a write to `loc` is verified, `state` being the state
/// database's schema: that schema for the shared store, the pair for an
/// agent database (its schema read here, read-only). An agent database
/// that does not exist yet is never written (`NoDatabase`), so it passes.
pub fn verified(loc: &Location, state: Option<i64>) -> Result<bool, rusqlite::Error> {
    Ok(match loc {
        Location::Files(_) => true,
        Location::SharedDb(_) => state.and_then(of_state).is_some(),
        Location::AgentDb { .. } => match (state, agent_version(loc)?) {
            (_, None) => true,
            (Some(s), Some(a)) => SQLITE.iter().any(|v| v.state == s && v.agent == a),
            (None, Some(a)) => SQLITE.iter().any(|v| v.agent == a),
        },
    })
}

fn agent_version(loc: &Location) -> Result<Option<i64>, rusqlite::Error> {
    let path = loc.path();
    if !path.is_file() {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map(Some)
}

/// "2026.6.35, 2026.7.35, 2026.9.6" (and the JSON era's), for people.
pub fn releases() -> String {
    JSON_RELEASES
        .iter()
        .chain(SQLITE.iter().flat_map(|v| v.releases.iter()))
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}
