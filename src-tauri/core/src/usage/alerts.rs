//! Warnings before a limit is hit: an account whose window crosses 80 % or
//! 100 % is announced once per crossing and per window — a window that
//! resets starts afresh. What was announced is kept in Authtray's data dir
//! (`usage-alerts.json`), so a restart does not repeat it.

use super::ProfileUsage;
use crate::files::{FileError, load_json_or_default, save_private_json};
use crate::time::{DAY, EpochMs, format_remaining};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The percentages that are announced.
pub const THRESHOLDS: [u8; 2] = [80, 100];

const FILE: &str = "usage-alerts.json";

/// A warning to show: who, which window, how used, when it resets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageNotice {
    pub title: String,
    pub body: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageAlerts {
    /// `agent/profile/window@resets_at` → the highest threshold announced.
    sent: BTreeMap<String, u8>,
}

impl UsageAlerts {
    pub fn load(data_dir: &Path) -> Self {
        load_json_or_default(&data_dir.join(FILE))
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), FileError> {
        save_private_json(&data_dir.join(FILE), self)
    }

    /// The warnings `profiles` call for at `now`, each at most once per
    /// threshold and window; remembers them.
    pub fn due(&mut self, profiles: &[ProfileUsage], now: EpochMs) -> Vec<UsageNotice> {
        // Windows that reset more than a day ago are forgotten.
        self.sent.retain(|k, _| {
            k.rsplit_once('@')
                .and_then(|(_, t)| t.parse::<EpochMs>().ok())
                .is_none_or(|t| t > now - DAY)
        });
        let mut out = Vec::new();
        for p in profiles {
            let Some(usage) = &p.usage else { continue };
            for w in &usage.windows {
                if w.resets_at.is_some_and(|t| t <= now) {
                    continue;
                }
                let Some(&crossed) = THRESHOLDS
                    .iter()
                    .rev()
                    .find(|t| w.used_percent >= f64::from(**t))
                else {
                    continue;
                };
                let key = format!(
                    "{}/{}/{}@{}",
                    p.agent_id,
                    p.profile_id,
                    w.name,
                    w.resets_at.unwrap_or(0)
                );
                if self.sent.get(&key).is_some_and(|s| *s >= crossed) {
                    continue;
                }
                self.sent.insert(key, crossed);
                let resets = w
                    .resets_at
                    .map(|t| format!("; resets in {}", format_remaining(t - now)))
                    .unwrap_or_default();
                out.push(UsageNotice {
                    title: if crossed >= 100 {
                        format!("{} — {} window used up", p.profile_id, w.name)
                    } else {
                        format!("{} — {} window {:.0}% used", p.profile_id, w.name, w.used_percent)
                    },
                    body: format!(
                        "Agent {}{resets}. Suggest order in Authtray puts the accounts with headroom first.",
                        p.agent_id
                    ),
                });
            }
        }
        out
    }
}

/// An account near or at a limit, as the tray menu shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaLine {
    pub agent_id: String,
    pub profile_id: String,
    /// `main · openai-codex:ada — 5h window 92% used, resets in 2h`.
    pub text: String,
}

/// The accounts whose most-used live window is at 80 % or more, most used
/// first: one line each for the tray menu (from the last known usage).
pub fn tray_lines(profiles: &[ProfileUsage], now: EpochMs) -> Vec<QuotaLine> {
    let mut lines: Vec<(f64, QuotaLine)> = profiles
        .iter()
        .filter_map(|p| {
            let w = p
                .usage
                .as_ref()?
                .windows
                .iter()
                .filter(|w| w.resets_at.is_none_or(|t| t > now))
                .max_by(|a, b| a.used_percent.total_cmp(&b.used_percent))?;
            (w.used_percent >= f64::from(THRESHOLDS[0])).then(|| {
                let how = if w.used_percent >= 100.0 {
                    "used up".to_owned()
                } else {
                    format!("{:.0}% used", w.used_percent)
                };
                let resets = w
                    .resets_at
                    .map(|t| format!(", resets in {}", format_remaining(t - now)))
                    .unwrap_or_default();
                (
                    w.used_percent,
                    QuotaLine {
                        agent_id: p.agent_id.clone(),
                        profile_id: p.profile_id.clone(),
                        text: format!(
                            "{} · {} — {} window {how}{resets}",
                            p.agent_id, p.profile_id, w.name
                        ),
                    },
                )
            })
        })
        .collect();
    lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    lines.into_iter().map(|(_, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::{Usage, UsageWindow};

    fn at(used: f64, resets_at: EpochMs) -> Vec<ProfileUsage> {
        vec![ProfileUsage {
            agent_id: "main".into(),
            profile_id: "openai-codex:ada".into(),
            provider: "openai-codex".into(),
            usage: Some(Usage {
                plan: None,
                windows: vec![UsageWindow {
                    name: "5h".into(),
                    used_percent: used,
                    resets_at: Some(resets_at),
                    window_secs: Some(18_000),
                }],
                credits: None,
            }),
            read_at: Some(0),
            unavailable: None,
            checked_at: Some(0),
        }]
    }

    #[test]
    fn once_per_threshold_and_window_and_again_after_a_reset() {
        let (now, h) = (1_000 * DAY, 3_600_000);
        let mut a = UsageAlerts::default();
        assert!(a.due(&at(50.0, now + h), now).is_empty());
        let first = a.due(&at(83.0, now + 2 * h), now);
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].title, "openai-codex:ada — 5h window 83% used");
        assert_eq!(
            first[0].body,
            "Agent main; resets in 2h. Suggest order in Authtray puts the accounts with headroom first."
        );
        assert!(a.due(&at(90.0, now + 2 * h), now).is_empty(), "80 % once");
        let full = a.due(&at(100.0, now + 2 * h), now);
        assert_eq!(full[0].title, "openai-codex:ada — 5h window used up");
        assert!(a.due(&at(100.0, now + 2 * h), now).is_empty(), "100 % once");
        // The window reset: a new one that crosses 80 % is announced again.
        let next = now + 3 * h;
        assert_eq!(a.due(&at(81.0, next + 5 * h), next).len(), 1);
        // A restart keeps what was said.
        let dir = tempfile::tempdir().unwrap();
        a.save(dir.path()).unwrap();
        let mut again = UsageAlerts::load(dir.path());
        assert!(again.due(&at(81.0, next + 5 * h), next).is_empty());
    }

    #[test]
    fn the_tray_lists_accounts_at_80_percent_or_more_most_used_first() {
        let now = 1_000 * DAY;
        let mut profiles = at(85.0, now + 2 * 3_600_000);
        profiles.extend(at(100.0, now + DAY));
        profiles[1].profile_id = "openai-codex:bo".into();
        profiles.extend(at(79.0, now + DAY));
        profiles.extend(at(99.0, now - 1));
        let lines = tray_lines(&profiles, now);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "main · openai-codex:bo — 5h window used up, resets in 24h",
                "main · openai-codex:ada — 5h window 85% used, resets in 2h",
            ],
            "below 80 % and windows that have reset are not listed"
        );
    }
}
