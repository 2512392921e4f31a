//! Desktop notifications: which alert thresholds have been crossed and not
//! yet announced (pure), and the memory of what was sent — kept in
//! Authtray's data dir so a restart does not repeat itself.
//!
//! Thresholds: entering the warning window, 1 hour left, expired, and
//! failing (needs reconnect / not refreshed / missing). After a gap (the app
//! was off) only the most severe crossed threshold is announced; the lower
//! ones are marked as sent with it.

use crate::attention::{Alert, Attention, Problem};
use crate::files::{FileError, read_json, write_atomic};
use crate::json::to_json_bytes;
use crate::time::{DAY, EpochMs, HOUR, format_remaining};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Threshold {
    Window,
    OneHour,
    Expired,
    Failing,
}

impl Threshold {
    fn as_str(self) -> &'static str {
        match self {
            Self::Window => "window",
            Self::OneHour => "1h",
            Self::Expired => "expired",
            Self::Failing => "failing",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub key: String,
    pub agent_id: String,
    pub profile_id: String,
    pub threshold: Threshold,
    pub title: String,
    pub body: String,
}

/// What was announced, and whether alerts are paused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertMemory {
    pub paused_until: Option<EpochMs>,
    pub sent: BTreeSet<String>,
}

fn memory_path(data_dir: &Path) -> PathBuf {
    data_dir.join("alerts.json")
}

impl AlertMemory {
    pub fn load(data_dir: &Path) -> Result<Self, FileError> {
        let Some(v) = read_json(&memory_path(data_dir))? else {
            return Ok(Self::default());
        };
        Ok(Self {
            paused_until: v.get("pausedUntil").and_then(Value::as_i64),
            sent: v
                .get("sent")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        })
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), FileError> {
        let body = json!({"version": 1, "pausedUntil": self.paused_until, "sent": self.sent});
        write_atomic(&memory_path(data_dir), &to_json_bytes(&body))
    }

    pub fn paused(&self, now: EpochMs) -> bool {
        self.paused_until.is_some_and(|t| now < t)
    }
}

fn prefix(a: &Alert) -> String {
    format!("{}|{}|", a.agent_id, a.profile_id)
}

/// The thresholds an alert has crossed at `now`, lowest first.
fn crossed(a: &Alert, warn_ms: EpochMs, now: EpochMs) -> Vec<Threshold> {
    match (&a.problem, a.expires_at) {
        (Problem::Expiring | Problem::Expired, Some(t)) => [
            (Threshold::Window, t - warn_ms),
            (Threshold::OneHour, t - HOUR),
            (Threshold::Expired, t),
        ]
        .into_iter()
        .filter(|(_, at)| now >= *at)
        .map(|(th, _)| th)
        .collect(),
        _ => vec![Threshold::Failing],
    }
}

fn words(a: &Alert, th: Threshold, now: EpochMs) -> (String, String) {
    let fix = crate::words::owner_hint(a.owner).unwrap_or("Open Authtray to reconnect.");
    let left = a
        .expires_at
        .map(|t| format_remaining(t - now))
        .unwrap_or_default();
    let title = match (th, &a.problem) {
        (Threshold::Window | Threshold::OneHour, _) => {
            format!("{} expires in {left}", a.profile_id)
        }
        (Threshold::Expired, _) => format!("{} has expired", a.profile_id),
        (Threshold::Failing, Problem::Missing) => {
            format!("{} has no usable credential", a.profile_id)
        }
        (Threshold::Failing, Problem::NotRefreshed) => {
            format!("{} is not being refreshed", a.profile_id)
        }
        (Threshold::Failing, Problem::Stranded) => {
            format!("{} is stranded: OpenClaw no longer reads it", a.profile_id)
        }
        (Threshold::Failing, _) => format!("{} needs you to log in again", a.profile_id),
    };
    (
        title,
        format!("Agent {} · {}. {fix}", a.agent_id, a.provider),
    )
}

/// The notifications due now; marks them (and the thresholds they cover) as
/// sent. Nothing is due while alerts are paused. Memory of profiles that no
/// longer alert is dropped, so a renewed credential is announced afresh.
/// "Pause alerts until tomorrow": 08:00 local time on the next day — or
/// today, when it is still night (before 04:00). `utc_offset_s` is the
/// local offset from UTC now.
pub fn tomorrow_morning(now: EpochMs, utc_offset_s: i64) -> EpochMs {
    const MORNING: EpochMs = 8 * HOUR;
    let local = now + utc_offset_s * 1000;
    let midnight = local - local.rem_euclid(DAY);
    let day = if local - midnight < 4 * HOUR {
        midnight
    } else {
        midnight + DAY
    };
    day + MORNING - utc_offset_s * 1000
}

