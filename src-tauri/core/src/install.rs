//! An OpenClaw installation, opened once: where its state dir is and why,
//! its `openclaw.json` (read once, re-read on demand), which store format
//! it speaks, its guards (read-only, a newer OpenClaw,
//! the lock budget) and the one rule that turns an agent id into a folder.
//! Both front ends (window, `authtray-cli`) open one and hand it to `app::`.

use crate::agents::{self, AgentList, DiscoverError};
use crate::config::{Config, ConfigError, config_path, is_sqlite_era_version, normalize_agent_id};
use crate::paths::{Env, MAIN_AGENT, StateDir};
use crate::store::{Layers, StoreContext, StoreFormat};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How an install is opened (`--state-dir`, `--lock-timeout`).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Exactly `OPENCLAW_STATE_DIR=DIR`: the config and every other path
    /// follow OpenClaw's own rules from there.
    pub state_dir: Option<PathBuf>,
    /// How long to wait for a busy store lock (else `AUTHTRAY_LOCK_TIMEOUT`
    /// seconds, else the store's own budget).
    pub lock_timeout: Option<Duration>,
}

/// An agent a command acts on: its normalised id and its agent dir `A`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentRef {
    pub id: String,
    pub dir: PathBuf,
}

#[derive(Clone, Debug, thiserror::Error)]
pub enum AgentError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(
        "unknown agent {id:?}; see `authtray-cli agents list`, or create it with `authtray-cli agents add {id}`"
    )]
    Unknown { id: String },
}

impl crate::error::Classify for AgentError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Config(e) => e.code(),
            Self::Unknown { .. } => crate::error::ErrorCode::NotFound,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Install {
    /// What happened beside the commands, in words: the gateway told, a
    /// half-done operation finished (the CLI prints them; a window shows them).
    notes: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    env: Env,
    config_path: PathBuf,
    config: Result<Config, ConfigError>,
    store: StoreContext,
}

impl Install {
    /// An install for tests: state dir `<dir>/state`, Authtray's data in
    /// `<dir>/data`.
    #[cfg(test)]
    pub fn for_tests(dir: &Path) -> Self {
        Self::open(
            Env::default().with_var("AUTHTRAY_DATA_DIR", &dir.join("data").display().to_string()),
            Options {
                state_dir: Some(dir.join("state")),
                lock_timeout: None,
            },
        )
    }

    /// Opens the install `env` (and `options`) point at, on this machine.
    pub fn open(env: Env, options: Options) -> Self {
        let env = match &options.state_dir {
            Some(dir) => env.with_var("OPENCLAW_STATE_DIR", &dir.to_string_lossy()),
            None => env,
        };
        let state = StateDir::resolve(&env);
        let config_path = config_path(&env, &state);
        let config = Config::read(&config_path);
        let mut store = StoreContext::new(&env, state);
        let budget = options.lock_timeout.or_else(|| {
            env.var("AUTHTRAY_LOCK_TIMEOUT")
                .and_then(|v| v.parse().ok())
                .map(Duration::from_secs)
        });
        if let Some(budget) = budget {
            store.lock_policy = store.lock_policy.with_budget(budget);
        }
        let newer = config
            .as_ref()
            .ok()
            .and_then(|c| c.last_touched_version().map(str::to_owned))
            .filter(|v| is_sqlite_era_version(v));
        let store = store.with_newer_openclaw(newer);
        Self {
            notes: Default::default(),
            env,
            config_path,
            config,
            store,
        }
    }

    pub fn env(&self) -> &Env {
        &self.env
    }

    pub fn state(&self) -> &StateDir {
        &self.store.state
    }

    /// Where stores are and how they may be written (guards included).
    pub fn store(&self) -> &StoreContext {
        &self.store
    }

    /// Authtray's own data dir (undo history, refresh and alert memory).
    pub fn data_dir(&self) -> &Path {
        &self.store.data_dir
    }

    /// Which store format the install's OpenClaw speaks.
    pub fn format(&self) -> &StoreFormat {
        &self.store.format
    }

