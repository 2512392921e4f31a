//! Agent discovery: which agents a state directory holds (`openclaw-store.md`
//! §1.6–1.8). Read-only; nothing here creates or changes a file.

use crate::config::{Config, ConfigError, normalize_agent_id};
use crate::paths::{Env, StateDir, StateDirSource};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

pub use crate::paths::MAIN_AGENT;

/// One agent found on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentSummary {
    pub id: String,
    /// The agent directory `A` holding its `auth-profiles.json`.
    pub agent_dir: PathBuf,
    /// Whether `A/auth-profiles.json` exists.
    pub has_store: bool,
    /// The configured default agent (what `openclaw models …` acts on).
    pub is_default: bool,
}

/// The state directory as the UI shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StateDirView {
    pub path: PathBuf,
    pub source: StateDirSource,
    pub exists: bool,
    /// Where OpenClaw's rules looked, and what each place holds (a first
    /// run shows it when nothing was found).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[specta(optional)]
    pub looked_at: Vec<crate::paths::Looked>,
}

/// Every agent of one state directory, the main agent first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentList {
    pub state_dir: StateDirView,
    pub agents: Vec<AgentSummary>,
    /// Problems that did not stop the listing (an unreadable openclaw.json).
    pub warnings: Vec<String>,
    /// Other OpenClaw installs on this machine (read-only discovery).
    pub other_installs: Vec<PathBuf>,
    /// The store format the install speaks (set by `Install::agents`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub format: Option<FormatView>,
    /// What the upgrade guard found (set by `app::agents::list`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[specta(optional)]
    pub upgrade: Vec<crate::findings::Finding>,
}

/// The store era of an install and what on disk says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FormatView {
    pub era: crate::store::Era,
    /// `SQLite, shared store in the state database (OpenClaw 2026.8+)`
    pub name: String,
    pub why: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("cannot read {path}: {source}")]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{path} is not a directory")]
    NotADirectory { path: PathBuf },
}

/// Lists the agents of a state directory: every `S/agents/*/agent` folder
/// plus the agents configured in `openclaw.json` (with their `agentDir`
/// overrides), the main agent first. A missing state directory is an empty
/// list, not an error.
pub fn discover(
    env: &Env,
    state: &StateDir,
    config: Result<&Config, ConfigError>,
) -> Result<AgentList, DiscoverError> {
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
    let empty = Config::default();
    let (config, mut warnings) = match config {
        Ok(c) => (c, Vec::new()),
        Err(e) => (&empty, vec![e.to_string()]),
    };
    if state.path.join("agent").is_dir() && !state.agents_dir().is_dir() {
        warnings.push(format!(
            "{} uses the old single-agent layout (agent/ without agents/); start OpenClaw once or run `openclaw doctor` to migrate it — Authtray shows it read-only until then",
            state.path.display()
        ));
    }
    let other_installs = state.other_installs(env);
    let mut agents = if exists {
        agents_in(&state.agents_dir())?
    } else {
        Vec::new()
    };
    for configured in config.agents() {
        let dir = agent_dir(env, state, config, &configured.id);
        match agents.iter_mut().find(|a| a.id == configured.id) {
            Some(found) => found.agent_dir = dir,
            None => agents.push(AgentSummary {
                id: configured.id,
                has_store: false,
                is_default: false,
                agent_dir: dir,
            }),
        }
    }
    let default = config.default_agent();
    for a in &mut agents {
        a.has_store = a.agent_dir.join("auth-profiles.json").is_file();
        a.is_default = a.id == default;
    }
    agents.sort_by(|a, b| (a.id != MAIN_AGENT, &a.id).cmp(&(b.id != MAIN_AGENT, &b.id)));
    Ok(AgentList {
        state_dir: StateDirView {
            path: state.path.clone(),
            source: state.source,
            exists,
            looked_at: crate::paths::StateDir::looked_at(env),
        },
        agents,
        warnings,
        other_installs,
        format: None,
        upgrade: Vec::new(),
    })
}

/// The agent directory `A` of an id (§1.7): the configured `agentDir`, else
/// `S/agents/<id>/agent`. The main store is always `S/agents/main/agent`.
pub fn agent_dir(env: &Env, state: &StateDir, config: &Config, id: &str) -> PathBuf {
    let id = normalize_agent_id(id);
    config
        .agents()
        .into_iter()
        .find(|a| a.id == id)
        .and_then(|a| a.agent_dir)
        .map(|d| env.resolve_user_path(&d))
        .unwrap_or_else(|| state.agents_dir().join(&id).join("agent"))
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
            agents.push(AgentSummary {
                id,
                agent_dir,
                has_store: false,
                is_default: false,
            });
        }
    }
    Ok(agents)
}

impl crate::error::Classify for DiscoverError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Unreadable { .. } => crate::error::ErrorCode::Unreadable,
            Self::NotADirectory { .. } => crate::error::ErrorCode::InvalidLayout,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn list(state: &StateDir) -> Result<AgentList, DiscoverError> {
        discover(&Env::default(), state, Ok(&Config::default()))
    }

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
        let list = list(&StateDir::explicit(tmp.path().join("absent"))).unwrap();
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

        let list = list(&StateDir::explicit(tmp.path().to_path_buf())).unwrap();
        let ids: Vec<_> = list
            .agents
            .iter()
            .map(|a| (a.id.as_str(), a.has_store))
            .collect();
        assert_eq!(ids, [("main", true), ("alpha", true), ("zeta", false)]);
        assert!(list.state_dir.exists);
        assert!(list.agents[0].is_default);
    }

    #[test]
    fn configured_agents_and_agent_dir_overrides_count() {
        let tmp = tempfile::tempdir().unwrap();
        agent(tmp.path(), "main", true);
        let custom = tmp.path().join("elsewhere");
        fs::create_dir_all(&custom).unwrap();
        fs::write(custom.join("auth-profiles.json"), "{}").unwrap();
        let cfg_path = tmp.path().join("openclaw.json");
        let cfg = format!(
            r#"{{agents: {{list: [{{id: "Ops", agentDir: {}, default: true}}, {{id: "new"}}]}}}}"#,
            serde_json::to_string(&custom).unwrap()
        );
        fs::write(&cfg_path, cfg).unwrap();
        let list = discover(
            &Env::default(),
            &StateDir::explicit(tmp.path().to_path_buf()),
            Config::read(&cfg_path).as_ref().map_err(Clone::clone),
        )
        .unwrap();
        let ids: Vec<_> = list
            .agents
            .iter()
            .map(|a| (a.id.as_str(), a.has_store, a.is_default))
            .collect();
        assert_eq!(
            ids,
            [
                ("main", true, false),
                ("new", false, false),
                ("ops", true, true)
            ]
        );
        assert_eq!(list.agents[2].agent_dir, custom);
    }

    #[test]
    fn a_broken_config_is_a_warning() {
        let tmp = tempfile::tempdir().unwrap();
        agent(tmp.path(), "main", false);
        let list = discover(
            &Env::default(),
            &StateDir::explicit(tmp.path().to_path_buf()),
            Err(ConfigError::Include {
                path: "openclaw.json".into(),
            }),
        )
        .unwrap();
        assert_eq!(list.warnings.len(), 1);
        assert_eq!(list.agents.len(), 1);
    }

    #[test]
    fn a_file_where_the_state_dir_should_be_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("state");
        fs::write(&file, "").unwrap();
        let err = list(&StateDir::explicit(file.clone())).unwrap_err();
        assert!(matches!(err, DiscoverError::NotADirectory { path } if path == file));
    }
}
