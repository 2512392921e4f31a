//! Keys in the OS keyring (`openclaw-store.md` §14): a profile's plaintext
//! API key or token moves into the keyring and the store keeps an exec
//! SecretRef OpenClaw resolves by running Authtray (`secrets resolve`);
//! and the way back. Each profile is one operation (`operation`): the
//! keyring entry is written before the store and deleted again when the
//! store did not come to name it, even after a crash; the store changes
//! only if nobody changed the key meanwhile.

use super::AppError;
use super::operation::{self, KeyringEnd, KeyringStep, Plan, ProfileChange};
use crate::install::{AgentRef, Install};
use crate::keychain::{self, KeychainError};
use crate::secret::Secret;
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
/// the desktop binary). Each profile is one operation: keyring entry, then
/// the store (an entry the store never came to name is deleted again).
/// The first failure stops and is returned.
pub fn move_to_keyring(
    install: &mut Install,
    agent: Option<&str>,
    which: Which<'_>,
    resolver: &Path,
    now: EpochMs,
) -> Result<(AgentRef, Moved), AppError> {
    let agent = install.agent(agent)?;
    super::delegate::refuse_unless_direct(
        install,
        &install.layers(&agent).credentials,
        "moving keys into the keyring",
        "keep the keys in OpenClaw's store, or use OpenClaw's own SecretRefs (`openclaw secrets …`)",
    )?;
    let lock = install.lock()?;
    let ids = match which {
        Which::One(id) => vec![id.to_owned()],
        Which::All => keychain::plaintext_profiles(&load(
            install.store(),
            &install.layers(&agent).credentials,
        )?),
    };
    let mut moved = Moved::default();
    if ids.is_empty() {
        return Ok((agent, moved));
    }
    // The resolver first: registered with no ref naming it yet is harmless;
    // a ref naming an unregistered one is not.
    moved.config_backup = operation::edit_config(install, |c| {
        c.update(now, |root| keychain::register_provider(root, resolver))
    })?;
    let mut outcome = Ok(());
    for id in &ids {
        outcome = move_one(install, &agent, id, now);
        if outcome.is_err() {
            break;
        }
        moved.profiles.push(id.clone());
    }
    drop(lock); // the gateway is told without holding up other writers
    if !moved.profiles.is_empty() {
        install.changed(Some(&agent.id), "update");
    }
    outcome.map(|()| (agent, moved))
}

/// A profile with its secret in `from` moved to `to` holding `value`
/// (the same edit computes the plan and makes the write).
fn swapped(profile: &Value, from: &str, to: &str, value: Value) -> Value {
    let mut out = profile.clone();
    if let Value::Object(p) = &mut out {
        p.shift_remove(from);
        p.insert(to.into(), value);
    }
    out
}

fn move_one(
    install: &mut Install,
    agent: &AgentRef,
    profile_id: &str,
    now: EpochMs,
) -> Result<(), AppError> {
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
    let after = swapped(raw, field, ref_field, keychain::secret_ref(&id));
    let plan = Plan {
        what: format!(
            "move the key of {profile_id} (agent {}) into the keyring",
            agent.id
        ),
        store: home.clone(),
        changes: vec![ProfileChange::of(profile_id, Some(raw), Some(&after))],
        keyring: Some((
            KeyringStep {
                entry: id.clone(),
                if_written: KeyringEnd::Keep,
                if_not: KeyringEnd::Delete,
            },
            Some(Secret::new(secret.clone())),
        )),
    };
    operation::run(install, plan, now, |install| {
        Ok(update(install.store(), &home, |s| {
            if let Some(p) = s.profiles.get_mut(profile_id)
                && p.get(field).and_then(Value::as_str) == Some(secret.as_str())
            {
                *p = swapped(p, field, ref_field, keychain::secret_ref(&id));
            }
            Ok(())
        })?)
    })?;
    Ok(())
}

/// Puts keyring-held keys back into the store as plaintext and removes
/// their keyring entries (after the store has them); returns the profiles
/// restored.
pub fn restore_from_keyring(
    install: &mut Install,
    agent: Option<&str>,
    which: Which<'_>,
    now: EpochMs,
) -> Result<(AgentRef, Vec<String>), AppError> {
    let agent = install.agent(agent)?;
    let home = install.layers(&agent).credentials;
    let lock = install.lock()?;
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
        let after = swapped(raw, ref_field, field, json!(secret));
        let plan = Plan {
            what: format!(
                "take the key of {profile_id} (agent {}) out of the keyring",
                agent.id
            ),
            store: home.clone(),
            changes: vec![ProfileChange::of(profile_id, Some(raw), Some(&after))],
            keyring: Some((
                KeyringStep {
                    entry: id.clone(),
                    if_written: KeyringEnd::Delete,
                    if_not: KeyringEnd::Keep,
                },
                None,
            )),
        };
        operation::run(install, plan, now, |install| {
            Ok(update(install.store(), &home, |s| {
                if let Some(p) = s.profiles.get_mut(profile_id)
                    && keychain::ref_of(p).is_some_and(|(r, _, _)| r == id)
                {
                    *p = swapped(p, ref_field, field, json!(secret));
                }
                Ok(())
            })?)
        })?;
    }
    drop(lock); // the gateway is told without holding up other writers
    if !ids.is_empty() {
        install.changed(Some(&agent.id), "update");
    }
    Ok((agent, ids))
}
