//! Refresh from the window, the tray and `authtray-cli refresh`: the same
//! owner-aware engine (refresh lock, then the store's lock; never a token
//! Authtray does not own), each attempt reported in the same words.

use super::AppError;
use crate::install::Install;
use crate::refresh::{Attempted, Outcome, Scope, run_all};
use crate::settings::Preferences;
use crate::time::{EpochMs, now_ms};
use crate::words;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RefreshStatus {
    Refreshed,
    Skipped,
    NeedsReconnect,
    Failed,
}

/// One profile's refresh attempt, as people read it.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RefreshResult {
    pub agent_id: String,
    pub profile_id: String,
    pub status: RefreshStatus,
    /// After the status: `valid for 3h`, why it was skipped, …
    pub message: String,
    /// What to run when it needs a reconnect.
    pub next_step: Option<String>,
}

impl RefreshResult {
    fn of(a: Attempted, now: EpochMs) -> Self {
        let c = a.candidate;
        let status = match &a.outcome {
            Outcome::Refreshed { .. } => RefreshStatus::Refreshed,
            Outcome::Skipped(_) => RefreshStatus::Skipped,
            Outcome::NeedsReconnect(_) => RefreshStatus::NeedsReconnect,
            Outcome::Failed { .. } => RefreshStatus::Failed,
        };
        Self {
            message: words::refresh_detail(&a.outcome, now),
            next_step: (status == RefreshStatus::NeedsReconnect)
                .then(|| words::login_command(&c.provider, &c.agent_id, &c.profile_id)),
            agent_id: c.agent_id,
            profile_id: c.profile_id,
            status,
        }
    }

    /// The attempt ended without a refreshed token where one was needed.
    pub fn failed(&self) -> bool {
        matches!(
            self.status,
            RefreshStatus::NeedsReconnect | RefreshStatus::Failed
        )
    }
}

/// Which agents and profiles a run looks at.
#[derive(Clone, Copy, Debug)]
pub struct Targets<'a> {
    pub agent: Option<&'a str>,
    pub all: bool,
    pub profile: Option<&'a str>,
}

/// Refreshes store-owned OAuth profiles of the targets in `scope`.
pub fn run(
    install: &Install,
    targets: Targets<'_>,
    due_only: bool,
    window: EpochMs,
    include_inactive: bool,
) -> Result<Vec<RefreshResult>, AppError> {
    let agents: Vec<_> = install
        .targets(targets.all, targets.agent)?
        .into_iter()
        .map(|a| (a.id, a.dir))
        .collect();
    let scope = Scope {
        due_only,
        window,
        include_inactive,
        only_profile: targets.profile,
    };
    let attempts = run_all(install.store(), install.env(), &agents, scope)?;
    let now = now_ms();
    if attempts
        .iter()
        .any(|a| matches!(a.outcome, Outcome::Refreshed { .. }))
    {
        install.changed(None, "update");
    }
    Ok(attempts
        .into_iter()
        .map(|a| RefreshResult::of(a, now))
        .collect())
}

/// The app's runs, by the user's preferences: their window, and inactive
/// profiles only when keep-alive is on — an explicit run (not `due_only`)
/// includes them, the user asked. Without an agent: every agent.
pub fn run_preferred(
    install: &Install,
    agent: Option<&str>,
    profile: Option<&str>,
    due_only: bool,
) -> Result<Vec<RefreshResult>, AppError> {
    let prefs = Preferences::load(install.data_dir());
    let targets = Targets {
        agent,
        all: agent.is_none(),
        profile,
    };
    run(
        install,
        targets,
        due_only,
        prefs.refresh_window(),
        !due_only || prefs.keep_inactive_alive,
    )
}

/// When the next store-owned OAuth profile of `reports`' agents becomes due
/// for a background refresh, by the user's preferences (never while
/// background refresh is off).
pub fn next_due(
    install: &Install,
    reports: &[crate::report::AgentReport],
    prefs: &Preferences,
    now: EpochMs,
) -> Option<EpochMs> {
    if !prefs.background_refresh {
        return None;
    }
    let agents: Vec<_> = reports
        .iter()
        .filter(|r| r.error.is_none())
        .map(|r| (r.agent_id.clone(), r.agent_dir.clone()))
        .collect();
    crate::refresh::next_due(
        install.store(),
        &agents,
        prefs.refresh_window(),
        prefs.keep_inactive_alive,
        now,
    )
}
