//! `authtray-cli status`: every profile's health, like `gh auth status`.

use super::session::{CliError, CliResult, Io, Session};
use authtray_core::app::{AppError, status::status};
use authtray_core::health::Status;
use authtray_core::report::{AgentReport, ProfileReport, check_exit_code};
use authtray_core::time::format_remaining;
use authtray_core::words;
use clap::Args;

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Only this agent (default: the configured default agent)
    #[arg(long, conflicts_with = "all")]
    agent: Option<String>,
    /// Every agent of the state directory
    #[arg(long)]
    all: bool,
    /// Print JSON (shape documented in docs/cli.md)
    #[arg(long)]
    json: bool,
    /// Exit 1 if a store is unreadable or a profile expired or missing, 2 if one is expiring
    #[arg(long)]
    check: bool,
    /// Warning window, e.g. 24h, 7d (default: the one set in Authtray's Settings, 24h unless changed)
    #[arg(long, value_name = "DURATION")]
    warn: Option<String>,
}

pub fn run(s: &mut Session, a: StatusArgs, io: &mut Io<'_>) -> CliResult {
    let warn_ms = match &a.warn {
        Some(w) => {
            authtray_core::app::profiles::duration(w, "24h or 7d").map_err(AppError::from)?
        }
        None => s.install.warn_ms(),
    };
    let targets = s
        .install
        .targets(a.all, a.agent.as_deref())
        .map_err(AppError::from)?;
    let status = status(&s.install, &targets, s.now, warn_ms);
    if a.json {
        io.json(&status)?;
    } else {
        writeln!(
            io.out,
            "{} — {}",
            status.state_dir.display(),
            status.format.name
        )?;
        print_human(s, &status.agents, io)?;
        super::upgrade::print(&status.upgrade, io)?;
    }
    let unreadable = status.agents.iter().any(|r| r.error.is_some());
    Ok(if a.check {
        check_exit_code(&status.agents)
    } else {
        i32::from(unreadable)
    })
}

fn print_human(s: &Session, reports: &[AgentReport], io: &mut Io<'_>) -> Result<(), CliError> {
    if reports.is_empty() {
        writeln!(
            io.out,
            "No agents in {}. Run `openclaw onboard`, or `authtray-cli agents add <id>`.",
            s.install.state().path.display()
        )?;
    }
    for r in reports {
        writeln!(io.out, "{}  {}", r.agent_id, r.agent_dir.display())?;
        if let Some(e) = &r.error {
            writeln!(io.out, "  ✗ cannot read this agent's store: {}", e.message)?;
            continue;
        }
        if r.profiles.is_empty() {
            writeln!(
                io.out,
                "  No profiles. Add one: authtray-cli profiles add-key --provider <provider> --agent {}",
                r.agent_id
            )?;
        }
        let width = r
            .profiles
            .iter()
            .map(|p| p.label.chars().count())
            .max()
            .unwrap_or(0);
        for p in &r.profiles {
            let mark = match p.status {
                Status::Ok | Status::Static => "✓",
                Status::Expiring => "!",
                Status::Expired | Status::Missing => "✗",
            };
            let inherited = if p.inherited { "  (from main)" } else { "" };
            writeln!(
                io.out,
                "  {mark} {:width$}  {:<8} {:<24} {}{inherited}",
                p.label,
                p.kind.as_str(),
                p.masked,
                describe(s, p)
            )?;
            if let Some(next) = next_step(p, &r.agent_id) {
                writeln!(io.out, "      → {next}")?;
            }
        }
        for (provider, ids) in &r.order {
            writeln!(
                io.out,
                "  order {provider}: {}",
                if ids.is_empty() {
                    "(none usable)".into()
                } else {
                    ids.join(" → ")
                }
            )?;
        }
        for loose in &r.loose_permissions {
            writeln!(
                io.out,
                "  warning: {loose}; run `authtray-cli fix-permissions`"
            )?;
        }
        for skipped in &r.skipped {
            writeln!(io.out, "  skipped by OpenClaw: {skipped}")?;
        }
    }
    Ok(())
}

fn describe(s: &Session, p: &ProfileReport) -> String {
    let mut text = match (p.status, p.expires_at) {
        (Status::Static, _) => "static".to_string(),
        (Status::Missing, _) => format!(
            "missing ({})",
            p.reason_code.as_deref().unwrap_or("no credential")
        ),
        (Status::Expired, _) => "expired".to_string(),
        (Status::Expiring, Some(t)) => format!("expiring in {}", format_remaining(t - s.now)),
        (Status::Ok, Some(t)) => words::expiry(t, s.now),
        (_, None) => "ok".to_string(),
    };
    if let Some(u) = &p.unusable {
        text.push_str(&format!(
            " [{} {}]",
            u.kind,
            format_remaining(u.until - s.now)
        ));
    }
    text
}

/// The next step for a profile that needs one (ended, ending, missing).
fn next_step(p: &ProfileReport, agent: &str) -> Option<String> {
    if matches!(p.status, Status::Ok | Status::Static) {
        return None;
    }
    let ended = matches!(p.status, Status::Expired | Status::Missing);
    let step = words::next_step(
        p.owner,
        &p.provider,
        &p.profile_id,
        agent,
        p.refreshable,
        ended,
    )
    .unwrap_or(words::NextStep {
        text: "OpenClaw refreshes it before use; nothing to do".into(),
        command: None,
    });
    Some(match step.command {
        Some(cmd) if !step.text.contains('`') => format!("{}: {cmd}", step.text),
        _ => step.text,
    })
}
