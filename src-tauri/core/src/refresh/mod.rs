//! Owner-aware refresh (`openclaw-store.md` §6.7, 9.4; `oauth-providers.md`
//! §14): only OAuth profiles this store owns, one refresher at a time per
//! profile across every process (OpenClaw's refresh lock, then the store
//! lock), never a refresh token spent twice, never one Authtray does not own.

pub mod memory;
pub mod request;

use crate::oauth::token::RefreshFailure;
use crate::paths::Env;
use crate::secret::Secret;
use crate::store::lock::{LockError, LockPolicy, acquire};
use crate::store::owner::{Owner, owner};
use crate::store::{Credential, CredentialType, Location, StoreContext, StoreError, load, update};
use crate::time::{EpochMs, MINUTE};
use memory::{Record, RefreshMemory};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Refresh this long before expiry unless configured otherwise.
pub const DEFAULT_WINDOW: EpochMs = 10 * MINUTE;
/// A profile OpenClaw has not used for this long is inactive: the app keeps
/// it alive only when the user asked for it.
pub const INACTIVE_AFTER: EpochMs = 14 * 24 * 60 * MINUTE;

/// One profile to refresh, as seen when planning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The agent whose view it was found through.
    pub agent_id: String,
    /// The store that holds it (the shared one for an inherited profile).
    pub store: Location,
    pub profile_id: String,
    pub provider: String,
    pub expires: Option<EpochMs>,
    /// OpenClaw has not used it for [`INACTIVE_AFTER`] (`usageStats.lastUsed`).
    pub inactive: bool,
    /// The refresh token seen when planning: if the store holds another one
    /// by the time we hold the lock, someone else refreshed.
    seen_refresh: Secret,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Refreshed {
        expires: EpochMs,
    },
    /// Nothing spent: with the reason (already refreshed, busy, backing off…).
    Skipped(String),
    NeedsReconnect(String),
    /// A transient failure; the next attempt waits until `retry_at`.
    Failed {
        reason: String,
        retry_at: EpochMs,
    },
}

/// Store-owned OAuth profiles Authtray can refresh in `agent`'s view: its
/// own layer's, and the shared store's that it inherits. With `window`,
/// only those expiring within it.
pub fn candidates(
    ctx: &StoreContext,
    agent_id: &str,
    agent_dir: &Path,
    window: Option<EpochMs>,
    now: EpochMs,
) -> Result<Vec<Candidate>, StoreError> {
    let layers = ctx.layers(agent_id, agent_dir);
    let own = load(ctx, &layers.own)?;
    let mut stores = vec![(layers.own.clone(), own.clone())];
    if let Some(shared) = layers.shared {
        let store = load(ctx, &shared)?;
        stores.push((shared, store));
    }
    let mut out = Vec::new();
    for (i, (dir, store)) in stores.iter().enumerate() {
        for (id, cred) in store.credentials() {
            let Ok(cred) = cred else { continue };
            if i > 0 && own.profiles.contains_key(id) {
                continue; // the agent's own copy wins
            }
            let Some(mut candidate) = candidate(agent_id, dir, id, &cred) else {
                continue;
            };
            let last_used = store
                .state
                .usage_stats
                .get(id)
                .and_then(|u| u["lastUsed"].as_i64());
            candidate.inactive = last_used.is_some_and(|t| now - t > INACTIVE_AFTER);
            let due = window.is_none_or(|w| candidate.expires.is_none_or(|e| e - now <= w));
            if due {
                out.push(candidate);
            }
        }
    }
    Ok(out)
}

fn candidate(agent_id: &str, store: &Location, id: &str, cred: &Credential) -> Option<Candidate> {
    let refresh = cred.refresh.clone()?;
    let ours = cred.kind == CredentialType::Oauth
        && owner(id, cred) == Owner::Store
        && crate::providers::refresher(&cred.provider).is_some();
    ours.then(|| Candidate {
        agent_id: agent_id.to_owned(),
        store: store.clone(),
        profile_id: id.to_owned(),
        provider: cred.provider.clone(),
        expires: cred.expires_at(),
        inactive: false,
        seen_refresh: refresh,
    })
}

