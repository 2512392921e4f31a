//! *Suggest order*: the accounts of a provider with the most headroom
//! first, those with an exhausted window last (soonest reset first), and
//! those whose usage is unknown in between, keeping their current order —
//! each with why. A pure function of the current order and the last known
//! usage; applying it is the user's step through the normal order write.

use super::Usage;
use crate::time::{EpochMs, format_remaining};
use serde::{Deserialize, Serialize};

/// One account in the suggested order, and why it is there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Placed {
    pub profile_id: String,
    pub why: String,
    /// An exhausted window ends then (the account waits until it does).
    pub exhausted_until: Option<EpochMs>,
}

/// How used an account is, as far as its windows tell.
enum Headroom {
    /// The most used window's percentage, and its name.
    Known(f64, String),
    Exhausted(EpochMs, String),
    Unknown,
}

fn headroom(usage: Option<&Usage>, now: EpochMs) -> Headroom {
    let Some(u) = usage.filter(|u| !u.windows.is_empty()) else {
        return Headroom::Unknown;
    };
    if let Some(w) = u
        .windows
        .iter()
        .filter(|w| w.used_percent >= 100.0 && w.resets_at.is_none_or(|t| t > now))
        .max_by_key(|w| w.resets_at.unwrap_or(EpochMs::MAX))
    {
        return Headroom::Exhausted(w.resets_at.unwrap_or(EpochMs::MAX), w.name.clone());
    }
    let w = u
        .windows
        .iter()
        .filter(|w| w.resets_at.is_none_or(|t| t > now))
        .max_by(|a, b| a.used_percent.total_cmp(&b.used_percent));
    match w {
        Some(w) => Headroom::Known(w.used_percent, w.name.clone()),
        None => Headroom::Known(0.0, "every window has reset".into()),
    }
}

/// A provider's accounts that tell usage, at a glance, by the rule
/// [`suggest`] orders them by (an account has what its most used window leaves).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UsageSummary {
    pub agent_id: String,
    pub provider: String,
    /// "3 accounts · most headroom: x (95% left) · 1 exhausted".
    pub text: String,
}

/// One summary per agent and provider whose usage is known, in the order
/// they first appear in `profiles`.
pub fn summarize(profiles: &[super::ProfileUsage], now: EpochMs) -> Vec<UsageSummary> {
    let mut groups: Vec<((&str, &str), Vec<&super::ProfileUsage>)> = Vec::new();
    for p in profiles {
        let key = (p.agent_id.as_str(), p.provider.as_str());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(p),
            None => groups.push((key, vec![p])),
        }
    }
    groups
        .into_iter()
        .filter_map(|((agent, provider), members)| {
            let mut best: Option<(&str, f64)> = None;
            let (mut exhausted, mut known) = (0, false);
            for p in &members {
                match headroom(p.usage.as_ref(), now) {
                    Headroom::Known(used, _) => {
                        known = true;
                        if best.is_none_or(|(_, b)| used < b) {
                            best = Some((&p.profile_id, used));
                        }
                    }
                    Headroom::Exhausted(..) => {
                        known = true;
                        exhausted += 1;
                    }
                    Headroom::Unknown => {}
                }
            }
            known.then(|| UsageSummary {
                agent_id: agent.to_owned(),
                provider: provider.to_owned(),
                text: summary_words(
                    members.len(),
                    best.map(|(id, used)| (id, 100.0 - used)),
                    exhausted,
                ),
            })
        })
        .collect()
}

/// "3 accounts · most headroom: x (95% left) · 1 exhausted": a provider's
/// accounts that tell usage, at a glance .
fn summary_words(accounts: usize, most_headroom: Option<(&str, f64)>, exhausted: usize) -> String {
    let mut parts = vec![format!(
        "{accounts} account{}",
        if accounts == 1 { "" } else { "s" }
    )];
    if let Some((id, left)) = most_headroom {
        parts.push(format!("most headroom: {id} ({left:.0}% left)"));
    }
    if exhausted > 0 {
        parts.push(format!("{exhausted} exhausted"));
    }
    parts.join(" · ")
}

