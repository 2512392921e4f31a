//! `openclaw.json` (JSON5): where it is (§1.3), the configured agents (§1.6),
//! and the `auth` section (§12), read. Edits are in `edit.rs`.

mod agent_id;
mod edit;

pub use agent_id::normalize_agent_id;
pub use edit::set_auth_order;

use crate::files::FileError;
use crate::paths::{Env, StateDir};
use crate::store::model::provider_list;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error(
        "{path} is not valid JSON5: {message}; fix it (or run `openclaw doctor`) — Authtray will not write over it"
    )]
    Parse { path: PathBuf, message: String },
    #[error(
        "{path} uses $include for its auth settings; Authtray will not rewrite it — edit the included file or use `openclaw config set`"
    )]
    Include { path: PathBuf },
    #[error(
        "{path} changed while Authtray was editing it (OpenClaw or an editor wrote it); nothing was written — try again"
    )]
    Changed { path: PathBuf },
}

/// The config file path `C` (§1.3).
pub fn config_path(env: &Env, state: &StateDir) -> PathBuf {
    if let Some(p) = env.var("OPENCLAW_CONFIG_PATH") {
        return env.resolve_user_path(p);
    }
    let in_state = [
        state.path.join("openclaw.json"),
        state.path.join("clawdbot.json"),
    ];
    if let Some(p) = in_state.iter().find(|p| p.exists()) {
        return p.clone();
    }
    if env.var("OPENCLAW_STATE_DIR").is_some() {
        return state.path.join("openclaw.json");
    }
    let home = env.home();
    [
        ".openclaw/openclaw.json",
        ".openclaw/clawdbot.json",
        ".clawdbot/openclaw.json",
        ".clawdbot/clawdbot.json",
    ]
    .iter()
    .map(|rel| home.join(rel))
    .find(|p| p.exists())
    .unwrap_or_else(|| state.path.join("openclaw.json"))
}

/// An agent listed in `agents.list`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfiguredAgent {
    pub id: String,
    pub agent_dir: Option<String>,
    pub default: bool,
}

/// A parsed `openclaw.json`; an absent file is an empty config.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub path: PathBuf,
    pub root: Map<String, Value>,
    /// The file is plain JSON (rewriting it loses nothing).
    strict_json: bool,
    /// The bytes it was parsed from (`None`: no file): a rewrite happens
    /// only while the file still holds them (OpenClaw takes no lock on it).
    source: Option<Vec<u8>>,
}

impl Config {
    pub fn read(path: &Path) -> Result<Self, ConfigError> {
        match read_source(path)? {
            None => Ok(Self {
                path: path.to_path_buf(),
                root: Map::new(),
                strict_json: true,
                source: None,
            }),
            Some(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut config = Self::parse(path, &text)?;
                config.source = Some(bytes);
                Ok(config)
            }
        }
    }

    /// `openclaw.json` from its text (JSON5); `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let parse_err = |message: String| ConfigError::Parse {
            path: path.to_path_buf(),
            message,
        };
        let value: Value = json5::from_str(text).map_err(|e| parse_err(e.to_string()))?;
        let Value::Object(root) = value else {
            return Err(parse_err("the top level is not an object".into()));
        };
        let strict_json = serde_json::from_str::<Value>(text).is_ok();
        Ok(Self {
            path: path.to_path_buf(),
            root,
            strict_json,
            source: Some(text.as_bytes().to_vec()),
        })
    }

    fn auth(&self) -> Option<&Map<String, Value>> {
        self.root.get("auth").and_then(Value::as_object)
    }

    /// `agents.list` (2026.5 and earlier) and `agents.entries` (2026.6+,
    /// `{<id>: {agentDir?, default?, …}}`), ids normalised, duplicates once.
    pub fn agents(&self) -> Vec<ConfiguredAgent> {
        let agents = self.root.get("agents");
        let list = agents
            .and_then(|a| a.get("list"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|e| {
                (
                    e.get("id").and_then(Value::as_str).unwrap_or("").to_owned(),
                    e,
                )
            });
        let entries = agents
            .and_then(|a| a.get("entries"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(id, e)| Some((id.clone(), e.as_object()?)));
        let mut out: Vec<ConfiguredAgent> = Vec::new();
        for (raw_id, entry) in list.chain(entries) {
            let id = normalize_agent_id(&raw_id);
            if out.iter().any(|a| a.id == id) {
                continue;
            }
            out.push(ConfiguredAgent {
                id,
                agent_dir: entry
                    .get("agentDir")
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_owned),
                default: entry
                    .get("default")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            });
        }
        out
    }

    /// The configured default agent: first `default: true`, else the first, else `main`.
    pub fn default_agent(&self) -> String {
        let agents = self.agents();
        agents
            .iter()
            .find(|a| a.default)
            .or(agents.first())
            .map_or_else(|| "main".into(), |a| a.id.clone())
    }

    /// `auth.profiles`: id → `{provider, mode, email?, displayName?}`.
    pub fn auth_profiles(&self) -> &Map<String, Value> {
        static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
        self.auth()
            .and_then(|a| a.get("profiles"))
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY)
    }

    /// `auth.order[provider]`, keys compared after normalisation.
    pub fn auth_order(&self, provider: &str) -> Option<Vec<String>> {
        provider_list(self.auth()?.get("order")?.as_object()?, provider)
    }

    /// `meta.lastTouchedVersion`, to spot a SQLite-era install (Appendix A).
    pub fn last_touched_version(&self) -> Option<&str> {
        self.root.get("meta")?.get("lastTouchedVersion")?.as_str()
    }
}