    /// What "expiring" means for this user: the warning window set in
    /// Settings (24 h unless changed) — the same for the CLI, the tray and
    /// the window.
    pub fn warn_ms(&self) -> crate::time::EpochMs {
        crate::settings::Preferences::load(self.data_dir()).warn_ms()
    }

    /// Whether Authtray writes `agent`'s stores itself (their schema is one
    /// verified against a release); otherwise OpenClaw does (`app::delegate`).
    pub fn writes_directly(&self, agent: &AgentRef) -> bool {
        let layers = self.layers(agent);
        self.store.writes_directly(&layers.credentials) && self.store.writes_directly(&layers.own)
    }

    /// The stores `agent` sees and where its writes go.
    pub fn layers(&self, agent: &AgentRef) -> Layers {
        self.store.layers(&agent.id, &agent.dir)
    }

    pub fn config_path(&self) -> &Path {
        &self.config_path
    }

    /// `openclaw.json` as read when the install was opened (or last
    /// re-read). A file that does not parse is an error for everything
    /// that needs an agent's location or writes.
    pub fn config(&self) -> Result<&Config, ConfigError> {
        self.config.as_ref().map_err(Clone::clone)
    }

    /// Reads `openclaw.json` again (after another program changed it).
    pub fn reload_config(&mut self) {
        self.config = Config::read(&self.config_path);
    }

    /// Puts an edited config in place of the one read (after
    /// [`crate::app::operation::edit_config`] wrote it).
    pub(crate) fn set_config(&mut self, config: Config) {
        self.config = Ok(config);
    }

    /// Authtray's own lock of this install, held until dropped: Authtray
    /// processes (and threads) change an install one at a time. Re-entrant
    /// on one thread.
    pub fn lock(&self) -> Result<crate::store::own_lock::OwnLock, crate::store::StoreError> {
        crate::store::write::own_lock(&self.store)
    }

    /// Says something that happened beside a command (the gateway told, a
    /// half-done operation finished); the CLI prints these, a window shows them.
    pub fn note(&self, note: String) {
        self.notes.lock().expect("notes").push(note);
    }

    /// After a change to the SQLite-era stores of `agent`: tells a running
    /// gateway (`models.authRefresh`), which otherwise keeps serving what it
    /// read before. JSON-era OpenClaw reads its files itself.
    pub fn changed(&self, agent: Option<&str>, operation: &str) {
        if !self.format().is_sqlite() {
            return;
        }
        let Ok(config) = self.config() else { return };
        let gateway = crate::gateway::Gateway::of(&self.env, config);
        let note = match gateway.refresh(agent, operation) {
            crate::gateway::Told::NotRunning => return,
            crate::gateway::Told::Refreshed => {
                format!(
                    "the running gateway (port {}) reloaded the credentials",
                    gateway.port
                )
            }
            crate::gateway::Told::Refused(why) => format!(
                "the change is saved, but the gateway on port {} could not be told ({why}); run `openclaw gateway restart` to apply it",
                gateway.port
            ),
        };
        self.note(note);
    }

    /// What was noted since the install was opened.
    pub fn notes(&self) -> Vec<String> {
        self.notes.lock().expect("notes").clone()
    }

    /// The agent a command acts on: `requested`, else the configured
    /// default. An id that is neither main, configured, nor a folder on
    /// disk is refused (the same rule in the window and the CLI).
    pub fn agent(&self, requested: Option<&str>) -> Result<AgentRef, AgentError> {
        let config = self.config()?;
        let id = requested
            .map(normalize_agent_id)
            .unwrap_or_else(|| config.default_agent());
        let dir = agents::agent_dir(&self.env, self.state(), config, &id);
        let configured = config.agents().iter().any(|a| a.id == id);
        if id != MAIN_AGENT && !configured && !dir.exists() {
            return Err(AgentError::Unknown { id });
        }
        Ok(AgentRef { id, dir })
    }

