//! Edits of `openclaw.json`: they change only `auth.profiles` /
//! `auth.order` (or add an agent), keep every other key, refuse a file that
//! changed since it was read or that uses `$include`, and keep a backup
//! when comments or JSON5 syntax would be lost.

use super::{Config, ConfigError, read_source};
use crate::files::write_atomic;
use crate::json::to_json_bytes;
use crate::store::provider::normalize_provider;
use crate::time::EpochMs;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

impl Config {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

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
}
