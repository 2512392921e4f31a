//! `openclaw.json` (JSON5): where it is (§1.3), the configured agents (§1.6),
//! and the `auth` section (§12). Edits change only `auth.profiles` /
//! `auth.order`, keep every other key, and keep a backup when comments or
//! JSON5 syntax would be lost.

use crate::files::{FileError, write_atomic};
use crate::json::to_json_bytes;
use crate::paths::{Env, StateDir};
use crate::store::model::provider_list;
use crate::store::provider::normalize_provider;
use crate::time::EpochMs;
use serde_json::{Map, Value, json};
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

    /// Changes `auth` through `edit` and writes the file (see [`Self::update`]).
    pub fn update_auth(
        &mut self,
        now: EpochMs,
        edit: impl FnOnce(&mut Map<String, Value>),
    ) -> Result<Option<PathBuf>, ConfigError> {
        if self.auth().is_some_and(|a| a.contains_key("$include")) {
            return Err(ConfigError::Include {
                path: self.path.clone(),
            });
        }
        self.update(now, |root| {
            let mut auth = root
                .get("auth")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            edit(&mut auth);
            for section in ["profiles", "order"] {
                if auth
                    .get(section)
                    .and_then(Value::as_object)
                    .is_some_and(Map::is_empty)
                {
                    auth.remove(section);
                }
            }
            if auth.is_empty() {
                root.remove("auth");
            } else {
                root.insert("auth".into(), Value::Object(auth));
            }
        })
    }

    /// Registers an agent in `agents.list` as `openclaw agents add` does.
    /// An empty list first gets `{id: "main"}` so the default agent stays main.
    pub fn add_agent(
        &mut self,
        now: EpochMs,
        id: &str,
        agent_dir: &Path,
    ) -> Result<Option<PathBuf>, ConfigError> {
        if self.agents().iter().any(|a| a.id == id) {
            return Ok(None);
        }
        self.update(now, |root| {
            let agents = root.entry("agents").or_insert_with(|| json!({}));
            if !agents.is_object() {
                *agents = json!({});
            }
            let list = agents
                .as_object_mut()
                .expect("object")
                .entry("list")
                .or_insert_with(|| json!([]));
            if !list.is_array() {
                *list = json!([]);
            }
            let list = list.as_array_mut().expect("array");
            if list.is_empty() {
                list.push(json!({"id": "main"}));
            }
            list.push(json!({"id": id, "agentDir": agent_dir}));
        })
    }

    /// Applies `edit` to the whole config and writes it atomically as plain
    /// JSON. Returns the backup made when the original used JSON5 syntax or
    /// comments (they cannot be kept). Refuses files built with `$include`.
    pub fn update(
        &mut self,
        now: EpochMs,
        edit: impl FnOnce(&mut Map<String, Value>),
    ) -> Result<Option<PathBuf>, ConfigError> {
        if self.root.contains_key("$include") {
            return Err(ConfigError::Include {
                path: self.path.clone(),
            });
        }
        if read_source(&self.path)? != self.source {
            return Err(ConfigError::Changed {
                path: self.path.clone(),
            });
        }
        edit(&mut self.root);
        let backup = match (&self.source, self.strict_json) {
            (Some(original), false) => {
                let backup = self
                    .path
                    .with_file_name(format!("openclaw.json.authtray-{now}.bak"));
                write_atomic(&backup, original)?;
                Some(backup)
            }
            _ => None,
        };
        let bytes = to_json_bytes(&Value::Object(self.root.clone()));
        write_atomic(&self.path, &bytes)?;
        self.strict_json = true;
        self.source = Some(bytes);
        Ok(backup)
    }
}

