//! *Suggest order*: the accounts of a provider with the most headroom
//! first, those with an exhausted window last (soonest reset first), and
//! those whose usage is unknown in between, keeping their current order —
//! each with why. A pure function of the current order and the last known
//! usage; applying it is the user's step through the normal order write.

use super::Usage;
use crate::time::{EpochMs, format_remaining};
use serde::Serialize;
use ts_rs::TS;

/// One account in the suggested order, and why it is there.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Placed {
    pub profile_id: String,
    pub why: String,
    /// An exhausted window ends then (the account waits until it does).
    #[ts(type = "number | null")]
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
