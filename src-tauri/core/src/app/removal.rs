//! Taking profiles out and putting them back: remove (from the agent's own
//! store, and from `openclaw.json` when no other store holds it) and undo
//! (the store as it was before its last change) — each one operation.

use super::AppError;
use super::operation::{self, Plan, ProfileChange};
use crate::install::{AgentRef, Install};
use crate::store::{StoreError, load};
use crate::time::EpochMs;

/// What a removal did.
#[derive(Debug)]
pub struct Removed {
    pub agent: AgentRef,
    /// OpenClaw removed it (`app::delegate`): how, in words; no undo then.
    pub through: Option<String>,
}

/// Removes a profile from the agent's own store (undo brings it back), and
/// from `openclaw.json` when no other store holds it.
pub fn remove(
    install: &mut Install,
    agent: Option<&str>,
    id: &str,
    now: EpochMs,
) -> Result<Removed, AppError> {
    let agent = install.agent(agent)?;
    let home = install.layers(&agent).credentials;
    if !install.writes_directly(&agent) {
        let store = load(install.store(), &home)?;
        let provider =
            store
                .credential(id)
                .map(|c| c.provider)
                .ok_or_else(|| StoreError::NoProfile {
                    id: id.to_owned(),
                    store: home.to_string(),
                })?;
        let done = super::delegate::remove(install, &agent, &provider, id)?;
        return Ok(Removed {
            agent,
            through: Some(done.way.describe()),
        });
    }
    let lock = install.lock()?;
    let store = load(install.store(), &home)?;
    let plan = Plan {
        what: format!("remove {id} (agent {})", agent.id),
        store: home.clone(),
        changes: store
            .profiles
            .get(id)
            .map(|cred| ProfileChange::of(id, Some(cred), None))
            .into_iter()
            .collect(),
        keyring: None,
    };
    operation::run(install, plan, now, |install| {
        Ok(crate::store::remove_profile(install.store(), &home, id)?)
    })?;
    drop(lock); // the gateway is told without holding up other writers
    install.changed(Some(&agent.id), "logout");
    Ok(Removed {
        agent,
        through: None,
    })
}

/// Restores the agent's store to the version before its last change (of
/// either of its layers in the SQLite era: its credentials' home and its
/// own state), and `openclaw.json`'s listing with it; returns when that
/// version was taken.
pub fn undo(
    install: &mut Install,
    agent: Option<&str>,
    now: EpochMs,
) -> Result<(AgentRef, EpochMs), AppError> {
    let agent = install.agent(agent)?;
    let layers = install.layers(&agent);
    super::delegate::refuse_unless_direct(
        install,
        &layers.credentials,
        "undo",
        "OpenClaw keeps no undo: add or remove the profile with `openclaw models auth …`",
    )?;
    let lock = install.lock()?;
    let newest = [&layers.credentials, &layers.own]
        .into_iter()
        .filter_map(|loc| {
            crate::store::undo::newest_undo(install.store(), loc)
                .ok()
                .flatten()
                .map(|(_, s)| (s, loc))
        })
        .max_by_key(|(s, _)| s.taken_at);
    let Some((kept, loc)) = newest else {
        return Err(StoreError::NothingToUndo {
            store: layers.credentials.to_string(),
        }
        .into());
    };
    let now_stored = load(install.store(), loc)?;
    let then = crate::store::undo::kept_store(loc, &kept)?;
    let ids: Vec<&String> = now_stored
        .profiles
        .keys()
        .chain(
            then.profiles
                .keys()
                .filter(|id| !now_stored.profiles.contains_key(*id)),
        )
        .collect();
    let changes = ids
        .into_iter()
        .filter(|id| now_stored.profiles.get(*id) != then.profiles.get(*id))
        .map(|id| ProfileChange::of(id, now_stored.profiles.get(id), then.profiles.get(id)))
        .collect();
    let plan = Plan {
        what: format!("undo the last change of agent {}", agent.id),
        store: loc.clone(),
        changes,
        keyring: None,
    };
    let done = operation::run(install, plan, now, |install| {
        Ok(crate::store::undo(install.store(), loc)?)
    })?;
    drop(lock); // the gateway is told without holding up other writers
    install.changed(Some(&agent.id), "update");
    Ok((agent, done.out.taken_at))
}