/// How long to wait for another process's refresh of the same profile
/// (shorter when the store lock budget is, e.g. `--lock-timeout`).
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// Refreshes one planned profile under the refresh lock then the store
/// lock. `force`: refresh even if it is not due (Refresh now) and even
/// while backing off.
pub fn refresh(
    ctx: &StoreContext,
    env: &Env,
    c: &Candidate,
    force: bool,
    window: EpochMs,
    now: fn() -> EpochMs,
) -> Outcome {
    if !ctx.writes_directly(&c.store) {
        return Outcome::Skipped(
            "OpenClaw refreshes it: Authtray writes this store's schema only through OpenClaw"
                .into(),
        );
    }
    let memory = RefreshMemory::load(&ctx.data_dir);
    match memory.get(&c.store.key(), &c.profile_id, c.seen_refresh.expose()) {
        Some(Record::NeedsReconnect { reason, .. }) => {
            return Outcome::NeedsReconnect(reason.clone());
        }
        Some(Record::Backoff { retry_at, .. }) if !force && *retry_at > now() => {
            return Outcome::Skipped(format!(
                "waiting after a failure until {}",
                crate::time::to_iso(*retry_at)
            ));
        }
        _ => {}
    }
    let lock_path = ctx.refresh_lock_path(&c.provider, &c.profile_id);
    let wait = ctx.lock_policy.budget.min(LOCK_WAIT);
    let _held = match acquire(&lock_path, LockPolicy::REFRESH.with_budget(wait)) {
        Ok(held) => held,
        Err(LockError::Busy { holder, .. }) => {
            return Outcome::Skipped(format!(
                "another process is refreshing it ({holder}); it will be retried later"
            ));
        }
        Err(e) => return Outcome::Skipped(e.to_string()),
    };
    refresh_locked(ctx, env, c, force, window, now)
}

/// Records what a refresh attempt taught, in the memory as it is on disk now.
fn remember<T>(ctx: &StoreContext, change: impl FnOnce(&mut RefreshMemory) -> T) -> Option<T> {
    RefreshMemory::update(&ctx.data_dir, change)
        .map_err(|e| eprintln!("authtray: cannot save the refresh state: {e}"))
        .ok()
}

