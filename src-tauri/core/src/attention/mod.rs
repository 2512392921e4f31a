//! What needs the user's attention, computed from the agents' reports and
//! `now` (pure): which profiles need the user, the icon state, a short
//! title, and when the next threshold is crossed so the monitor can sleep
//! until then. The tray shows it; the window shows the same.
//!
//! Alerts follow `openclaw-store.md` §9.5: things that really end (tokens
//! with an expiry, credentials another program refreshes, refresh chains
//! that are failing) — never the routine expiry of an OAuth access token
//! that OpenClaw refreshes.

use crate::health::Status;
use crate::report::{AgentReport, ProfileReport};
use crate::store::Owner;
use crate::time::{EpochMs, HOUR};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// An OAuth profile OpenClaw refreshes counts as failing only after it has
/// stayed expired this long.
pub const REFRESH_GRACE_MS: EpochMs = HOUR;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum IconState {
    Ok,
    Warning,
    Expired,
    /// A store could not be read.
    Error,
}

pub use crate::health::Problem;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    pub agent_id: String,
    pub profile_id: String,
    pub provider: String,
    pub owner: Owner,
    pub problem: Problem,
    pub expires_at: Option<EpochMs>,
    /// Who to turn to when another program owns the login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub hint: Option<String>,
    /// The host of an install on another machine it was raised on (the
    /// tray's merged menu); `None` for this computer's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub host: Option<String>,
}

impl Alert {
    fn severe(&self) -> bool {
        !matches!(self.problem, Problem::Expiring)
    }

    /// `work · anthropic:work — expires in 3h`, `gw: work · …` for another host's.
    pub fn menu_text(&self, now: EpochMs) -> String {
        let on = self
            .host
            .as_deref()
            .map(|h| format!("{h}: "))
            .unwrap_or_default();
        format!(
            "{on}{} · {} — {}",
            self.agent_id,
            self.profile_id,
            crate::words::alert_phrase(&self.problem, self.expires_at, now)
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Attention {
    pub icon: IconState,
    /// `2 expiring`, `1 expired · 2 expiring`; `None` when all is well.
    pub title: Option<String>,
    pub alerts: Vec<Alert>,
    /// Stores that could not be read (`agent: error`).
    pub errors: Vec<String>,
    /// Installs on other hosts that did not answer, one quiet line each
    /// (`gw: unreachable`): not alerts, no icon change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[specta(optional)]
    pub unreachable: Vec<String>,
    /// How this computer's install is written when that is worth saying
    /// ("OpenClaw schema 19: read by content, writes go through OpenClaw").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub store_note: Option<String>,
}

/// The alert a profile raises at `now`, if any.
pub fn alert_for(
    agent_id: &str,
    p: &ProfileReport,
    needs_reconnect: bool,
    now: EpochMs,
) -> Option<Alert> {
    let auth_permanent = p
        .unusable
        .as_ref()
        .is_some_and(|u| u.reason.as_deref() == Some("auth_permanent"));
    let problem = if needs_reconnect || auth_permanent {
        Problem::NeedsReconnect
    } else if p.owner == Owner::Store && p.refreshable {
        // Routine access-token expiry: OpenClaw refreshes it. Only a chain
        // that stays expired is a problem.
        match p.expires_at {
            Some(t) if now - t > REFRESH_GRACE_MS => Problem::NotRefreshed,
            _ => return None,
        }
    } else {
        match p.status {
            Status::Ok | Status::Static => return None,
            Status::Expiring => Problem::Expiring,
            Status::Expired => Problem::Expired,
            Status::Missing => Problem::Missing,
        }
    };
    Some(Alert {
        agent_id: agent_id.to_owned(),
        profile_id: p.profile_id.clone(),
        provider: p.provider.clone(),
        owner: p.owner,
        problem,
        expires_at: p.expires_at,
        hint: crate::words::owner_hint(p.owner).map(str::to_owned),
        host: None,
    })
}

/// Profiles seen through inheritance are reported once, under the agent
/// whose file holds them (main), not once per agent.
pub fn model(
    reports: &[AgentReport],
    errors: Vec<String>,
    needs_reconnect: &BTreeSet<(String, String)>,
    now: EpochMs,
) -> Attention {
    let alerts: Vec<Alert> = reports
        .iter()
        .flat_map(|r| {
            r.profiles.iter().filter(|p| !p.inherited).filter_map(|p| {
                let flagged = needs_reconnect.contains(&(r.agent_id.clone(), p.profile_id.clone()));
                alert_for(&r.agent_id, p, flagged, now)
            })
        })
        .collect();
    summarize(alerts, errors)
}

/// The model of a set of alerts and unreadable stores: sorted (severe
/// first, soonest first), the icon and the title.
pub fn summarize(mut alerts: Vec<Alert>, errors: Vec<String>) -> Attention {
    alerts.sort_by_key(|a| {
        (
            !a.severe(),
            a.expires_at.unwrap_or(i64::MAX),
            a.agent_id.clone(),
            a.profile_id.clone(),
        )
    });
    let severe = alerts.iter().filter(|a| a.severe()).count();
    let expiring = alerts.len() - severe;
    let title = match (severe, expiring) {
        (0, 0) if errors.is_empty() => None,
        (0, 0) => Some(format!("{} unreadable", errors.len())),
        (0, e) => Some(format!("{e} expiring")),
        (s, 0) => Some(format!("{s} expired")),
        (s, e) => Some(format!("{s} expired · {e} expiring")),
    };
    let icon = if !errors.is_empty() {
        IconState::Error
    } else if severe > 0 {
        IconState::Expired
    } else if expiring > 0 {
        IconState::Warning
    } else {
        IconState::Ok
    };
    Attention {
        icon,
        title,
        alerts,
        errors,
        unreachable: Vec::new(),
        store_note: None,
    }
}

/// This computer's model with the last check of each install on another
/// host: their alerts (tagged with the host) in the same list, their
/// unreadable stores as errors, and a host that did not answer as one
/// quiet line.
pub fn with_remote(
    local: Attention,
    remote: &[(String, Result<Attention, crate::error::Failure>)],
) -> Attention {
    let (mut alerts, mut errors, mut unreachable) = (local.alerts, local.errors, Vec::new());
    for (host, checked) in remote {
        match checked {
            Ok(m) => {
                alerts.extend(m.alerts.iter().cloned().map(|mut a| {
                    a.host = Some(host.clone());
                    a
                }));
                errors.extend(m.errors.iter().map(|e| format!("{host}: {e}")));
            }
            Err(_) => unreachable.push(format!("{host}: unreachable")),
        }
    }
    Attention {
        unreachable,
        store_note: local.store_note,
        ..summarize(alerts, errors)
    }
}

/// The next moment something changes by time alone: a profile entering the
/// warning window, reaching 1 h, expiring, passing the refresh grace, or a
/// cooldown ending. The monitor sleeps until then (or a file changes).
pub fn next_change(reports: &[AgentReport], warn_ms: EpochMs, now: EpochMs) -> Option<EpochMs> {
    reports
        .iter()
        .flat_map(|r| r.profiles.iter())
        .flat_map(|p| {
            let expiry = p
                .expires_at
                .into_iter()
                .flat_map(move |t| [t - warn_ms, t - HOUR, t, t + REFRESH_GRACE_MS + 1]);
            expiry.chain(p.unusable.as_ref().map(|u| u.until))
        })
        .filter(|t| *t > now)
        .min()
}

#[cfg(test)]
mod tests;
