//! Agent discovery: which agents a state directory holds (`openclaw-store.md`
//! §1.6–1.8). Read-only; nothing here creates or changes a file.

use crate::paths::{StateDir, StateDirSource};
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The id OpenClaw gives the default agent.
pub const MAIN_AGENT: &str = "main";

/// One agent found on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgentSummary {
    pub id: String,
    /// The agent directory `A` holding its `auth-profiles.json`.
    #[ts(type = "string")]
    pub agent_dir: PathBuf,
    /// Whether `A/auth-profiles.json` exists.
    pub has_store: bool,
}

/// The state directory as the UI shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StateDirView {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub source: StateDirSource,
    pub exists: bool,
}

/// Every agent of one state directory, the main agent first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgentList {
    pub state_dir: StateDirView,
    pub agents: Vec<AgentSummary>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("cannot read {path}: {source}")]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{path} is not a directory")]
    NotADirectory { path: PathBuf },
}

/// Lists the agents under `S/agents/*/agent`. A missing state directory or a
/// missing `agents/` folder is an empty list, not an error.
pub fn discover(state: &StateDir) -> Result<AgentList, DiscoverError> {
    let exists = match std::fs::metadata(&state.path) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(DiscoverError::NotADirectory {
                path: state.path.clone(),
            });
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(source) => {
            return Err(DiscoverError::Unreadable {
                path: state.path.clone(),
                source,
            });
        }
    };
    let agents = if exists {
        agents_in(&state.agents_dir())?
    } else {
        Vec::new()
    };
    Ok(AgentList {
        state_dir: StateDirView {
            path: state.path.clone(),
            source: state.source,
            exists,
        },
        agents,
    })
}

fn agents_in(agents_dir: &Path) -> Result<Vec<AgentSummary>, DiscoverError> {
    let unreadable = |source| DiscoverError::Unreadable {
        path: agents_dir.to_path_buf(),
        source,
    };
    let entries = match std::fs::read_dir(agents_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut agents = Vec::new();
    for entry in entries {
        let entry = entry.map_err(unreadable)?;
        let agent_dir = entry.path().join("agent");
        let Some(id) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if agent_dir.is_dir() {
            let has_store = agent_dir.join("auth-profiles.json").is_file();
            agents.push(AgentSummary {
                id,
                agent_dir,
                has_store,
            });
        }
    }
    agents.sort_by(|a, b| (a.id != MAIN_AGENT, &a.id).cmp(&(b.id != MAIN_AGENT, &b.id)));
    Ok(agents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn agent(state: &Path, id: &str, with_store: bool) {
        let dir = state.join("agents").join(id).join("agent");
        fs::create_dir_all(&dir).unwrap();
        if with_store {
            fs::write(
                dir.join("auth-profiles.json"),
                r#"{"version":1,"profiles":{}}"#,
            )
            .unwrap();
        }
    }

    #[test]
    fn missing_state_dir_is_an_empty_list() {
        let tmp = tempfile::tempdir().unwrap();
        let list = discover(&StateDir::explicit(tmp.path().join("absent"))).unwrap();
        assert!(!list.state_dir.exists);
        assert!(list.agents.is_empty());
    }

    #[test]
    fn lists_agents_main_first_and_skips_strays() {
        let tmp = tempfile::tempdir().unwrap();
        agent(tmp.path(), "zeta", false);
        agent(tmp.path(), "alpha", true);
        agent(tmp.path(), "main", true);
        fs::create_dir_all(tmp.path().join("agents/no-agent-dir/sessions")).unwrap();
        fs::write(tmp.path().join("agents/stray-file"), "x").unwrap();

        let list = discover(&StateDir::explicit(tmp.path().to_path_buf())).unwrap();
        let ids: Vec<_> = list
            .agents
            .iter()
            .map(|a| (a.id.as_str(), a.has_store))
            .collect();
        assert_eq!(ids, [("main", true), ("alpha", true), ("zeta", false)]);
        assert!(list.state_dir.exists);
    }

    #[test]
    fn a_file_where_the_state_dir_should_be_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("state");
        fs::write(&file, "").unwrap();
        let err = discover(&StateDir::explicit(file.clone())).unwrap_err();
        assert!(matches!(err, DiscoverError::NotADirectory { path } if path == file));
    }
}