    /// Every agent of the state dir, main first. A broken `openclaw.json`
    /// still lists the folders on disk, with the error as a warning.
    pub fn agents(&self) -> Result<AgentList, DiscoverError> {
        let mut list = agents::discover(&self.env, self.state(), self.config())?;
        list.format = Some(self.format_view());
        Ok(list)
    }

    /// The store era as people read it.
    pub fn format_view(&self) -> agents::FormatView {
        let f = self.format();
        agents::FormatView {
            era: f.era,
            name: self.store.describe(),
            why: f.why.clone(),
        }
    }

    /// The agents a command acts on: every agent with `all`, else [`Self::agent`].
    pub fn targets(
        &self,
        all: bool,
        requested: Option<&str>,
    ) -> Result<Vec<AgentRef>, TargetError> {
        if !all {
            return Ok(vec![self.agent(requested)?]);
        }
        self.config()?;
        Ok(self
            .agents()?
            .agents
            .into_iter()
            .map(|a| AgentRef {
                id: a.id,
                dir: a.agent_dir,
            })
            .collect())
    }
}

/// Why the agents to act on could not be named.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error(transparent)]
    Agent(#[from] AgentError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Discover(#[from] DiscoverError),
}

impl crate::error::Classify for TargetError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Agent(e) => e.code(),
            Self::Config(e) => e.code(),
            Self::Discover(e) => e.code(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn open(dir: &Path) -> Install {
        Install::for_tests(dir)
    }

    #[test]
    fn unknown_agents_are_refused_and_known_ones_resolved() {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().join("state");
        fs::create_dir_all(state.join("agents/work/agent")).unwrap();
        let install = open(tmp.path());
        assert_eq!(install.agent(None).unwrap().id, "main");
        assert_eq!(
            install.agent(Some("Work")).unwrap().dir,
            state.join("agents/work/agent")
        );
        assert!(matches!(
            install.agent(Some("nobody")),
            Err(AgentError::Unknown { id }) if id == "nobody"
        ));
    }

    #[test]
    fn a_broken_config_is_an_error_for_agents_and_a_warning_for_listing() {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().join("state");
        fs::create_dir_all(state.join("agents/main/agent")).unwrap();
        fs::write(state.join("openclaw.json"), "{agents: ").unwrap();
        let install = open(tmp.path());
        assert!(matches!(
            install.agent(None),
            Err(AgentError::Config(ConfigError::Parse { .. }))
        ));
        let list = install.agents().unwrap();
        assert_eq!(list.agents.len(), 1);
        assert_eq!(list.warnings.len(), 1);
        assert!(matches!(
            install.targets(true, None),
            Err(TargetError::Config(_))
        ));
    }

    #[test]
    fn the_era_guard_and_lock_budget_come_with_the_install() {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().join("state");
        fs::create_dir_all(&state).unwrap();
        fs::write(
            state.join("openclaw.json"),
            r#"{"meta": {"lastTouchedVersion": "2026.9.6"}}"#,
        )
        .unwrap();
        let install = Install::open(
            Env::default().with_var("AUTHTRAY_LOCK_TIMEOUT", "7"),
            Options {
                state_dir: Some(state.clone()),
                lock_timeout: None,
            },
        );
        assert_eq!(install.store().newer_openclaw.as_deref(), Some("2026.9.6"));
        assert!(install.format().is_sqlite());
        assert_eq!(install.store().lock_policy.budget, Duration::from_secs(7));
    }

    #[test]
    fn config_edits_start_from_the_file_as_it_is_now() {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().join("state");
        fs::create_dir_all(&state).unwrap();
        let path = state.join("openclaw.json");
        fs::write(&path, "{}").unwrap();
        let mut install = open(tmp.path());
        fs::write(&path, r#"{"gateway": {"port": 1}}"#).unwrap();
        crate::app::operation::edit_config(&mut install, |c| {
            c.update_auth(1, |a| {
                crate::config::set_auth_order(a, "x", Some(&["x:1".into()]))
            })
        })
        .unwrap();
        let written: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(written["gateway"]["port"], 1, "OpenClaw's change survives");
        assert_eq!(install.config().unwrap().auth_order("x").unwrap(), ["x:1"]);
    }
}
