//! The effective profile order for one provider (`openclaw-store.md` §10.2):
//! which profiles the runtime will try, in what sequence, and why each other
//! profile is not tried or not first. Pure: store, config and `now` in.

mod codex;
mod types;

pub use types::{EffectiveOrder, Excluded, Exclusion, OrderSource, Tried, Unusable};

pub(crate) use codex::{CODEX, openai_key_for_codex};
use codex::{codex_alias_order, merge_codex_alias};

use crate::config::Config;
use crate::store::provider::auth_provider_id;
use crate::store::{AuthStore, Credential, CredentialType};
use crate::time::EpochMs;
use serde_json::Value;

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

/// The stages of [`effective_order`], each a function: what is stored and
/// listed → the stored (or configured) order → eligibility → the
/// config-profiles fallback and the never-tried rest → cooldowns last.
fn effective_order_parsed(
    store: &AuthStore,
    parsed: &Parsed,
    config: &Config,
    provider: &str,
    now: EpochMs,
) -> EffectiveOrder {
    let provider = auth_provider_id(provider);
    let seen = Seen::of(parsed, config, &provider);
    let (source, explicit) = stored_order(store, config, &provider, &seen);
    let base = dedup(match (&explicit, source) {
        (Some(ids), _) => ids.clone(),
        (None, OrderSource::ConfigProfiles) => seen.config_ids.clone(),
        _ => seen.stored.iter().map(|(id, _)| id.clone()).collect(),
    });
    let (mut kept, mut excluded) = eligibility(&base, parsed, config, &provider, now);
    if kept.is_empty()
        && source == OrderSource::ConfigProfiles
        && seen
            .config_ids
            .iter()
            .all(|id| !store.profiles.contains_key(id))
    {
        // None of the listed profiles is stored: OpenClaw falls back to what is.
        excluded.retain(|e| e.why != Exclusion::NotStored);
        kept = seen
            .stored
            .iter()
            .filter(|(_, c)| c.eligible(now))
            .cloned()
            .collect();
    }
    for (id, _) in &seen.stored {
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
    let tried = cooling_last(store, &provider, kept, explicit.is_none(), now);
    EffectiveOrder {
        provider,
        source,
        tried,
        excluded,
    }
}

/// The provider's profiles as stored, and the ids `auth.profiles` lists for it.
struct Seen {
    stored: Vec<(String, Credential)>,
    config_ids: Vec<String>,
}

impl Seen {
    fn of(parsed: &Parsed, config: &Config, provider: &str) -> Self {
        let stored = parsed
            .iter()
            .filter_map(|(id, c)| {
                c.as_ref()
                    .ok()
                    .filter(|c| auth_provider_id(&c.provider) == provider)
                    .map(|c| (id.clone(), c.clone()))
            })
            .collect();
        let config_ids = config
            .auth_profiles()
            .iter()
            .filter(|(_, p)| {
                p.get("provider")
                    .and_then(Value::as_str)
                    .is_some_and(|p| auth_provider_id(p) == provider)
            })
            .map(|(id, _)| id.clone())
            .collect();
        Self { stored, config_ids }
    }
}

/// Where the order comes from, and the explicit list when there is one:
/// the store's `order`, else `auth.order`, else (Codex) its alias's order.
fn stored_order(
    store: &AuthStore,
    config: &Config,
    provider: &str,
    seen: &Seen,
) -> (OrderSource, Option<Vec<String>>) {
    match (store.order(provider), config.auth_order(provider)) {
        (Some(ids), _) => (OrderSource::Stored, Some(ids)),
        (None, Some(ids)) => (OrderSource::Config, Some(ids)),
        (None, None) if provider == CODEX && codex_alias_order(store, config).is_some() => {
            let (source, alias) = codex_alias_order(store, config).expect("checked");
            let native: Vec<String> = seen.stored.iter().map(|(id, _)| id.clone()).collect();
            (source, Some(merge_codex_alias(alias, native)))
        }
        (None, None) if !seen.config_ids.is_empty() => (OrderSource::ConfigProfiles, None),
        (None, None) => (OrderSource::Automatic, None),
    }
}

fn dedup(mut ids: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    ids.retain(|id| {
        !seen.contains(id) && {
            seen.push(id.clone());
            true
        }
    });
    ids
}

/// Splits the base order into what may be tried and what is excluded (and why).
fn eligibility(
    base: &[String],
    parsed: &Parsed,
    config: &Config,
    provider: &str,
    now: EpochMs,
) -> (Vec<(String, Credential)>, Vec<Excluded>) {
    let (mut kept, mut excluded) = (Vec::new(), Vec::new());
    for id in base {
        let config_mode = config
            .auth_profiles()
            .get(id)
            .and_then(|p| p.get("mode"))
            .and_then(Value::as_str);
        let Some((_, entry)) = parsed.iter().find(|(pid, _)| pid == id) else {
            // an `aws-sdk` profile is resolved by the SDK, never stored
            if config_mode != Some("aws-sdk") {
                excluded.push(Excluded {
                    profile_id: id.clone(),
                    why: Exclusion::NotStored,
                });
            }
            continue;
        };
        match exclusion(entry, config_mode, provider, now) {
            Some(why) => excluded.push(Excluded {
                profile_id: id.clone(),
                why,
            }),
            None => kept.push((id.clone(), entry.clone().expect("eligible"))),
        }
    }
    (kept, excluded)
}

/// Why a stored profile listed in the order is not tried, if it is not.
fn exclusion(
    entry: &Result<Credential, crate::store::Rejection>,
    config_mode: Option<&str>,
    provider: &str,
    now: EpochMs,
) -> Option<Exclusion> {
    let c = match entry {
        Err(r) => {
            return Some(Exclusion::Ineligible {
                detail: r.to_string(),
            });
        }
        Ok(c) => c,
    };
    let same = auth_provider_id(&c.provider) == provider;
    if !(same || provider == CODEX && openai_key_for_codex(c)) {
        return Some(Exclusion::Mismatch {
            detail: format!("stored for provider {}", c.provider),
        });
    }
    if let Some(m) = config_mode
        && m != c.kind.as_str()
        && !(m == "oauth" && c.kind == CredentialType::Token)
    {
        return Some(Exclusion::Mismatch {
            detail: format!("config says mode {m}, stored type is {}", c.kind.as_str()),
        });
    }
    (!c.eligible(now)).then(|| Exclusion::Ineligible {
        detail: ineligible_reason(c, now).into(),
    })
}

/// The order as tried: what is usable now first (without an explicit order:
/// OAuth before tokens before keys, then least recently used), then what is
/// cooling down, soonest back first.
fn cooling_last(
    store: &AuthStore,
    provider: &str,
    kept: Vec<(String, Credential)>,
    automatic: bool,
    now: EpochMs,
) -> Vec<Tried> {
    let (mut available, mut cooling): (Vec<_>, Vec<_>) = kept
        .into_iter()
        .map(|(id, c)| {
            let w = unusable_window(store, &id, provider, now);
            (id, c, w)
        })
        .partition(|(_, _, w)| w.is_none());
    if automatic {
        let last_used = |id: &str| last_used(store, id).unwrap_or(0);
        available.sort_by_key(|(id, c, _)| (type_rank(c.kind), last_used(id)));
    }
    cooling.sort_by_key(|(_, _, w)| w.as_ref().map_or(0, |w| w.until));
    available
        .into_iter()
        .chain(cooling)
        .map(|(profile_id, _, unusable)| Tried {
            profile_id,
            unusable,
        })
        .collect()
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
mod tests;
