//! Where one store lives, in either era: the JSON files of an agent dir
//! (OpenClaw 2026.5 and earlier), an agent database
//! (`A/openclaw-agent.sqlite`, rows `'primary'`), or the shared store in the
//! state database (`S/state/openclaw.sqlite`, `config_machine_state`
//! `authProfiles.store` / `authProfiles.state`; `openclaw-sqlite.md` b.1–b.2).
//! And which stores an agent sees: its own over the shared one.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const AGENT_DB: &str = "openclaw-agent.sqlite";
pub const STATE_DB: &str = "state/openclaw.sqlite";

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Location {
    /// `auth-profiles.json` + `auth-state.json` in this agent dir.
    Files(PathBuf),
    /// The agent database in agent dir `dir` of agent `agent`.
    AgentDb { dir: PathBuf, agent: String },
    /// The shared store in this state dir's state database.
    SharedDb(PathBuf),
}

impl Location {
    /// The file that holds the store (the agent dir for JSON stores).
    pub fn path(&self) -> PathBuf {
        match self {
            Self::Files(dir) => dir.clone(),
            Self::AgentDb { dir, .. } => dir.join(AGENT_DB),
            Self::SharedDb(state) => state.join(STATE_DB),
        }
    }

    /// What undo history and refresh memory are keyed by.
    pub fn key(&self) -> PathBuf {
        match self {
            Self::SharedDb(state) => state.join(STATE_DB).join("authProfiles"),
            other => other.path(),
        }
    }

    /// The agent dir it belongs to (`None`: the shared store).
    pub fn agent_dir(&self) -> Option<&Path> {
        match self {
            Self::Files(dir) | Self::AgentDb { dir, .. } => Some(dir),
            Self::SharedDb(_) => None,
        }
    }

    pub fn is_sqlite(&self) -> bool {
        !matches!(self, Self::Files(_))
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Files(dir) => write!(f, "{}", dir.join("auth-profiles.json").display()),
            Self::AgentDb { .. } => write!(f, "{}", self.path().display()),
            Self::SharedDb(_) => write!(f, "{} (shared store)", self.path().display()),
        }
    }
}

/// The stores one agent sees: `own` (its local layer), over `shared` (what
/// every agent inherits), and where a new credential of it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layers {
    pub own: Location,
    pub shared: Option<Location>,
    /// Credentials go here: main's to the shared store in the state-DB
    /// layout, every other agent's to its own (its order always to `own`).
    pub credentials: Location,
}
