//! The tray monitor's policy, as a pure function: given what was read at
//! `now` (the tray model, the alert memory, the preferences, when the next
//! background refresh is due), which notifications to send, whether to
//! refresh now, and when to wake up next. The app's monitor thread reads,
//! calls [`plan`], and carries the plan out.

use crate::attention::{Attention, next_change};
use crate::notice::{self, AlertMemory, Notice};
use crate::report::AgentReport;
use crate::settings::Preferences;
use crate::time::{EpochMs, HOUR};

/// Longest sleep when nothing is scheduled: a safety net, not polling.
pub const MAX_SLEEP_MS: EpochMs = 6 * HOUR;

/// What the monitor does this round.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    /// Notifications to show now (none while they are switched off: the
    /// thresholds are still remembered, so turning them on replays nothing).
    pub notify: Vec<Notice>,
    /// The alert memory changed and must be saved.
    pub remember: bool,
    /// Start a background refresh of the due profiles now.
    pub refresh: bool,
    /// When to look again (a threshold, the end of a pause, the next due
    /// refresh), at most [`MAX_SLEEP_MS`] away; file changes wake it sooner.
    pub wake_at: EpochMs,
}

/// What the monitor knows this round.
pub struct Seen<'a> {
    pub reports: &'a [AgentReport],
    pub model: &'a Attention,
    pub prefs: &'a Preferences,
    /// When the next store-owned OAuth profile is due for a background refresh.
    pub refresh_due: Option<EpochMs>,
    /// The user asked to refresh what is due (tray menu).
    pub refresh_asked: bool,
    /// A refresh is already running.
    pub refreshing: bool,
}

pub fn plan(seen: &Seen<'_>, memory: &mut AlertMemory, now: EpochMs) -> Plan {
    let warn_ms = seen.prefs.warn_ms();
    let before = memory.clone();
    let due = notice::due(seen.model, warn_ms, now, memory);
    let refresh_due = seen.refresh_due.filter(|_| seen.prefs.background_refresh);
    let refresh = !seen.refreshing && (seen.refresh_asked || refresh_due.is_some_and(|t| t <= now));
    let wake_at = next_change(seen.reports, warn_ms, now)
        .into_iter()
        .chain(memory.paused_until.filter(|t| *t > now))
        .chain(refresh_due.filter(|t| *t > now))
        .min()
        .unwrap_or(now + MAX_SLEEP_MS)
        .min(now + MAX_SLEEP_MS);
    Plan {
        notify: if seen.prefs.notifications {
            due
        } else {
            Vec::new()
        },
        remember: *memory != before,
        refresh,
        wake_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ProfileReport;
    use crate::store::{CredentialType, Owner};
    use crate::time::MINUTE;
    use std::collections::BTreeSet;

    const NOW: EpochMs = 1_800_000_000_000;

    fn token(expires: EpochMs) -> AgentReport {
        AgentReport {
            agent_id: "main".into(),
            agent_dir: "/a".into(),
            profiles: vec![ProfileReport {
                profile_id: "anthropic:work".into(),
                provider: "anthropic".into(),
                kind: CredentialType::Token,
                status: crate::health::status(
                    &crate::store::Credential::parse(&serde_json::json!({"type": "token", "provider": "anthropic", "token": "t", "expires": expires})).unwrap(),
                    NOW,
                    24 * HOUR,
                )
                .0,
                reason_code: None,
                expires_at: Some(expires),
                owner: Owner::Static,
                owner_text: crate::words::owner_words(Owner::Static).into(),
                label: "anthropic:work".into(),
                email: None,
                masked: "t".into(),
                inherited: false,
                refreshable: false,
                unusable: None,
                last_used: None,
            }],
            order: Default::default(),
            effective_order: vec![],
            skipped: vec![],
            loose_permissions: vec![],
            error: None,
        }
    }

    fn round(
        reports: &[AgentReport],
        prefs: &Preferences,
        due: Option<EpochMs>,
        memory: &mut AlertMemory,
        now: EpochMs,
    ) -> Plan {
        let model = crate::attention::model(reports, vec![], &BTreeSet::new(), now);
        plan(
            &Seen {
                reports,
                model: &model,
                prefs,
                refresh_due: due,
                refresh_asked: false,
                refreshing: false,
            },
            memory,
            now,
        )
    }

    #[test]
    fn a_token_entering_the_window_is_announced_once_and_the_next_threshold_is_the_wake() {
        let prefs = Preferences::default();
        let reports = [token(NOW + 3 * HOUR)];
        let mut memory = AlertMemory::default();
        let first = round(&reports, &prefs, None, &mut memory, NOW);
        assert_eq!(first.notify.len(), 1);
        assert!(first.remember);
        assert_eq!(first.wake_at, NOW + 2 * HOUR, "the one-hour threshold");
        let again = round(&reports, &prefs, None, &mut memory, NOW + MINUTE);
        assert!(again.notify.is_empty() && !again.remember);
    }

    #[test]
    fn notifications_off_still_remembers_and_paused_alerts_wake_at_the_end_of_the_pause() {
        let prefs = Preferences {
            notifications: false,
            ..Preferences::default()
        };
        let reports = [token(NOW + 3 * HOUR)];
        let mut memory = AlertMemory::default();
        let p = round(&reports, &prefs, None, &mut memory, NOW);
        assert!(p.notify.is_empty() && p.remember);
        let mut paused = AlertMemory {
            paused_until: Some(NOW + 30 * MINUTE),
            ..AlertMemory::default()
        };
        let p = round(&reports, &Preferences::default(), None, &mut paused, NOW);
        assert!(p.notify.is_empty());
        assert_eq!(p.wake_at, NOW + 30 * MINUTE);
    }

    #[test]
    fn background_refresh_runs_when_due_unless_off_or_running_and_sleep_is_bounded() {
        let prefs = Preferences::default();
        let mut memory = AlertMemory::default();
        assert!(round(&[], &prefs, Some(NOW), &mut memory, NOW).refresh);
        let later = round(&[], &prefs, Some(NOW + MINUTE), &mut memory, NOW);
        assert!(!later.refresh);
        assert_eq!(later.wake_at, NOW + MINUTE);
        let off = Preferences {
            background_refresh: false,
            ..Preferences::default()
        };
        let p = round(&[], &off, Some(NOW), &mut memory, NOW);
        assert!(!p.refresh);
        assert_eq!(p.wake_at, NOW + MAX_SLEEP_MS);
        let model = crate::attention::model(&[], vec![], &BTreeSet::new(), NOW);
        let busy = plan(
            &Seen {
                reports: &[],
                model: &model,
                prefs: &prefs,
                refresh_due: Some(NOW),
                refresh_asked: true,
                refreshing: true,
            },
            &mut memory,
            NOW,
        );
        assert!(!busy.refresh, "one refresh at a time");
    }
}