/// The suggested order of `current` (the order the runtime tries now),
/// given each account's last known usage.
pub fn suggest<'a>(
    current: &[String],
    usage_of: impl Fn(&str) -> Option<&'a Usage>,
    now: EpochMs,
) -> Vec<Placed> {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    let mut exhausted = Vec::new();
    for id in current {
        match headroom(usage_of(id), now) {
            Headroom::Known(used, window) => known.push((used, id, window)),
            Headroom::Exhausted(until, window) => exhausted.push((until, id, window)),
            Headroom::Unknown => unknown.push(id),
        }
    }
    known.sort_by(|a, b| a.0.total_cmp(&b.0));
    exhausted.sort_by_key(|e| e.0);
    let left = |used: f64| 100.0 - used;
    known
        .into_iter()
        .map(|(used, id, window)| Placed {
            profile_id: id.clone(),
            why: if window.starts_with("every") {
                window
            } else {
                format!("{:.0}% left in its {window} window", left(used))
            },
            exhausted_until: None,
        })
        .chain(unknown.into_iter().map(|id| Placed {
            profile_id: id.clone(),
            why: "usage unknown: kept in its place among the unknown".into(),
            exhausted_until: None,
        }))
        .chain(exhausted.into_iter().map(|(until, id, window)| Placed {
            profile_id: id.clone(),
            why: if until == EpochMs::MAX {
                format!("{window} window exhausted")
            } else {
                format!(
                    "{window} window exhausted; resets in {}",
                    format_remaining(until - now)
                )
            },
            exhausted_until: (until != EpochMs::MAX).then_some(until),
        }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::UsageWindow;
    use std::collections::HashMap;

    fn u(windows: &[(&str, f64, Option<EpochMs>)]) -> Usage {
        Usage {
            plan: None,
            windows: windows
                .iter()
                .map(|(n, p, r)| UsageWindow {
                    name: (*n).into(),
                    used_percent: *p,
                    resets_at: *r,
                    window_secs: None,
                })
                .collect(),
            credits: None,
        }
    }

    #[test]
    fn a_summary_per_agent_and_provider_by_the_same_headroom_rule() {
        let now = 1_000_000;
        let p = |agent: &str, id: &str, usage: Option<Usage>| super::super::ProfileUsage {
            agent_id: agent.into(),
            profile_id: id.into(),
            provider: id.split(':').next().unwrap().into(),
            usage,
            read_at: None,
            unavailable: None,
            checked_at: None,
        };
        let profiles = [
            p(
                "main",
                "openai-codex:a",
                Some(u(&[("5h", 40.0, None), ("7d", 70.0, None)])),
            ),
            p("main", "openai-codex:b", Some(u(&[("5h", 5.0, None)]))),
            p(
                "main",
                "openai-codex:c",
                Some(u(&[("5h", 100.0, Some(now + 60_000))])),
            ),
            // A window that has reset counts as unused.
            p(
                "work",
                "openai-codex:a",
                Some(u(&[("5h", 100.0, Some(now - 1))])),
            ),
            p("main", "anthropic:x", None),
        ];
        let s = summarize(&profiles, now);
        let texts: Vec<(&str, &str, &str)> = s
            .iter()
            .map(|s| (s.agent_id.as_str(), s.provider.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "main",
                    "openai-codex",
                    "3 accounts · most headroom: openai-codex:b (95% left) · 1 exhausted"
                ),
                (
                    "work",
                    "openai-codex",
                    "1 account · most headroom: openai-codex:a (100% left)"
                ),
            ],
            "nothing known of anthropic: no summary"
        );
    }

    #[test]
    fn most_headroom_first_unknown_in_place_exhausted_last_soonest_reset_first() {
        let now = 1_000_000;
        let h = 3_600_000;
        let usage: HashMap<&str, Usage> = HashMap::from([
            ("p:a", u(&[("5h", 90.0, Some(now + h)), ("7d", 20.0, None)])),
            (
                "p:b",
                u(&[
                    ("5h", 10.0, Some(now + h)),
                    ("7d", 30.0, Some(now + 50 * h)),
                ]),
            ),
            ("p:c", u(&[("5h", 100.0, Some(now + 2 * h))])),
            ("p:d", u(&[("5h", 100.0, Some(now + h))])),
            ("p:f", u(&[("5h", 100.0, Some(now - 1))])),
        ]);
        let current: Vec<String> = ["p:a", "p:c", "p:x", "p:d", "p:b", "p:y", "p:f"]
            .map(String::from)
            .to_vec();
        let placed = suggest(&current, |id| usage.get(id), now);
        let ids: Vec<&str> = placed.iter().map(|p| p.profile_id.as_str()).collect();
        assert_eq!(ids, ["p:f", "p:b", "p:a", "p:x", "p:y", "p:d", "p:c"]);
        assert_eq!(placed[1].why, "70% left in its 7d window");
        assert_eq!(placed[0].why, "every window has reset");
        assert_eq!(placed[5].why, "5h window exhausted; resets in 1h");
        assert_eq!(placed[5].exhausted_until, Some(now + h));
        assert!(placed[3].why.starts_with("usage unknown"));
    }
}
