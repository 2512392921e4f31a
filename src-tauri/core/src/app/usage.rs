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
use crate::usage::suggest::{UsageSummary, summarize};
use crate::usage::{self, Source};
use serde::{Deserialize, Serialize};

pub use crate::usage::ProfileUsage;

/// What `usage` found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UsageReport {
    /// `false`: usage checks are off in Settings; nothing was asked.
    pub enabled: bool,
    pub profiles: Vec<ProfileUsage>,
    /// Per agent and provider, what the window shows beside its name.
    pub summaries: Vec<UsageSummary>,
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
            summaries: vec![],
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
        summaries: summarize(&profiles, now_ms),
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
    last_known_of(install, &[agent])
}

/// [`last_known`] of several agents, the cache read once.
pub fn last_known_of(install: &Install, agents: &[&str]) -> Vec<ProfileUsage> {
    if !Preferences::load(install.data_dir()).usage_checks {
        return Vec::new();
    }
    let cache = UsageCache::load(install.data_dir());
    agents
        .iter()
        .flat_map(|agent| {
            let prefix = format!("{agent}/");
            cache
                .accounts
                .keys()
                .filter_map(move |k| k.strip_prefix(&prefix).map(str::to_owned))
                .map(|id| of(&cache, agent, &id, id.split(':').next().unwrap_or_default()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// *Suggest order* for `provider` in `agent`: the effective order now and
/// the one the accounts' headroom suggests (usage read first, within the
/// five-minute limit). Applying it is `order::set`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
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

/// What *Keep order by quota* last saved, per `agent/provider`: when, and
/// the order — an order that differs from it now was set by the user and
/// is theirs (pinned): it is never replaced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
struct KeptOrders {
    saved: std::collections::BTreeMap<String, (EpochMs, Vec<String>)>,
}

const KEPT_FILE: &str = "quota-orders.json";

/// *Keep order by quota* reapplies the suggestion at most this often.
pub const KEEP_EVERY: EpochMs = 10 * crate::time::MINUTE;

/// With *Keep order by quota* on: for every provider whose accounts tell
/// usage, saves the suggested order (the agent's own order) when it
/// differs — at most every ten minutes, only where the order is automatic
/// or still the one it saved itself, never one the user set. Returns what
/// it saved (`agent`, `provider`, order).
pub fn keep_by_quota(
    install: &mut Install,
    report: &UsageReport,
    now: EpochMs,
) -> Result<Vec<(String, String, Vec<String>)>, AppError> {
    let data = install.data_dir().to_path_buf();
    if !Preferences::load(&data).keep_order_by_quota {
        return Ok(Vec::new());
    }
    let mut kept: KeptOrders = crate::files::load_json_or_default(&data.join(KEPT_FILE));
    let mut pairs: Vec<(String, String)> = report
        .profiles
        .iter()
        .map(|p| (p.agent_id.clone(), p.provider.clone()))
        .collect();
    pairs.sort();
    pairs.dedup();
    let mut saved = Vec::new();
    for (agent, provider) in pairs {
        let key = format!("{agent}/{provider}");
        let last = kept.saved.get(&key);
        if last.is_some_and(|(at, _)| now - at < KEEP_EVERY) {
            continue;
        }
        let view = super::order::get(install, Some(&agent), &provider, now)?;
        let pinned = view
            .order
            .as_ref()
            .is_some_and(|stored| last.is_none_or(|(_, ids)| ids != stored));
        if pinned {
            continue;
        }
        let suggestion = suggest_order(install, Some(&agent), &provider, now)?;
        let ids: Vec<String> = suggestion
            .suggested
            .iter()
            .map(|p| p.profile_id.clone())
            .collect();
        if ids.len() < 2 || view.order.as_ref() == Some(&ids) {
            continue;
        }
        super::order::set(
            install,
            Some(&agent),
            &provider,
            Some(&ids),
            super::order::OrderScope::Agent,
            now,
        )?;
        kept.saved.insert(key, (now, ids.clone()));
        saved.push((agent, provider, ids));
    }
    if !saved.is_empty() {
        let _ = crate::files::save_private_json(&data.join(KEPT_FILE), &kept);
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::{Usage, UsageWindow, cache::UsageCache};

    fn account(access: &str) -> serde_json::Value {
        serde_json::json!({"type": "oauth", "provider": "openai-codex", "access": access, "refresh": "r", "expires": i64::MAX / 2})
    }

    fn used(cache: &mut UsageCache, id: &str, percent: f64, now: EpochMs) {
        let u = Usage {
            plan: None,
            windows: vec![UsageWindow {
                name: "5h".into(),
                used_percent: percent,
                resets_at: Some(now + crate::time::HOUR),
                window_secs: None,
            }],
            credits: None,
        };
        cache.record(&UsageCache::key("main", id), now, Ok(u));
    }

    #[test]
    fn keep_order_by_quota_follows_usage_every_ten_minutes_and_never_overrides_the_users_order() {
        let tmp = tempfile::tempdir().unwrap();
        let mut install = Install::for_tests(tmp.path());
        let dir = install.state().path.join("agents/main/agent");
        std::fs::create_dir_all(&dir).unwrap();
        let store = serde_json::json!({"version": 1, "profiles": {"openai-codex:a": account("A"), "openai-codex:b": account("B")}});
        std::fs::write(dir.join("auth-profiles.json"), store.to_string()).unwrap();
        let data = install.data_dir().to_path_buf();
        let now = 1_000_000_000;
        let mut cache = UsageCache::default();
        used(&mut cache, "openai-codex:a", 90.0, now);
        used(&mut cache, "openai-codex:b", 10.0, now);
        cache.save(&data).unwrap();
        let target = install.agent(None).unwrap();
        let report = usage(&install, &[target], now, false).unwrap();

        assert!(
            keep_by_quota(&mut install, &report, now)
                .unwrap()
                .is_empty(),
            "off by default"
        );
        Preferences::change(&data, |p| {
            p.keep_order_by_quota = true;
            Ok(())
        })
        .unwrap();
        let saved = keep_by_quota(&mut install, &report, now).unwrap();
        assert_eq!(
            saved[0].2,
            ["openai-codex:b", "openai-codex:a"],
            "headroom first"
        );

        // Usage changes; within ten minutes nothing is reapplied.
        let mut cache = UsageCache::load(&data);
        used(&mut cache, "openai-codex:a", 5.0, now + 60_000);
        used(&mut cache, "openai-codex:b", 95.0, now + 60_000);
        cache.save(&data).unwrap();
        let target = install.agent(None).unwrap();
        let report = usage(&install, &[target], now + 60_000, false).unwrap();
        assert!(
            keep_by_quota(&mut install, &report, now + 60_000)
                .unwrap()
                .is_empty()
        );
        let later = now + KEEP_EVERY + 60_000;
        assert_eq!(
            keep_by_quota(&mut install, &report, later).unwrap()[0].2,
            ["openai-codex:a", "openai-codex:b"]
        );

        // The user sets an order by hand: it is theirs from then on.
        let mine = ["openai-codex:b".to_owned(), "openai-codex:a".to_owned()];
        super::super::order::set(
            &mut install,
            None,
            "openai-codex",
            Some(&mine),
            super::super::order::OrderScope::Agent,
            later,
        )
        .unwrap();
        assert!(
            keep_by_quota(&mut install, &report, later + 2 * KEEP_EVERY)
                .unwrap()
                .is_empty(),
            "pinned"
        );
    }
}
