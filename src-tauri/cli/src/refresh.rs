//! `authtray-cli refresh`: refresh store-owned OAuth profiles, for servers
//! (cron, systemd timers) — `--due` only those expiring within the window.
//! Exit 0 when nothing failed, 1 when a profile needs a reconnect or failed.

use super::session::{CliResult, Io, Session};
use authtray_core::app::AppError;
use authtray_core::app::refresh::{RefreshStatus, Targets, run as refresh};
use authtray_core::refresh::DEFAULT_WINDOW;
use clap::Args;

#[derive(Args, Debug)]
pub struct RefreshArgs {
    /// Only this agent (default: the configured default agent)
    #[arg(long, conflicts_with = "all")]
    agent: Option<String>,
    /// Every agent of the state directory
    #[arg(long)]
    all: bool,
    /// Only profiles expiring within the window (for timers); without it,
    /// every refreshable profile is refreshed now
    #[arg(long)]
    due: bool,
    /// The refresh window, e.g. 10m, 1h (default 10m)
    #[arg(long, value_name = "DURATION")]
    window: Option<String>,
    /// Only this profile
    #[arg(long)]
    profile_id: Option<String>,
}

pub fn run(s: &mut Session, a: RefreshArgs, io: &mut Io<'_>) -> CliResult {
    let window = match &a.window {
        Some(w) => {
            authtray_core::app::profiles::duration(w, "10m or 1h").map_err(AppError::from)?
        }
        None => DEFAULT_WINDOW,
    };
    let targets = Targets {
        agent: a.agent.as_deref(),
        all: a.all,
        profile: a.profile_id.as_deref(),
    };
    // An explicit run refreshes inactive profiles too: the user asked.
    let results = refresh(&s.install, targets, a.due, window, true)?;
    for r in &results {
        let line = match (&r.status, &r.next_step) {
            (RefreshStatus::NeedsReconnect, Some(cmd)) => {
                format!("NEEDS RECONNECT: {} — run `{cmd}`", r.message)
            }
            (RefreshStatus::NeedsReconnect, None) => format!("NEEDS RECONNECT: {}", r.message),
            (RefreshStatus::Refreshed, _) => format!("refreshed; {}", r.message),
            (RefreshStatus::Skipped, _) => format!("skipped: {}", r.message),
            (RefreshStatus::Failed, _) => format!("failed: {}", r.message),
        };
        writeln!(io.out, "{} · {}: {line}", r.agent_id, r.profile_id)?;
    }
    if results.is_empty() {
        writeln!(
            io.out,
            "Nothing to refresh{}.",
            if a.due {
                " (no store-owned OAuth profile is due)"
            } else {
                " (no store-owned OAuth profile)"
            }
        )?;
    }
    Ok(i32::from(results.iter().any(|r| r.failed())))
}
