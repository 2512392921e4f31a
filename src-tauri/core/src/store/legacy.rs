//! Importing the pre-store layouts when an agent has no `auth-profiles.json`
//! (§7.1 per-agent `auth.json`, §7.2 `credentials/oauth.json`), exactly as
//! OpenClaw's loader does. Nothing here writes; the write path does.

use super::model::AuthStore;
use super::provider::normalize_provider;
use crate::files::{FileError, read_json};
use serde_json::{Map, Value, json};
use std::path::Path;

/// What an absent store would be created from.
#[derive(Debug, Default, PartialEq)]
pub struct Import {
    pub store: AuthStore,
    /// `auth.json` was imported and is deleted after the store is written.
    pub consumed_auth_json: bool,
}

/// Builds the store OpenClaw would create for `agent_dir`: `auth.json`
/// entries, then `oauth.json` providers not yet present.
pub fn import(agent_dir: &Path, state_dir: &Path) -> Result<Import, FileError> {
    let mut out = Import::default();
    if let Some(Value::Object(auth)) = read_json(&agent_dir.join("auth.json"))?
        && !auth.contains_key("profiles")
    {
        for (key, cred) in &auth {
            if let Some(entry) = from_auth_json(key, cred) {
                out.store.upsert(&format!("{key}:default"), entry);
            }
        }
        out.consumed_auth_json = true;
    }
    if let Some(Value::Object(oauth)) = read_json(&state_dir.join("credentials/oauth.json"))? {
        for (provider, fields) in &oauth {
            let id = format!("{provider}:default");
            if let (false, Some(fields)) =
                (out.store.profiles.contains_key(&id), fields.as_object())
            {
                let mut entry = Map::new();
                entry.insert("type".into(), json!("oauth"));
                entry.insert("provider".into(), json!(normalize_provider(provider)));
                entry.extend(fields.clone());
                out.store.upsert(&id, Value::Object(entry));
            }
        }
    }
    Ok(out)
}

/// One pi-coding-agent entry → OpenClaw credential (§7.1).
fn from_auth_json(key: &str, cred: &Value) -> Option<Value> {
    let c = cred.as_object()?;
    let kind = c
        .get("type")
        .or_else(|| c.get("mode"))
        .and_then(Value::as_str)
        .unwrap_or("oauth");
    let provider = normalize_provider(c.get("provider").and_then(Value::as_str).unwrap_or(key));
    let mut out = Map::new();
    let copy = |out: &mut Map<String, Value>, fields: &[&str]| {
        for f in fields {
            if let Some(v) = c.get(*f) {
                out.insert((*f).into(), v.clone());
            }
        }
    };
    match kind {
        "api_key" => {
            out.extend([
                ("type".into(), json!("api_key")),
                ("provider".into(), json!(provider)),
            ]);
            if let Some(k) = c.get("key").or_else(|| c.get("apiKey")) {
                out.insert("key".into(), k.clone());
            }
            copy(&mut out, &["email"]);
        }
        "token" => {
            out.extend([
                ("type".into(), json!("token")),
                ("provider".into(), json!(provider)),
            ]);
            copy(&mut out, &["token", "expires", "email"]);
        }
        _ => {
            out.extend([
                ("type".into(), json!("oauth")),
                ("provider".into(), json!(provider)),
            ]);
            copy(
                &mut out,
                &[
                    "access",
                    "refresh",
                    "expires",
                    "enterpriseUrl",
                    "projectId",
                    "accountId",
                    "email",
                ],
            );
        }
    }
    Some(Value::Object(out))
}

/// The profiles of a legacy flat store (§7.3), as `openclaw doctor --fix`
/// converts them: `p` → `p:default`, type given or inferred, prototype keys
/// and entries of unknown shape skipped.
pub fn from_flat(flat: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, cred) in flat.as_object().into_iter().flatten() {
        let Some(c) = cred.as_object() else { continue };
        if matches!(key.as_str(), "__proto__" | "constructor" | "prototype") {
            continue;
        }
        let given = c
            .get("type")
            .or_else(|| c.get("mode"))
            .and_then(Value::as_str);
        let inferred = if c.contains_key("key") || c.contains_key("apiKey") {
            "api_key"
        } else if c.contains_key("token") {
            "token"
        } else if ["access", "refresh", "expires"]
            .iter()
            .all(|f| c.contains_key(*f))
        {
            "oauth"
        } else {
            continue;
        };
        let kind = given.unwrap_or(inferred);
        if !matches!(kind, "api_key" | "token" | "oauth") {
            continue;
        }
        let mut entry = c.clone();
        entry.remove("mode");
        if let Some(k) = entry.remove("apiKey") {
            entry.entry("key").or_insert(k);
        }
        entry.insert("type".into(), json!(kind));
        entry.insert(
            "provider".into(),
            json!(normalize_provider(
                c.get("provider").and_then(Value::as_str).unwrap_or(key)
            )),
        );
        out.insert(format!("{key}:default"), Value::Object(entry));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn imports_auth_json_then_oauth_json_for_missing_providers() {
        let state = tempfile::tempdir().unwrap();
        let agent = state.path().join("agents/main/agent");
        fs::create_dir_all(&agent).unwrap();
        fs::create_dir_all(state.path().join("credentials")).unwrap();
        fs::write(
            agent.join("auth.json"),
            r#"{"openrouter":{"mode":"api_key","apiKey":"sk-or"},"anthropic":{"type":"oauth","access":"a","refresh":"r","expires":5,"junk":1}}"#,
        )
        .unwrap();
        fs::write(
            state.path().join("credentials/oauth.json"),
            r#"{"anthropic":{"access":"old"},"openai-codex":{"access":"c","refresh":"cr","expires":9,"accountId":"acct"}}"#,
        )
        .unwrap();

        let import = import(&agent, state.path()).unwrap();
        assert!(import.consumed_auth_json);
        assert_eq!(
            Value::Object(import.store.profiles),
            json!({
                "openrouter:default": {"type": "api_key", "provider": "openrouter", "key": "sk-or"},
                "anthropic:default": {"type": "oauth", "provider": "anthropic", "access": "a", "refresh": "r", "expires": 5},
                "openai-codex:default": {"type": "oauth", "provider": "openai-codex", "access": "c", "refresh": "cr", "expires": 9, "accountId": "acct"}
            })
        );
    }

    #[test]
    fn flat_stores_convert_like_doctor() {
        let flat = json!({"openrouter": {"apiKey": "k"}, "anthropic": {"token": "t"}, "__proto__": {"key": "x"}, "odd": {"x": 1}, "aws": {"type": "aws-sdk"}});
        assert_eq!(
            Value::Object(from_flat(&flat)),
            json!({
                "openrouter:default": {"key": "k", "type": "api_key", "provider": "openrouter"},
                "anthropic:default": {"token": "t", "type": "token", "provider": "anthropic"}
            })
        );
    }

    #[test]
    fn nothing_to_import_is_an_empty_store() {
        let state = tempfile::tempdir().unwrap();
        let import = import(&state.path().join("agents/x/agent"), state.path()).unwrap();
        assert_eq!(import, Import::default());
    }
}
