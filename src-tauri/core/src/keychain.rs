//! API keys and static tokens kept in the OS keyring instead of the store
//! (`openclaw-store.md` §14): the profile gets a `keyRef`/`tokenRef` exec
//! SecretRef `{source: "exec", provider: "authtray", id: "<agent>/<profile>"}`
//! and `openclaw.json` a `secrets.providers.authtray` exec provider that runs
//! `authtray-cli secrets resolve` (§14.3), so OpenClaw resolves the key when
//! it needs it. The keyring itself and the resolver live here; moving a
//! profile in and out is `app::secrets`. A keyring that is missing or
//! locked changes nothing.

use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// The exec provider alias in `openclaw.json`.
pub const PROVIDER: &str = "authtray";
/// The keyring service every entry lives under.
const SERVICE: &str = "authtray";
/// Windows Credential Manager's limit on a secret.
const WINDOWS_LIMIT: usize = 2560;
/// What the resolver needs from OpenClaw's environment (nothing else is passed).
#[cfg(not(windows))]
const PASS_ENV: &[&str] = &[
    "HOME",
    "USER",
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_RUNTIME_DIR",
];
/// Windows: the user's profile folders and the system root (a process
/// started without `SystemRoot` cannot load the system's crypto).
#[cfg(windows)]
const PASS_ENV: &[&str] = &[
    "USERPROFILE",
    "USERNAME",
    "APPDATA",
    "LOCALAPPDATA",
    "SystemRoot",
    "TEMP",
];

/// The path OpenClaw runs to resolve keys: this program's, absolute, as a
/// plain path (Windows' canonical form `\\?\C:\…` is not one every
/// program takes).
pub fn resolver_path(exe: &Path) -> std::io::Result<PathBuf> {
    let real = std::fs::canonicalize(exe)?;
    Ok(plain(&real))
}

fn plain(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    match text.strip_prefix(r"\\?\") {
        Some(rest) => match rest.strip_prefix(r"UNC\") {
            Some(unc) => PathBuf::from(format!(r"\\{unc}")),
            None => PathBuf::from(rest),
        },
        None => path.to_path_buf(),
    }
}

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
}

impl crate::error::Classify for KeychainError {
    fn code(&self) -> crate::error::ErrorCode {
        use crate::error::ErrorCode;
        match self {
            Self::NothingToMove(_) | Self::NotInKeyring(_) | Self::TooLong(_) => {
                ErrorCode::InvalidInput
            }
            Self::NoProfile(_) => ErrorCode::NotFound,
            Self::Keyring(_) => ErrorCode::Unavailable,
        }
    }
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
pub fn fields(kind: &str) -> Option<(&'static str, &'static str)> {
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

/// Keeps `secret` in the keyring under `id`, checking it reads back.
pub fn put(id: &str, secret: &str) -> Result<(), KeychainError> {
    if cfg!(windows) && secret.len() > WINDOWS_LIMIT {
        return Err(KeychainError::TooLong(secret.len()));
    }
    let e = entry(id)?;
    e.set_password(secret)
        .map_err(|err| KeychainError::Keyring(err.to_string()))?;
    if e.get_password().ok().as_deref() != Some(secret) {
        let _ = e.delete_credential();
        return Err(KeychainError::Keyring(
            "it did not give the key back".into(),
        ));
    }
    Ok(())
}

/// The secret kept under `id`.
pub fn get(id: &str) -> Result<String, KeychainError> {
    password(id)
}

/// Forgets the secret kept under `id` (best effort).
pub fn delete(id: &str) {
    if let Ok(e) = entry(id) {
        let _ = e.delete_credential();
    }
}

/// The SecretRef a moved profile keeps in place of its secret.
pub fn secret_ref(id: &str) -> Value {
    json!({"source": "exec", "provider": PROVIDER, "id": id})
}

/// The keyring id a profile's ref names, if Authtray's.
pub fn ref_of(raw: &Value) -> Option<(String, &'static str, &'static str)> {
    let (field, ref_field) = fields(raw["type"].as_str().unwrap_or(""))?;
    let r = &raw[ref_field];
    if r["source"] != "exec" || r["provider"] != PROVIDER {
        return None;
    }
    Some((r["id"].as_str()?.to_owned(), field, ref_field))
}

/// `secrets.providers.authtray`: the exec provider OpenClaw runs (§14.2).
pub fn register_provider(root: &mut Map<String, Value>, resolver: &Path) {
    let resolver = plain(resolver);
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

    #[test]
    fn the_resolver_path_is_a_plain_one() {
        assert_eq!(
            plain(Path::new(r"\\?\C:\Users\a\authtray-cli.exe")),
            Path::new(r"C:\Users\a\authtray-cli.exe")
        );
        assert_eq!(
            plain(Path::new(r"\\?\UNC\srv\share\a.exe")),
            Path::new(r"\\srv\share\a.exe")
        );
        assert_eq!(
            plain(Path::new("/usr/bin/authtray-cli")),
            Path::new("/usr/bin/authtray-cli")
        );
    }
}
