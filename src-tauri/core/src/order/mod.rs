//! The effective profile order for one provider (`openclaw-store.md` §10.2):
//! which profiles the runtime will try, in what sequence, and why each other
//! profile is not tried or not first. Pure: store, config and `now` in.

mod codex;

pub(crate) use codex::{CODEX, openai_key_for_codex};
use codex::{codex_alias_order, merge_codex_alias};

use crate::config::Config;
use crate::store::provider::auth_provider_id;
use crate::store::{AuthStore, Credential, CredentialType};
use crate::time::EpochMs;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

/// Where the order came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderSource {
    /// `order[provider]` in the agent's `auth-state.json` (or inherited from main).
    Stored,
    /// `auth.order[provider]` in `openclaw.json`.
    Config,
    /// The ids of `auth.profiles` for the provider.
    ConfigProfiles,
    /// No order anywhere: round-robin by type, then least recently used.
    Automatic,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Exclusion {
    /// Not listed in the explicit order: never tried.
    NotInOrder,
    /// Config `auth.profiles` lists other profiles of this provider.
    NotInConfigProfiles,
    /// Listed, but no such profile is stored.
    NotStored,
    /// Listed for another provider, or config says another mode.
    Mismatch { detail: String },
    /// Stored but unusable as it is (`missing_credential`, `expired`, …).
    Ineligible { detail: String },
}