fn refresh_locked(
    ctx: &StoreContext,
    env: &Env,
    c: &Candidate,
    force: bool,
    window: EpochMs,
    now: fn() -> EpochMs,
) -> Outcome {
    let mut spent_retry = false;
    let mut expected = c.seen_refresh.expose().to_owned();
    loop {
        // Under the refresh lock: what is in the store now?
        let stored = match current(ctx, c) {
            Ok(Some(s)) => s,
            Ok(None) => return Outcome::Skipped("the profile is gone".into()),
            Err(e) => return Outcome::Skipped(e.to_string()),
        };
        let (raw, refresh, expires) = stored;
        if crate::store::credential::is_fenced(&raw) {
            return Outcome::Skipped("OpenClaw is refreshing it right now".into());
        }
        if refresh != expected {
            return Outcome::Skipped("already refreshed by another process".into());
        }
        if !force && expires.is_some_and(|e| e - now() > window) {
            return Outcome::Skipped("not due".into());
        }
        match request::request(&c.provider, &raw, &refresh, env) {
            Ok(tokens) => {
                let written = update(ctx, &c.store, |store| {
                    // Re-read under the store lock: merge into what is there now.
                    let base = store
                        .profiles
                        .get(&c.profile_id)
                        .cloned()
                        .unwrap_or(raw.clone());
                    if crate::store::credential::is_fenced(&base) {
                        return Err(StoreError::Fenced {
                            id: c.profile_id.clone(),
                        });
                    }
                    let merged = request::merged(&c.provider, &base, &tokens, now());
                    let expires = merged["expires"].as_i64().unwrap_or(0);
                    store.upsert(&c.profile_id, merged);
                    Ok(expires)
                });
                return match written {
                    Ok(expires) => {
                        remember(ctx, |m| m.clear(&c.store.key(), &c.profile_id));
                        Outcome::Refreshed { expires }
                    }
                    // The provider rotated the token but it could not be saved:
                    // say so loudly, the profile will need a reconnect.
                    Err(e) => Outcome::NeedsReconnect(format!(
                        "refreshed, but the new tokens could not be saved: {e}"
                    )),
                };
            }
            Err(RefreshFailure::Reused) if !spent_retry => {
                // Another writer may have spent it: reload and retry once.
                spent_retry = true;
                match current(ctx, c) {
                    Ok(Some((_, newer, _))) if newer != refresh => {
                        return Outcome::Skipped("already refreshed by another process".into());
                    }
                    _ => expected = refresh,
                }
            }
            Err(failure @ (RefreshFailure::Reused | RefreshFailure::NeedsReconnect { .. })) => {
                let reason = match failure {
                    RefreshFailure::NeedsReconnect { reason } => reason,
                    _ => "the refresh token was already used (refresh_token_reused)".to_owned(),
                };
                remember(ctx, |m| {
                    m.needs_reconnect(
                        &c.store.key(),
                        &c.profile_id,
                        &refresh,
                        reason.clone(),
                        now(),
                    );
                });
                return Outcome::NeedsReconnect(reason);
            }
            Err(RefreshFailure::Transient { reason }) => {
                let retry_at = remember(ctx, |m| {
                    m.back_off(
                        &c.store.key(),
                        &c.profile_id,
                        &refresh,
                        reason.clone(),
                        now(),
                    )
                })
                .unwrap_or_else(|| now() + crate::time::MINUTE);
                return Outcome::Failed { reason, retry_at };
            }
        }
    }
}

/// The stored credential (raw), its refresh token and expiry, now.
fn current(
    ctx: &StoreContext,
    c: &Candidate,
) -> Result<Option<(Value, String, Option<EpochMs>)>, StoreError> {
    let store = load(ctx, &c.store)?;
    let Some(raw) = store.profiles.get(&c.profile_id).cloned() else {
        return Ok(None);
    };
    let Ok(cred) = Credential::parse(&raw) else {
        return Ok(None);
    };
    let Some(refresh) = cred.refresh.as_ref().map(|r| r.expose().to_owned()) else {
        return Ok(None);
    };
    Ok(Some((raw, refresh, cred.expires_at())))
}

/// One profile's refresh attempt.
#[derive(Clone, Debug)]
pub struct Attempted {
    pub candidate: Candidate,
    pub outcome: Outcome,
}

/// Which profiles a run looks at.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    /// Only those expiring within the window (else all, now).
    pub due_only: bool,
    pub window: EpochMs,
    /// Also profiles OpenClaw has not used lately (keep them alive).
    pub include_inactive: bool,
    pub only_profile: Option<&'a str>,
}

/// Refreshes the store-owned OAuth profiles of `agents` in `scope`, each
/// store's profile once.
pub fn run_all(
    ctx: &StoreContext,
    env: &Env,
    agents: &[(String, PathBuf)],
    scope: Scope<'_>,
) -> Result<Vec<Attempted>, StoreError> {
    let Scope {
        due_only,
        window,
        include_inactive,
        only_profile,
    } = scope;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (agent_id, dir) in agents {
        let now = crate::time::now_ms();
        for c in candidates(ctx, agent_id, dir, due_only.then_some(window), now)? {
            if only_profile.is_some_and(|p| p != c.profile_id)
                || (c.inactive && !include_inactive)
                || !seen.insert((c.store.key(), c.profile_id.clone()))
            {
                continue;
            }
            let outcome = refresh(ctx, env, &c, !due_only, window, crate::time::now_ms);
            out.push(Attempted {
                candidate: c,
                outcome,
            });
        }
    }
    Ok(out)
}

