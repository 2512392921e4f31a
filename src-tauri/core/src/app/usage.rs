//! Each account's quota: `usage` reads it for the agents asked (the cache
//! answers an account checked in the last five minutes unless `now` is
//! asked for), never refreshing or writing a credential; `last_known`
//! reads only the cache (for `status` and the window between checks).

use super::AppError;
use crate::install::{AgentRef, Install};
use crate::settings::Preferences;
use crate::store::inherit::load_effective;
use crate::time::EpochMs;
use crate::usage::cache::UsageCache;
use crate::usage::{self, Source, Usage};
use serde::Serialize;
use ts_rs::TS;

/// One account's usage as last known.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileUsage {
    pub agent_id: String,
    pub profile_id: String,
    pub provider: String,
    /// The last usage the provider told (kept when a later check fails).
    pub usage: Option<Usage>,
    #[ts(type = "number | null")]
    pub read_at: Option<EpochMs>,
    /// Why the last check told nothing: shown as "usage unavailable (why)".
    pub unavailable: Option<String>,
    #[ts(type = "number | null")]
    pub checked_at: Option<EpochMs>,
}

/// What `usage` found.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageReport {
    /// `false`: usage checks are off in Settings; nothing was asked.
    pub enabled: bool,
    pub profiles: Vec<ProfileUsage>,
}

/// The accounts of `agent`'s own store that tell usage, with their source.
fn accounts(
    install: &Install,
    agent: &AgentRef,
) -> Result<Vec<(String, String, crate::store::Credential, Source)>, AppError> {
    let own = load_effective(install.store(), &agent.id, &agent.dir, None)?.own;
    Ok(own
        .credentials()
        .filter_map(|(id, c)| {
            let c = c.ok()?;
            let provider = crate::store::normalize_provider(&c.provider);
            let source = Source::of(&provider, &c)?;
            Some((id.to_owned(), provider, c, source))
        })
        .collect())
}

/// Reads the usage of every account of `targets` that tells it: from the
/// cache when it was checked in the last five minutes (unless `now`), else
/// from the provider.
pub fn usage(
    install: &Install,
    targets: &[AgentRef],
    now_ms: EpochMs,
    now: bool,
) -> Result<UsageReport, AppError> {
    let data = install.data_dir();
    if !Preferences::load(data).usage_checks {
        return Ok(UsageReport {
            enabled: false,
            profiles: vec![],
        });
    }
    let mut cache = UsageCache::load(data);
    let mut profiles = Vec::new();
    for agent in targets {
        for (id, provider, c, source) in accounts(install, agent)? {
            let key = UsageCache::key(&agent.id, &id);
            if now || !cache.fresh(&key, now_ms) {
                cache.record(
                    &key,
                    now_ms,
                    usage::fetch(install.env(), source, &c, now_ms),
                );
            }
            profiles.push(of(&cache, &agent.id, &id, &provider));
        }
    }
    // Only a cache: a failure to keep it costs a request next time.
    let _ = cache.save(data);
    Ok(UsageReport {
        enabled: true,
        profiles,
    })
}

fn of(cache: &UsageCache, agent: &str, id: &str, provider: &str) -> ProfileUsage {
    let e = cache.accounts.get(&UsageCache::key(agent, id));
    ProfileUsage {
        agent_id: agent.to_owned(),
        profile_id: id.to_owned(),
        provider: provider.to_owned(),
        usage: e.and_then(|e| e.usage.clone()),
        read_at: e.and_then(|e| e.read_at),
        unavailable: e.and_then(|e| e.unavailable.clone()),
        checked_at: e.map(|e| e.checked_at),
    }
}

/// The last known usage of an agent's accounts, from the cache only (no
/// request, and nothing at all when usage checks are off).
pub fn last_known(install: &Install, agent: &str) -> Vec<ProfileUsage> {
    if !Preferences::load(install.data_dir()).usage_checks {
        return Vec::new();
    }
    let cache = UsageCache::load(install.data_dir());
    let prefix = format!("{agent}/");
    cache
        .accounts
        .keys()
        .filter_map(|k| k.strip_prefix(&prefix))
        .map(|id| of(&cache, agent, id, id.split(':').next().unwrap_or_default()))
        .collect()
}

/// *Suggest order* for `provider` in `agent`: the effective order now and
/// the one the accounts' headroom suggests (usage read first, within the
/// five-minute limit). Applying it is `order::set`.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SuggestedOrder {
    pub agent_id: String,
    pub provider: String,
    pub current: Vec<String>,
    pub suggested: Vec<crate::usage::suggest::Placed>,
}

pub fn suggest_order(
    install: &Install,
    agent: Option<&str>,
    provider: &str,
    now: EpochMs,
) -> Result<SuggestedOrder, AppError> {
    let view = super::order::get(install, agent, provider, now)?;
    let target = install.agent(Some(&view.agent_id))?;
    let report = usage(install, &[target], now, false)?;
    let current: Vec<String> = view
        .effective
        .tried
        .iter()
        .map(|t| t.profile_id.clone())
        .collect();
    let of = |id: &str| {
        report
            .profiles
            .iter()
            .find(|p| p.profile_id == id)
            .and_then(|p| p.usage.as_ref())
    };
    Ok(SuggestedOrder {
        suggested: crate::usage::suggest::suggest(&current, of, now),
        agent_id: view.agent_id,
        provider: view.provider,
        current,
    })
}