/// A profile in the order, with the window that pushes it back if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Tried {
    pub profile_id: String,
    /// `cooldown`, `disabled` or `blocked` while `now < until`.
    pub unusable: Option<Unusable>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Unusable {
    pub kind: String,
    pub reason: Option<String>,
    #[ts(type = "number")]
    pub until: EpochMs,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Excluded {
    pub profile_id: String,
    pub why: Exclusion,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveOrder {
    pub provider: String,
    pub source: OrderSource,
    pub tried: Vec<Tried>,
    pub excluded: Vec<Excluded>,
}

/// Providers whose failures never cool them down (§11.1).
fn never_cools(provider: &str) -> bool {
    matches!(provider, "openrouter" | "kilocode")
}

/// The window that makes a profile unusable at `now` (§11.1), if any.
pub fn unusable_window(
    store: &AuthStore,
    id: &str,
    provider: &str,
    now: EpochMs,
) -> Option<Unusable> {
    if never_cools(provider) {
        return None;
    }
    let stats = store.state.usage_stats.get(id)?.as_object()?;
    let num = |k: &str| {
        stats
            .get(k)
            .and_then(Value::as_f64)
            .filter(|f| f.is_finite() && *f > 0.0)
            .map(|f| f as EpochMs)
    };
    let text = |k: &str| stats.get(k).and_then(Value::as_str).map(str::to_owned);
    [
        ("blocked", "blockedUntil", "blockedReason"),
        ("disabled", "disabledUntil", "disabledReason"),
        ("cooldown", "cooldownUntil", "cooldownReason"),
    ]
    .into_iter()
    .filter_map(|(kind, until, reason)| {
        num(until).filter(|u| now < *u).map(|u| Unusable {
            kind: kind.into(),
            reason: text(reason),
            until: u,
        })
    })
    .max_by_key(|u| u.until)
}

/// When the runtime last used a profile (`usageStats.lastUsed`), if ever.
pub fn last_used(store: &AuthStore, id: &str) -> Option<EpochMs> {
    store
        .state
        .usage_stats
        .get(id)?
        .get("lastUsed")?
        .as_f64()
        .filter(|f| f.is_finite() && *f > 0.0)
        .map(|f| f as EpochMs)
}

fn type_rank(kind: CredentialType) -> u8 {
    match kind {
        CredentialType::Oauth => 0,
        CredentialType::Token => 1,
        CredentialType::ApiKey => 2,
    }
}

/// Computes the effective order of `provider` for a (merged) store.
pub fn effective_order(
    store: &AuthStore,
    config: &Config,
    provider: &str,
    now: EpochMs,
) -> EffectiveOrder {
    effective_order_parsed(store, &parse_all(store), config, provider, now)
}

/// Every profile of a store with its typed view, parsed once.
type Parsed = Vec<(String, Result<Credential, crate::store::Rejection>)>;

fn parse_all(store: &AuthStore) -> Parsed {
    store
        .credentials()
        .map(|(id, c)| (id.to_owned(), c))
        .collect()
}

/// The effective order of every provider of a store (see [`providers`]).
pub fn effective_orders(store: &AuthStore, config: &Config, now: EpochMs) -> Vec<EffectiveOrder> {
    let parsed = parse_all(store);
    providers_parsed(store, &parsed, config)
        .iter()
        .map(|p| effective_order_parsed(store, &parsed, config, p, now))
        .collect()
}

fn effective_order_parsed(
    store: &AuthStore,
    parsed: &Parsed,
    config: &Config,
    provider: &str,
    now: EpochMs,
) -> EffectiveOrder {
    let provider = auth_provider_id(provider);
    let matches = |c: &Credential| auth_provider_id(&c.provider) == provider;
    let stored: Vec<(String, Credential)> = parsed
        .iter()
        .filter_map(|(id, c)| {
            c.as_ref()
                .ok()
                .filter(|c| matches(c))
                .map(|c| (id.clone(), c.clone()))
        })
        .collect();
    let config_profiles = config.auth_profiles();
    let config_ids: Vec<String> = config_profiles
        .iter()
        .filter(|(_, p)| {
            p.get("provider")
                .and_then(Value::as_str)
                .is_some_and(|p| auth_provider_id(p) == provider)
        })
        .map(|(id, _)| id.clone())
        .collect();

    let codex = provider == CODEX;
    let (source, explicit) = match (store.order(&provider), config.auth_order(&provider)) {
        (Some(ids), _) => (OrderSource::Stored, Some(ids)),
        (None, Some(ids)) => (OrderSource::Config, Some(ids)),
        (None, None) if codex && codex_alias_order(store, config).is_some() => {
            let (source, alias) = codex_alias_order(store, config).expect("checked");
            let native: Vec<String> = stored.iter().map(|(id, _)| id.clone()).collect();
            (source, Some(merge_codex_alias(alias, native)))
        }
        (None, None) if !config_ids.is_empty() => (OrderSource::ConfigProfiles, None),
        (None, None) => (OrderSource::Automatic, None),
    };
    let mut base: Vec<String> = match (&explicit, source) {
        (Some(ids), _) => ids.clone(),
        (None, OrderSource::ConfigProfiles) => config_ids.clone(),
        _ => stored.iter().map(|(id, _)| id.clone()).collect(),
    };
    let mut seen = Vec::new();
    base.retain(|id| {
        !seen.contains(id) && {
            seen.push(id.clone());
            true
        }
    });

    let mut excluded = Vec::new();
    let mut kept: Vec<(String, Credential)> = Vec::new();
    for id in &base {
        let config_entry = config_profiles.get(id);
        let config_mode = config_entry
            .and_then(|p| p.get("mode"))
            .and_then(Value::as_str);
        let Some((_, entry)) = parsed.iter().find(|(pid, _)| pid == id) else {
            if config_mode != Some("aws-sdk") {
                excluded.push(Excluded {
                    profile_id: id.clone(),
                    why: Exclusion::NotStored,
                });
            }
            continue;
        };
        let why = match entry.clone() {
            Err(r) => Some(Exclusion::Ineligible {
                detail: r.to_string(),
            }),
            Ok(c) if !(matches(&c) || codex && openai_key_for_codex(&c)) => {
                Some(Exclusion::Mismatch {
                    detail: format!("stored for provider {}", c.provider),
                })
            }
            Ok(c)
                if config_mode.is_some_and(|m| {
                    m != c.kind.as_str() && !(m == "oauth" && c.kind == CredentialType::Token)
                }) =>
            {
                Some(Exclusion::Mismatch {
                    detail: format!(
                        "config says mode {}, stored type is {}",
                        config_mode.unwrap_or_default(),
                        c.kind.as_str()
                    ),
                })
            }
            Ok(c) if !c.eligible(now) => Some(Exclusion::Ineligible {
                detail: ineligible_reason(&c, now).into(),
            }),
            Ok(c) => {
                kept.push((id.clone(), c));
                None
            }
        };
        if let Some(why) = why {
            excluded.push(Excluded {
                profile_id: id.clone(),
                why,
            });
        }
    }
    if kept.is_empty()
        && source == OrderSource::ConfigProfiles
        && config_ids.iter().all(|id| !store.profiles.contains_key(id))
    {
        excluded.retain(|e| e.why != Exclusion::NotStored);
        kept = stored
            .iter()
            .filter(|(_, c)| c.eligible(now))
            .cloned()
            .collect();
    }
    for (id, _) in &stored {
        if !base.contains(id) && !kept.iter().any(|(k, _)| k == id) {
            let why = if explicit.is_some() {
                Exclusion::NotInOrder
            } else {
                Exclusion::NotInConfigProfiles
            };
            excluded.push(Excluded {
                profile_id: id.clone(),
                why,
            });
        }
    }

    let with_window: Vec<(String, Credential, Option<Unusable>)> = kept
        .into_iter()
        .map(|(id, c)| {
            let w = unusable_window(store, &id, &provider, now);
            (id, c, w)
        })
        .collect();
    let (mut available, mut cooling): (Vec<_>, Vec<_>) =
        with_window.into_iter().partition(|(_, _, w)| w.is_none());
    if explicit.is_none() {
        let last_used = |id: &str| last_used(store, id).unwrap_or(0);
        available.sort_by(|a, b| {
            (type_rank(a.1.kind), last_used(&a.0))
                .partial_cmp(&(type_rank(b.1.kind), last_used(&b.0)))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    cooling.sort_by_key(|(_, _, w)| w.as_ref().map_or(0, |w| w.until));
    let tried = available
        .into_iter()
        .chain(cooling)
        .map(|(profile_id, _, unusable)| Tried {
            profile_id,
            unusable,
        })
        .collect();
    EffectiveOrder {
        provider,
        source,
        tried,
        excluded,
    }
}

fn ineligible_reason(c: &Credential, now: EpochMs) -> &'static str {
    match (c.kind, c.expires) {
        (CredentialType::Token, crate::store::Expiry::Invalid) => "invalid_expires",
        (CredentialType::Token, crate::store::Expiry::At(t)) if t <= now => "expired",
        _ => "missing_credential",
    }
}

/// Every provider with at least one stored profile, or named in an order.
pub fn providers(store: &AuthStore, config: &Config) -> Vec<String> {
    providers_parsed(store, &parse_all(store), config)
}

fn providers_parsed(store: &AuthStore, parsed: &Parsed, config: &Config) -> Vec<String> {
    let mut out: Vec<String> = parsed
        .iter()
        .filter_map(|(_, c)| c.as_ref().ok().map(|c| auth_provider_id(&c.provider)))
        .collect();
    out.extend(store.state.order.keys().map(|k| auth_provider_id(k)));
    if let Some(order) = config
        .root
        .get("auth")
        .and_then(|a| a.get("order"))
        .and_then(Value::as_object)
    {
        out.extend(order.keys().map(|k| auth_provider_id(k)));
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: EpochMs = 1_767_225_600_000;

    fn store(profiles: Value, state: Value) -> AuthStore {
        AuthStore::from_json(&json!({"version": 1, "profiles": profiles}), Some(&state)).unwrap()
    }

    fn ids(o: &EffectiveOrder) -> Vec<&str> {
        o.tried.iter().map(|t| t.profile_id.as_str()).collect()
    }

    fn key(k: &str) -> Value {
        json!({"type": "api_key", "provider": "anthropic", "key": k})
    }

    #[test]
    fn openai_codex_uses_the_openai_order_as_its_alias_with_its_own_profiles_merged() {
        let codex = json!({"type": "oauth", "provider": "openai-codex", "access": "a", "refresh": "r", "expires": NOW + 3_600_000});
        let openai_key = json!({"type": "api_key", "provider": "openai", "key": "sk"});
        let profiles = json!({"openai-codex:me": codex, "openai:key": openai_key});
        // The alias names no codex profile: the codex profiles go first.
        let s = store(
            profiles.clone(),
            json!({"order": {"openai": ["openai:key"]}}),
        );
        let o = effective_order(&s, &Config::default(), "openai-codex", NOW);
        assert_eq!(o.source, OrderSource::Stored);
        assert_eq!(ids(&o), ["openai-codex:me", "openai:key"]);
        assert!(o.excluded.is_empty(), "{:?}", o.excluded);
        // It names one: the others are appended.
        let two =
            json!({"openai-codex:me": codex, "openai-codex:work": codex, "openai:key": openai_key});
        let s = store(
            two,
            json!({"order": {"openai": ["openai:key", "openai-codex:work"]}}),
        );
        let o = effective_order(&s, &Config::default(), "openai-codex", NOW);
        assert_eq!(
            ids(&o),
            ["openai:key", "openai-codex:work", "openai-codex:me"]
        );
        // From config when nothing is stored; an openai-codex order of its own wins.
        let config = Config::parse(
            std::path::Path::new("c.json"),
            r#"{"auth":{"order":{"openai":["openai:key"]}}}"#,
        )
        .unwrap();
        let s = store(profiles.clone(), json!({}));
        assert_eq!(
            effective_order(&s, &config, "openai-codex", NOW).source,
            OrderSource::Config
        );
        let s = store(
            profiles,
            json!({"order": {"openai": ["openai:key"], "openai-codex": ["openai-codex:me"]}}),
        );
        let o = effective_order(&s, &config, "openai-codex", NOW);
        assert_eq!(ids(&o), ["openai-codex:me"]);
        // Plain openai orders are not affected.
        assert_eq!(
            ids(&effective_order(&s, &config, "openai", NOW)),
            ["openai:key"]
        );
    }

    #[test]
    fn automatic_order_is_by_type_then_least_recently_used() {
        let s = store(
            json!({"anthropic:k1": key("a"), "anthropic:k2": key("b"), "anthropic:tok": {"type": "token", "provider": "anthropic", "token": "t"}}),
            json!({"usageStats": {"anthropic:k1": {"lastUsed": 20}, "anthropic:k2": {"lastUsed": 10}}}),
        );
        let o = effective_order(&s, &Config::default(), "anthropic", NOW);
        assert_eq!(o.source, OrderSource::Automatic);
        assert_eq!(ids(&o), ["anthropic:tok", "anthropic:k2", "anthropic:k1"]);
    }

    #[test]
    fn an_explicit_order_excludes_the_rest_and_pushes_cooling_profiles_back() {
        let s = store(
            json!({"anthropic:a": key("a"), "anthropic:b": key("b"), "anthropic:c": key("c")}),
            json!({"order": {"anthropic": ["anthropic:b", "anthropic:a", "anthropic:gone"]},
                   "usageStats": {"anthropic:b": {"cooldownUntil": NOW + 60_000, "cooldownReason": "rate_limit"}, "anthropic:a": {"cooldownUntil": NOW - 1}}}),
        );
        let o = effective_order(&s, &Config::default(), "anthropic", NOW);
        assert_eq!(o.source, OrderSource::Stored);
        assert_eq!(ids(&o), ["anthropic:a", "anthropic:b"]);
        assert_eq!(
            o.tried[1].unusable,
            Some(Unusable {
                kind: "cooldown".into(),
                reason: Some("rate_limit".into()),
                until: NOW + 60_000
            })
        );
        assert_eq!(
            o.excluded,
            [
                Excluded {
                    profile_id: "anthropic:gone".into(),
                    why: Exclusion::NotStored
                },
                Excluded {
                    profile_id: "anthropic:c".into(),
                    why: Exclusion::NotInOrder
                },
            ]
        );
    }

    #[test]
    fn openrouter_never_cools_down_and_ineligible_tokens_are_named() {
        let s = store(
            json!({"openrouter:a": {"type": "api_key", "provider": "openrouter", "key": "k"},
                   "openrouter:t": {"type": "token", "provider": "openrouter", "token": "t", "expires": NOW - 5}}),
            json!({"usageStats": {"openrouter:a": {"disabledUntil": NOW + 1000}}}),
        );
        let o = effective_order(&s, &Config::default(), "openrouter", NOW);
        assert_eq!(
            o.tried,
            [Tried {
                profile_id: "openrouter:a".into(),
                unusable: None
            }]
        );
        assert_eq!(
            o.excluded,
            [Excluded {
                profile_id: "openrouter:t".into(),
                why: Exclusion::Ineligible {
                    detail: "expired".into()
                }
            }]
        );
    }

    #[test]
    fn config_profiles_and_mode_mismatch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("openclaw.json");
        std::fs::write(&path, r#"{"auth":{"profiles":{"anthropic:a":{"provider":"anthropic","mode":"token"},"anthropic:b":{"provider":"anthropic","mode":"api_key"}}}}"#).unwrap();
        let cfg = Config::read(&path).unwrap();
        let s = store(
            json!({"anthropic:a": key("a"), "anthropic:b": key("b"), "anthropic:c": key("c")}),
            json!({}),
        );
        let o = effective_order(&s, &cfg, "anthropic", NOW);
        assert_eq!(o.source, OrderSource::ConfigProfiles);
        assert_eq!(ids(&o), ["anthropic:b"]);
        assert!(matches!(o.excluded[0].why, Exclusion::Mismatch { .. }));
        assert_eq!(
            o.excluded[1],
            Excluded {
                profile_id: "anthropic:c".into(),
                why: Exclusion::NotInConfigProfiles
            }
        );
    }
}
