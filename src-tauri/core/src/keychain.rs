//! API keys and static tokens kept in the OS keyring instead of the store
//! (`openclaw-store.md` §14): the profile gets a `keyRef`/`tokenRef` exec
//! SecretRef `{source: "exec", provider: "authtray", id: "<agent>/<profile>"}`
//! and `openclaw.json` a `secrets.providers.authtray` exec provider that runs
//! `authtray-cli secrets resolve` (§14.3), so OpenClaw resolves the key when
//! it needs it. And the way back out. A keyring that is missing or locked
//! changes nothing.

use crate::config::Config;
use crate::store::{StoreContext, StoreError, load, update};
use crate::time::EpochMs;
use serde_json::{Map, Value, json};
use std::path::Path;

/// The exec provider alias in `openclaw.json`.
pub const PROVIDER: &str = "authtray";
/// The keyring service every entry lives under.
const SERVICE: &str = "authtray";
/// Windows Credential Manager's limit on a secret.
const WINDOWS_LIMIT: usize = 2560;
/// What the resolver needs from OpenClaw's environment (nothing else is passed).
const PASS_ENV: [&str; 4] = [
    "HOME",
    "USER",
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_RUNTIME_DIR",
];

#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    #[error("{0} has no plaintext API key or token to move (OAuth logins stay in the store)")]
    NothingToMove(String),
    #[error("{0} is not kept in the keyring")]
    NotInKeyring(String),
    #[error("no profile {0}")]
    NoProfile(String),
    #[error(
        "the key is {0} bytes; Windows Credential Manager keeps at most 2560 — it stays in the store"
    )]
    TooLong(usize),
    #[error(
        "the keyring is not available ({0}); the key stays in the store. On Linux a Secret Service (GNOME Keyring, KWallet) must be running and unlocked"
    )]
    Keyring(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

fn entry(id: &str) -> Result<keyring::Entry, KeychainError> {
    keyring::Entry::new(SERVICE, id).map_err(|e| KeychainError::Keyring(e.to_string()))
}

fn password(id: &str) -> Result<String, KeychainError> {
    entry(id)?.get_password().map_err(|e| match e {
        keyring::Error::NoEntry => KeychainError::NotInKeyring(id.to_owned()),
        other => KeychainError::Keyring(other.to_string()),
    })
}

/// The SecretRef id of a profile: `<agent>/<profile id>` (§14.1 exec ids).
pub fn ref_id(agent_id: &str, profile_id: &str) -> Option<String> {
    let id = format!("{agent_id}/{profile_id}");
    let ok = id.len() <= 256
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._:/-".contains(c))
        && !id.split('/').any(|seg| seg == "." || seg == "..");
    ok.then_some(id)
}

/// Which field holds the secret of a credential type, and its ref field.
fn fields(kind: &str) -> Option<(&'static str, &'static str)> {
    match kind {
        "api_key" => Some(("key", "keyRef")),
        "token" => Some(("token", "tokenRef")),
        _ => None,
    }
}

/// Profiles of `store` with a plaintext API key or token (what `--all` moves).
pub fn plaintext_profiles(store: &crate::store::AuthStore) -> Vec<String> {
    select(store, |p, field, _| {
        p[field].as_str().is_some_and(|v| !v.trim().is_empty())
    })
}

/// Profiles of `store` whose key or token Authtray keeps in the keyring.
pub fn keyring_profiles(store: &crate::store::AuthStore) -> Vec<String> {
    select(store, |p, _, ref_field| {
        p[ref_field]["provider"] == PROVIDER
    })
}

fn select(
    store: &crate::store::AuthStore,
    keep: impl Fn(&Value, &str, &str) -> bool,
) -> Vec<String> {
    store
        .profiles
        .iter()
        .filter(|(_, p)| {
            fields(p["type"].as_str().unwrap_or(""))
                .is_some_and(|(field, ref_field)| keep(p, field, ref_field))
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// Moves a profile's plaintext key (or token) into the keyring and leaves
/// an exec SecretRef in its place; `resolver` is the absolute path of
/// `authtray-cli`, which OpenClaw will run. Returns the backup of an
/// `openclaw.json` that used JSON5 syntax (it is rewritten as JSON).
pub fn move_to_keyring(
    ctx: &StoreContext,
    config: &mut Config,
    agent_id: &str,
    agent_dir: &Path,
    profile_id: &str,
    resolver: &Path,
    now: EpochMs,
) -> Result<Option<std::path::PathBuf>, KeychainError> {
    let store = load(ctx, agent_dir)?;
    let raw = store
        .profiles
        .get(profile_id)
        .ok_or_else(|| KeychainError::NoProfile(profile_id.to_owned()))?;
    let nothing = || KeychainError::NothingToMove(profile_id.to_owned());
    let (field, ref_field) = fields(raw["type"].as_str().unwrap_or("")).ok_or_else(nothing)?;
    let secret = raw[field]
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(nothing)?
        .to_owned();
    if cfg!(windows) && secret.len() > WINDOWS_LIMIT {
        return Err(KeychainError::TooLong(secret.len()));
    }
    let id = ref_id(agent_id, profile_id).ok_or_else(nothing)?;
    let e = entry(&id)?;
    e.set_password(&secret)
        .map_err(|err| KeychainError::Keyring(err.to_string()))?;
    if e.get_password().ok().as_deref() != Some(secret.as_str()) {
        let _ = e.delete_credential();
        return Err(KeychainError::Keyring(
            "it did not give the key back".into(),
        ));
    }
    let written = update(ctx, agent_dir, |s| {
        if let Some(Value::Object(p)) = s.profiles.get_mut(profile_id) {
            // Only if nobody changed the key meanwhile.
            if p.get(field).and_then(Value::as_str) == Some(secret.as_str()) {
                p.remove(field);
                p.insert(
                    ref_field.into(),
                    json!({"source": "exec", "provider": PROVIDER, "id": id}),
                );
            }
        }
        Ok(())
    });
    if let Err(err) = written {
        let _ = e.delete_credential();
        return Err(err.into());
    }
    Ok(config.update(now, |root| register_provider(root, resolver))?)
}

/// `secrets.providers.authtray`: the exec provider OpenClaw runs (§14.2).
fn register_provider(root: &mut Map<String, Value>, resolver: &Path) {
    let secrets = root
        .entry("secrets")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(secrets) = secrets else { return };
    let providers = secrets.entry("providers").or_insert_with(|| json!({}));
    if let Some(providers) = providers.as_object_mut() {
        providers.insert(
            PROVIDER.into(),
            json!({
                "source": "exec",
                "command": resolver.display().to_string(),
                "args": ["secrets", "resolve"],
                "passEnv": PASS_ENV,
                "jsonOnly": true,
            }),
        );
    }
}

/// Puts a keyring-held key back into the store as plaintext and removes the
/// keyring entry.
pub fn restore_from_keyring(
    ctx: &StoreContext,
    agent_dir: &Path,
    profile_id: &str,
) -> Result<(), KeychainError> {
    let store = load(ctx, agent_dir)?;
    let raw = store
        .profiles
        .get(profile_id)
        .ok_or_else(|| KeychainError::NoProfile(profile_id.to_owned()))?;
    let not_ours = || KeychainError::NotInKeyring(profile_id.to_owned());
    let (field, ref_field) = fields(raw["type"].as_str().unwrap_or("")).ok_or_else(not_ours)?;
    let r = &raw[ref_field];
    if r["source"] != "exec" || r["provider"] != PROVIDER {
        return Err(not_ours());
    }
    let id = r["id"].as_str().ok_or_else(not_ours)?.to_owned();
    let secret = password(&id)?;
    update(ctx, agent_dir, |s| {
        if let Some(Value::Object(p)) = s.profiles.get_mut(profile_id) {
            p.remove(ref_field);
            p.insert(field.into(), json!(secret));
        }
        Ok(())
    })?;
    let _ = entry(&id)?.delete_credential();
    Ok(())
}

/// OpenClaw's exec protocol (§14.3): the request on stdin, the answer for
/// stdout. Unknown ids and keyring failures become per-id errors.
pub fn resolve(request: &[u8]) -> Value {
    let req: Value = serde_json::from_slice(request).unwrap_or(Value::Null);
    let mut values = Map::new();
    let mut errors = Map::new();
    for id in req["ids"].as_array().into_iter().flatten() {
        let Some(id) = id.as_str() else { continue };
        match password(id) {
            Ok(secret) => {
                values.insert(id.into(), json!(secret));
            }
            Err(err) => {
                errors.insert(id.into(), json!({"message": err.to_string()}));
            }
        }
    }
    json!({"protocolVersion": 1, "values": values, "errors": errors})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_ids_follow_openclaws_exec_id_rule() {
        assert_eq!(
            ref_id("main", "openrouter:default").as_deref(),
            Some("main/openrouter:default")
        );
        assert_eq!(ref_id("main", "a b"), None);
        assert_eq!(ref_id("main", ".."), None);
        assert_eq!(ref_id("-x", "p"), None);
    }

    #[test]
    fn a_malformed_request_gets_an_empty_answer_of_the_protocol() {
        assert_eq!(
            resolve(b"not json"),
            json!({"protocolVersion": 1, "values": {}, "errors": {}})
        );
    }
}
