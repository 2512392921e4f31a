//! Keys in the OS keyring (`openclaw-store.md` §14): a profile's plaintext
//! API key or token moves into the keyring and the store keeps an exec
//! SecretRef OpenClaw resolves by running Authtray (`secrets resolve`);
//! and the way back. The keyring entry is written first and rolled back
//! when the store cannot be; the store changes only if nobody changed the
//! key meanwhile.

use super::AppError;
use crate::install::{AgentRef, Install};
use crate::keychain::{self, KeychainError};
use crate::store::{load, update};
use crate::time::EpochMs;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Which profiles to move or restore.
#[derive(Clone, Copy, Debug)]
pub enum Which<'a> {
    One(&'a str),
    /// Every plaintext key and token of the agent (or every keyring-held one).
    All,
}

/// What a move did.
#[derive(Debug, Default)]
pub struct Moved {
    pub profiles: Vec<String>,
    /// The backup of an `openclaw.json` that used JSON5 syntax.
    pub config_backup: Option<PathBuf>,
}

/// Moves profiles' keys into the keyring; `resolver` is the absolute path
/// of the program OpenClaw will run to get them back (`authtray-cli`, or
/// the desktop binary). The first failure stops and is returned.
pub fn move_to_keyring(
    install: &mut Install,
    agent: Option<&str>,
    which: Which<'_>,
    resolver: &Path,
    now: EpochMs,
) -> Result<(AgentRef, Moved), AppError> {
    let agent = install.agent(agent)?;
    let ids = match which {
        Which::One(id) => vec![id.to_owned()],
        Which::All => keychain::plaintext_profiles(&load(
            install.store(),
            &install.layers(&agent).credentials,
        )?),
    };
    let mut moved = Moved::default();
    for id in &ids {
        move_one(install, &agent, id)?;
        moved.profiles.push(id.clone());
    }
    if !ids.is_empty() {
        install.changed(Some(&agent.id), "update");
        moved.config_backup = install
            .edit_config(|c| c.update(now, |root| keychain::register_provider(root, resolver)))?;
    }
    Ok((agent, moved))
}

fn move_one(install: &Install, agent: &AgentRef, profile_id: &str) -> Result<(), AppError> {
    let home = install.layers(agent).credentials;
    let store = load(install.store(), &home)?;
    let raw = store
        .profiles
        .get(profile_id)
        .ok_or_else(|| KeychainError::NoProfile(profile_id.to_owned()))?;
    let nothing = || KeychainError::NothingToMove(profile_id.to_owned());
    let (field, ref_field) =
        keychain::fields(raw["type"].as_str().unwrap_or("")).ok_or_else(nothing)?;
    let secret = raw[field]
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(nothing)?
        .to_owned();
    let id = keychain::ref_id(&agent.id, profile_id).ok_or_else(nothing)?;
    keychain::put(&id, &secret)?;
    let written = update(install.store(), &home, |s| {
        if let Some(Value::Object(p)) = s.profiles.get_mut(profile_id)
            && p.get(field).and_then(Value::as_str) == Some(secret.as_str())
        {
            p.remove(field);
            p.insert(ref_field.into(), keychain::secret_ref(&id));
        }
        Ok(())
    });
    if let Err(err) = written {
        keychain::delete(&id);
        return Err(err.into());
    }
    Ok(())
}

/// Puts keyring-held keys back into the store as plaintext and removes
/// their keyring entries; returns the profiles restored.
pub fn restore_from_keyring(
    install: &Install,
    agent: Option<&str>,
    which: Which<'_>,
) -> Result<(AgentRef, Vec<String>), AppError> {
    let agent = install.agent(agent)?;
    let home = install.layers(&agent).credentials;
    let store = load(install.store(), &home)?;
    let ids = match which {
        Which::One(id) => vec![id.to_owned()],
        Which::All => keychain::keyring_profiles(&store),
    };
    for profile_id in &ids {
        let raw = store
            .profiles
            .get(profile_id)
            .ok_or_else(|| KeychainError::NoProfile(profile_id.clone()))?;
        let (id, field, ref_field) =
            keychain::ref_of(raw).ok_or_else(|| KeychainError::NotInKeyring(profile_id.clone()))?;
        let secret = keychain::get(&id)?;
        update(install.store(), &home, |s| {
            if let Some(Value::Object(p)) = s.profiles.get_mut(profile_id) {
                p.remove(ref_field);
                p.insert(field.into(), json!(secret));
            }
            Ok(())
        })?;
        keychain::delete(&id);
    }
    if !ids.is_empty() {
        install.changed(Some(&agent.id), "update");
    }
    Ok((agent, ids))
}