/// The file's bytes, `None` when there is no file.
pub(super) fn read_source(path: &Path) -> Result<Option<Vec<u8>>, ConfigError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(FileError::Read {
            path: path.to_path_buf(),
            source,
        }
        .into()),
    }
}

/// Whether an OpenClaw version (`2026.6.0`, `2026.9.6-beta.1`) is from the
/// SQLite era, i.e. later than 2026.5.x (Appendix A).
pub fn is_sqlite_era_version(version: &str) -> bool {
    let mut parts = version
        .trim()
        .trim_start_matches('v')
        .split(['.', '-'])
        .map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(year), Some(month)) => (year, month) > (2026, 5),
        _ => false,
    }
}

impl crate::error::Classify for ConfigError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::File(e) => e.code(),
            Self::Parse { .. } => crate::error::ErrorCode::Unreadable,
            Self::Include { .. } => crate::error::ErrorCode::ReadOnly,
            Self::Changed { .. } => crate::error::ErrorCode::Busy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn sqlite_era_versions() {
        assert!(!is_sqlite_era_version("2026.5.20"));
        assert!(!is_sqlite_era_version("2026.1.5"));
        assert!(is_sqlite_era_version("2026.6.0"));
        assert!(is_sqlite_era_version("2026.9.6-beta.1"));
        assert!(is_sqlite_era_version("2027.1.1"));
        assert!(!is_sqlite_era_version("garbage"));
    }

    #[test]
    fn reads_json5_agents_and_auth() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("openclaw.json");
        fs::write(
            &path,
            "// my config\n{agents: {list: [{id: 'Work', agentDir: '~/w'}, {id: 'ops', default: true}, {id: 'work'}]},\n auth: {order: {'Z.AI': ['zai:a']}, profiles: {'zai:a': {provider: 'zai', mode: 'api_key'}}},}\n",
        )
        .unwrap();
        let cfg = Config::read(&path).unwrap();
        assert_eq!(
            cfg.agents()
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>(),
            ["work", "ops"]
        );
        assert_eq!(cfg.agents()[0].agent_dir.as_deref(), Some("~/w"));
        assert_eq!(cfg.default_agent(), "ops");
        assert_eq!(cfg.auth_order("zai").unwrap(), ["zai:a"]);
        assert!(cfg.auth_profiles().contains_key("zai:a"));
    }

    #[test]
    fn agents_entries_of_the_sqlite_era_count_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("openclaw.json");
        fs::write(
            &path,
            r#"{"agents": {"ownership": "explicit", "entries": {"main": {"workspace": "/w"}, "Work": {"agentDir": "/s/agents/work/agent"}}}}"#,
        )
        .unwrap();
        let cfg = Config::read(&path).unwrap();
        let ids: Vec<_> = cfg.agents().iter().map(|a| a.id.clone()).collect();
        assert_eq!(ids, ["main", "work"]);
        assert_eq!(
            cfg.agents()[1].agent_dir.as_deref(),
            Some("/s/agents/work/agent")
        );
        assert_eq!(cfg.default_agent(), "main");
    }

    #[test]
    fn include_and_broken_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("openclaw.json");
        fs::write(&path, r#"{"auth": {"$include": "./auth.json5"}}"#).unwrap();
        let mut cfg = Config::read(&path).unwrap();
        assert!(matches!(
            cfg.update_auth(1, |_| {}),
            Err(ConfigError::Include { .. })
        ));
        fs::write(&path, "{auth: ").unwrap();
        assert!(matches!(
            Config::read(&path),
            Err(ConfigError::Parse { .. })
        ));
    }

    #[test]
    fn config_path_rules() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().to_str().unwrap().to_string();
        let env = Env::new([("HOME".into(), h.clone())], None, "/".into());
        let state = StateDir::resolve(&env);
        assert_eq!(
            config_path(&env, &state),
            home.path().join(".openclaw/openclaw.json")
        );
        fs::create_dir_all(home.path().join(".clawdbot")).unwrap();
        fs::write(home.path().join(".clawdbot/clawdbot.json"), "{}").unwrap();
        let state = StateDir::resolve(&env);
        assert_eq!(
            config_path(&env, &state),
            home.path().join(".clawdbot/clawdbot.json")
        );
        let env = Env::new(
            [
                ("HOME".into(), h),
                ("OPENCLAW_CONFIG_PATH".into(), "~/c.json".into()),
            ],
            None,
            "/".into(),
        );
        assert_eq!(config_path(&env, &state), home.path().join("c.json"));
    }
}
