//! `authtray-cli usage`: how much quota each account has left, where the
//! provider tells it (`providers::who_tells_usage`, from the provider table). Never
//! refreshes or writes a credential; an account checked in the last five
//! minutes is answered from the cache unless `--now`.

use super::session::{CliResult, Io, Session};
use authtray_core::app::AppError;
use authtray_core::app::usage::{ProfileUsage, usage};
use authtray_core::time::format_remaining;
use clap::Args;

#[derive(Args, Debug)]
pub struct UsageArgs {
    /// Only this agent (default: the configured default agent)
    #[arg(long, conflicts_with = "all")]
    agent: Option<String>,
    /// Every agent of the state directory
    #[arg(long)]
    all: bool,
    /// Ask the providers now, even for accounts checked in the last 5 minutes
    #[arg(long)]
    now: bool,
    #[arg(long)]
    json: bool,
}

pub fn run(s: &mut Session, a: UsageArgs, io: &mut Io<'_>) -> CliResult {
    let targets = s
        .install
        .targets(a.all, a.agent.as_deref())
        .map_err(AppError::from)?;
    let report = usage(&s.install, &targets, s.now, a.now)?;
    if a.json {
        io.json(&report)?;
        return Ok(0);
    }
    if !report.enabled {
        writeln!(io.out, "Usage checks are off (Settings → Usage).")?;
        return Ok(0);
    }
    if report.profiles.is_empty() {
        writeln!(
            io.out,
            "No account here tells its usage ({} do).",
            authtray_core::providers::who_tells_usage()
        )?;
    }
    for p in &report.profiles {
        writeln!(io.out, "{}", line(p, s.now))?;
    }
    Ok(0)
}

/// `main · openai-codex:ada  plan pro  5h 33% (resets in 2h)  7d 71% (resets in 4d)`
fn line(p: &ProfileUsage, now: i64) -> String {
    let mut parts = vec![format!("{} · {}", p.agent_id, p.profile_id)];
    if let Some(u) = &p.usage {
        if let Some(plan) = &u.plan {
            parts.push(format!("plan {plan}"));
        }
        for w in &u.windows {
            let resets = w
                .resets_at
                .map(|t| format!(" (resets in {})", format_remaining(t - now)))
                .unwrap_or_default();
            parts.push(format!("{} {:.0}%{resets}", w.name, w.used_percent));
        }
        if let Some(c) = u.credits {
            parts.push(format!("credits {c}"));
        }
        if let (Some(at), Some(_)) = (p.read_at, &p.unavailable) {
            parts.push(format!("(as of {} ago)", format_remaining(now - at)));
        }
    }
    if let Some(why) = &p.unavailable {
        parts.push(format!("usage unavailable ({why})"));
    }
    parts.join("  ")
}