/// The file's bytes, `None` when there is no file.
fn read_source(path: &Path) -> Result<Option<Vec<u8>>, ConfigError> {
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

/// Sets `auth.order[provider]` (or removes it with `None`) in an `auth` map.
pub fn set_auth_order(auth: &mut Map<String, Value>, provider: &str, ids: Option<&[String]>) {
    let provider = normalize_provider(provider);
    let order = auth.entry("order").or_insert_with(|| json!({}));
    if let Some(order) = order.as_object_mut() {
        order.retain(|k, _| normalize_provider(k) != provider);
        if let Some(ids) = ids {
            order.insert(provider, json!(ids));
        }
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

/// OpenClaw's `normalizeAgentId` (§1.6).
pub fn normalize_agent_id(raw: &str) -> String {
    let id = raw.trim();
    if id.is_empty() {
        return "main".into();
    }
    let valid = id.len() <= 64
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        return id.to_ascii_lowercase();
    }
    let mut out = String::new();
    for c in id.to_lowercase().chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(64).collect();
    if trimmed.is_empty() {
        "main".into()
    } else {
        trimmed
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
    fn agent_ids_normalise_like_openclaw() {
        assert_eq!(normalize_agent_id("  "), "main");
        assert_eq!(normalize_agent_id("Work_1"), "work_1");
        assert_eq!(normalize_agent_id("My Agent!!"), "my-agent");
        assert_eq!(normalize_agent_id("--x--"), "x");
        assert_eq!(normalize_agent_id("ü"), "main");
        assert_eq!(normalize_agent_id(&"a".repeat(70)).len(), 64);
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
    fn auth_edits_keep_everything_else_and_back_up_json5() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("openclaw.json");
        fs::write(&path, "{\n  // keep me\n  gateway: {mode: 'local'},\n  meta: {lastTouchedVersion: '2026.5.20'},\n}\n").unwrap();
        let mut cfg = Config::read(&path).unwrap();
        let backup = cfg
            .update_auth(42, |auth| {
                set_auth_order(auth, "anthropic", Some(&["anthropic:a".into()]))
            })
            .unwrap();
        let backup = backup.expect("comments would be lost: backup");
        assert!(fs::read_to_string(&backup).unwrap().contains("// keep me"));
        let written: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            written,
            json!({"gateway": {"mode": "local"}, "meta": {"lastTouchedVersion": "2026.5.20"}, "auth": {"order": {"anthropic": ["anthropic:a"]}}})
        );
        let mut cfg = Config::read(&path).unwrap();
        assert_eq!(
            cfg.update_auth(43, |auth| set_auth_order(auth, "anthropic", None))
                .unwrap(),
            None,
            "plain JSON: no backup"
        );
        assert!(!fs::read_to_string(&path).unwrap().contains("auth"));
    }

    #[test]
    fn added_agents_keep_main_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("openclaw.json");
        let mut cfg = Config::read(&path).unwrap();
        cfg.add_agent(1, "work", Path::new("/s/agents/work/agent"))
            .unwrap();
        cfg.add_agent(2, "work", Path::new("/elsewhere")).unwrap();
        let cfg = Config::read(&path).unwrap();
        assert_eq!(
            cfg.agents()
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>(),
            ["main", "work"]
        );
        assert_eq!(cfg.default_agent(), "main");
        assert_eq!(
            cfg.agents()[1].agent_dir.as_deref(),
            Some("/s/agents/work/agent")
        );
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("openclaw.json");
        fs::write(&path, "{}").unwrap();
        let mut cfg = Config::read(&path).unwrap();
        fs::write(&path, r#"{"gateway": {"mode": "local"}}"#).unwrap();
        assert!(matches!(
            cfg.update_auth(1, |auth| set_auth_order(auth, "x", Some(&["x:a".into()]))),
            Err(ConfigError::Changed { .. })
        ));
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            r#"{"gateway": {"mode": "local"}}"#
        );
        let mut cfg = Config::read(&path).unwrap();
        cfg.update_auth(2, |auth| set_auth_order(auth, "x", Some(&["x:a".into()])))
            .unwrap();
        cfg.update_auth(3, |auth| set_auth_order(auth, "y", Some(&["y:a".into()])))
            .expect("its own write is what it last saw");
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
