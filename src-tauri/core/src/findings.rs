//! What Authtray finds in an install that needs the user, apart from the
//! health of each profile: what OpenClaw's move to SQLite left where
//! (`app::upgrade`), and what half-done writes left (`app::untried`). Each
//! finding names its risk and the next step.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Profiles in a retired JSON file that the SQLite store does not have.
    Stranded,
    /// Retired JSON files beside a SQLite store that has all their profiles.
    RetiredFiles,
    /// Archives OpenClaw's migration left (`*.migrated-*`, `*.sqlite-import.*.bak`).
    Archives,
    /// The shared store is still main's agent database (2026.8+ moves it).
    SharedStoreNotMoved,
    /// `openclaw.json` was written by a SQLite-era OpenClaw, the stores are JSON.
    NotMigrated,
    /// Stored, but OpenClaw never tries them: `openclaw.json` does not list
    /// them while it lists other profiles of their provider (`app::untried`).
    NeverTried,
    /// `openclaw.json` lists them, no store holds them (`app::untried`).
    ListedNotStored,
}

/// One thing the upgrade guard found, with what it means and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub kind: FindingKind,
    pub agent_id: Option<String>,
    /// What is where.
    pub detail: String,
    pub risk: String,
    pub next_step: String,
    pub files: Vec<PathBuf>,
    /// The stranded profiles (for `Stranded`).
    pub profiles: Vec<String>,
    /// `authtray-cli upgrade import` can move them into the store.
    pub importable: bool,
}
