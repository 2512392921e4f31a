//! `authtray-cli refresh`: refresh store-owned OAuth profiles, for servers
//! (cron, systemd timers) — `--due` only those expiring within the window.
//! Exit 0 when nothing failed, 1 when a profile needs a reconnect or failed.

use super::session::{CliError, CliResult, Io, Session};
use crate::refresh::{Attempted, DEFAULT_WINDOW, Outcome, Scope, run_all};
use crate::time::{format_remaining, now_ms, parse_duration};
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

pub fn run(s: &Session, a: RefreshArgs, io: &mut Io<'_>) -> CliResult {
    let window = match &a.window {
        Some(w) => parse_duration(w).ok_or_else(|| {
            CliError::Usage(format!("--window {w:?}: use a duration like 10m or 1h"))
        })?,
        None => DEFAULT_WINDOW,
    };
    let targets = s.targets(a.all, a.agent.as_deref())?;
    // An explicit run refreshes inactive profiles too: the user asked.
    let scope = Scope {
        due_only: a.due,
        window,
        include_inactive: true,
        only_profile: a.profile_id.as_deref(),
    };
    let attempts = run_all(&s.ctx, &s.env, &targets, scope)?;
    let mut failed = false;
    for Attempted {
        candidate: c,
        outcome,
    } in &attempts
    {
        let agent_id = &c.agent_id;
        let line = match outcome {
            Outcome::Refreshed { expires } => format!(
                "refreshed; valid for {}",
                format_remaining(expires - now_ms())
            ),
            Outcome::Skipped(why) => format!("skipped: {why}"),
            Outcome::NeedsReconnect(why) => {
                failed = true;
                format!(
                    "NEEDS RECONNECT: {why} — run `authtray-cli login --provider {} --agent {agent_id} --profile-id {}`",
                    c.provider, c.profile_id
                )
            }
            Outcome::Failed { reason, retry_at } => {
                failed = true;
                format!(
                    "failed: {reason}; next try in {}",
                    format_remaining(retry_at - now_ms())
                )
            }
        };
        writeln!(io.out, "{agent_id} · {}: {line}", c.profile_id)?;
    }
    let any = !attempts.is_empty();
    if !any {
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
    Ok(i32::from(failed))
}