pub fn due(
    model: &Attention,
    warn_ms: EpochMs,
    now: EpochMs,
    memory: &mut AlertMemory,
) -> Vec<Notice> {
    memory
        .sent
        .retain(|k| model.alerts.iter().any(|a| k.starts_with(&prefix(a))));
    if memory.paused(now) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for a in &model.alerts {
        let keys: Vec<(Threshold, String)> = crossed(a, warn_ms, now)
            .into_iter()
            .map(|th| {
                (
                    th,
                    format!("{}{}|{}", prefix(a), th.as_str(), a.expires_at.unwrap_or(0)),
                )
            })
            .collect();
        let Some((top, top_key)) = keys.last().cloned() else {
            continue;
        };
        if !memory.sent.contains(&top_key) {
            let (title, body) = words(a, top, now);
            out.push(Notice {
                key: top_key,
                agent_id: a.agent_id.clone(),
                profile_id: a.profile_id.clone(),
                threshold: top,
                title,
                body,
            });
        }
        memory.sent.extend(keys.into_iter().map(|(_, k)| k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Owner;

    #[test]
    fn until_tomorrow_means_eight_in_the_morning_local_time() {
        let day0 = 1_767_225_600_000; // 2026-01-01T00:00Z
        // 15:00 in Berlin (UTC+1) → 08:00 Berlin the next day = 07:00Z.
        assert_eq!(
            tomorrow_morning(day0 + 14 * HOUR, 3600),
            day0 + DAY + 7 * HOUR
        );
        // 02:00 in New York (UTC−5): still night → 08:00 the same day = 13:00Z.
        assert_eq!(
            tomorrow_morning(day0 + 7 * HOUR, -5 * 3600),
            day0 + 13 * HOUR
        );
        // 23:30 UTC → 08:00 UTC the next day.
        assert_eq!(
            tomorrow_morning(day0 + 23 * HOUR + 30 * crate::time::MINUTE, 0),
            day0 + DAY + 8 * HOUR
        );
    }
    use crate::attention::IconState;
    use crate::time::DAY;

    const NOW: EpochMs = 1_767_225_600_000;
    const WARN: EpochMs = DAY;

    fn model_with(problem: Problem, expires_at: Option<EpochMs>) -> Attention {
        let alert = Alert {
            agent_id: "work".into(),
            profile_id: "anthropic:work".into(),
            provider: "anthropic".into(),
            owner: Owner::Static,
            problem,
            expires_at,
            hint: None,
            host: None,
        };
        Attention {
            icon: IconState::Warning,
            title: None,
            alerts: vec![alert],
            errors: vec![],
            unreachable: vec![],
            store_note: None,
        }
    }

    #[test]
    fn each_threshold_once() {
        let e = NOW + 12 * HOUR;
        let m = model_with(Problem::Expiring, Some(e));
        let mut mem = AlertMemory::default();
        let at = |t, mem: &mut AlertMemory| {
            due(&m, WARN, t, mem)
                .into_iter()
                .map(|n| n.threshold)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            at(NOW, &mut mem),
            [Threshold::Window],
            "already inside the window: announced once"
        );
        assert_eq!(at(NOW + 1000, &mut mem), []);
        assert_eq!(at(e - HOUR, &mut mem), [Threshold::OneHour]);
        assert_eq!(at(e - HOUR + 5, &mut mem), []);
        assert_eq!(at(e, &mut mem), [Threshold::Expired]);
        assert_eq!(at(e + HOUR, &mut mem), []);
    }

    #[test]
    fn after_a_gap_only_the_worst_is_announced() {
        let e = NOW - HOUR;
        let mut mem = AlertMemory::default();
        let notices = due(&model_with(Problem::Expired, Some(e)), WARN, NOW, &mut mem);
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].title, "anthropic:work has expired");
        assert_eq!(
            notices[0].body,
            "Agent work · anthropic. Open Authtray to reconnect."
        );
        assert_eq!(mem.sent.len(), 3);
    }

    #[test]
    fn paused_alerts_stay_unsent_and_a_renewal_is_new() {
        let mut mem = AlertMemory {
            paused_until: Some(NOW + HOUR),
            ..Default::default()
        };
        let m = model_with(Problem::NeedsReconnect, None);
        assert!(due(&m, WARN, NOW, &mut mem).is_empty());
        assert_eq!(
            due(&m, WARN, NOW + HOUR, &mut mem)[0].title,
            "anthropic:work needs you to log in again"
        );
        assert!(
            due(
                &Attention {
                    alerts: vec![],
                    ..m.clone()
                },
                WARN,
                NOW,
                &mut mem
            )
            .is_empty()
        );
        assert!(mem.sent.is_empty(), "resolved alerts are forgotten");
    }

    #[test]
    fn memory_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut mem = AlertMemory {
            paused_until: Some(5),
            ..Default::default()
        };
        due(
            &model_with(Problem::Expiring, Some(NOW + HOUR)),
            WARN,
            NOW,
            &mut mem,
        );
        mem.save(dir.path()).unwrap();
        let back = AlertMemory::load(dir.path()).unwrap();
        assert_eq!(back, mem);
        let mut back = back;
        assert!(
            due(
                &model_with(Problem::Expiring, Some(NOW + HOUR)),
                WARN,
                NOW + 1,
                &mut back
            )
            .is_empty()
        );
    }
}