/// When the next store-owned OAuth profile of `agents` becomes due for a
/// background refresh: never for one that needs a reconnect, not before
/// the end of a back-off.
pub fn next_due(
    ctx: &StoreContext,
    agents: &[(String, PathBuf)],
    window: EpochMs,
    include_inactive: bool,
    now: EpochMs,
) -> Option<EpochMs> {
    let memory = RefreshMemory::load(&ctx.data_dir);
    agents
        .iter()
        .filter_map(|(id, dir)| candidates(ctx, id, dir, None, now).ok())
        .flatten()
        .filter(|c| include_inactive || !c.inactive)
        .filter_map(|c| {
            let due = c.expires.unwrap_or(now) - window;
            match memory.get(&c.store.key(), &c.profile_id, c.seen_refresh.expose()) {
                Some(Record::NeedsReconnect { .. }) => None,
                Some(Record::Backoff { retry_at, .. }) => Some(due.max(*retry_at)),
                None => Some(due),
            }
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::{MAIN_AGENT, StateDir};
    use serde_json::json;

    #[test]
    fn only_store_owned_refreshable_oauth_is_planned_and_inactive_ones_are_marked() {
        let tmp = tempfile::tempdir().unwrap();
        let state = StateDir::explicit(tmp.path().join("state"));
        let main = state.path.join("agents/main/agent");
        std::fs::create_dir_all(&main).unwrap();
        let now = 1_800_000_000_000;
        let oauth = |p: &str| json!({"type": "oauth", "provider": p, "access": "a", "refresh": format!("r-{p}"), "expires": now + 5 * MINUTE});
        std::fs::write(
            main.join("auth-profiles.json"),
            json!({"version": 1, "profiles": {
                "openai-codex:used": oauth("openai-codex"),
                "anthropic:idle": oauth("anthropic"),
                "anthropic:claude-cli": oauth("claude-cli"),
                "minimax-portal:default": oauth("minimax-portal"),
                "openai-codex:default": {"type": "oauth", "provider": "openai-codex", "expires": now},
                "github-copilot:github": {"type": "token", "provider": "github-copilot", "token": "t"},
            }})
            .to_string(),
        )
        .unwrap();
        std::fs::write(
            main.join("auth-state.json"),
            json!({"version": 1, "usageStats": {
                "openai-codex:used": {"lastUsed": now - MINUTE},
                "anthropic:idle": {"lastUsed": now - 30 * 24 * 60 * MINUTE},
            }})
            .to_string(),
        )
        .unwrap();
        let ctx = StoreContext {
            state,
            data_dir: tmp.path().join("data"),
            lock_policy: LockPolicy::STORE,
            read_only: false,
            newer_openclaw: None,
            format: crate::store::StoreFormat::json(),
            read_cache: std::sync::Arc::new(crate::store::read_cache::ReadCache::new(
                &tmp.path().join("data"),
            )),
            direct_writes: true,
        };
        let planned: Vec<(String, bool)> =
            candidates(&ctx, MAIN_AGENT, &main, Some(DEFAULT_WINDOW), now)
                .unwrap()
                .into_iter()
                .map(|c| (c.profile_id, c.inactive))
                .collect();
        assert_eq!(
            planned,
            [
                ("openai-codex:used".to_owned(), false),
                ("anthropic:idle".to_owned(), true)
            ]
        );
        let agents = [(MAIN_AGENT.to_owned(), main.clone())];
        assert_eq!(
            next_due(&ctx, &agents, DEFAULT_WINDOW, true, now),
            Some(now - 5 * MINUTE)
        );
        assert!(
            candidates(&ctx, MAIN_AGENT, &main, Some(MINUTE), now)
                .unwrap()
                .is_empty(),
            "not due yet"
        );
    }
}
