//! `authtray-cli status`: every profile's health, like `gh auth status`.

use super::session::{CliError, CliResult, Io, Session};
use crate::agents::main_store_dir;
use crate::health::{DEFAULT_WARN_MS, Status};
use crate::report::{AgentReport, Owner, ProfileReport, agent_report, check_exit_code};
use crate::store::load;
use crate::time::{format_remaining, parse_duration};
use clap::Args;
use serde_json::json;

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Only this agent (default: the configured default agent)
    #[arg(long, conflicts_with = "all")]
    agent: Option<String>,
    /// Every agent of the state directory
    #[arg(long)]
    all: bool,
    /// Print JSON (shape documented in the README)
    #[arg(long)]
    json: bool,
    /// Exit 1 if any profile is expired or missing, 2 if any is expiring
    #[arg(long)]
    check: bool,
    /// Warning window, e.g. 24h, 7d (default 24h)
    #[arg(long, value_name = "DURATION")]
    warn: Option<String>,
}

pub fn run(s: &Session, a: StatusArgs, io: &mut Io<'_>) -> CliResult {
    let warn_ms = match &a.warn {
        Some(w) => parse_duration(w).ok_or_else(|| {
            CliError::Usage(format!("--warn {w:?}: use a duration like 24h or 7d"))
        })?,
        None => DEFAULT_WARN_MS,
    };
    let config = s.config()?;
    let targets = s.targets(a.all, a.agent.as_deref())?;
    // Main's store is what every secondary agent inherits: read it once.
    let main = load(&s.ctx, &main_store_dir(&s.ctx.state)).ok();
    let mut reports = Vec::new();
    for (id, dir) in &targets {
        reports.push(agent_report(
            &s.ctx,
            &config,
            id,
            dir,
            main.as_ref(),
            s.now,
            warn_ms,
        )?);
    }
    if a.json {
        let body = json!({ "stateDir": s.ctx.state.path, "now": s.now, "warnAfterMs": warn_ms, "agents": reports });
        io.json(&body)?;
    } else {
        print_human(s, &reports, io)?;
    }
    Ok(if a.check {
        check_exit_code(&reports)
    } else {
        0
    })
}

fn print_human(s: &Session, reports: &[AgentReport], io: &mut Io<'_>) -> Result<(), CliError> {
    if reports.is_empty() {
        writeln!(
            io.out,
            "No agents in {}. Run `openclaw onboard`, or `authtray-cli agents add <id>`.",
            s.ctx.state.path.display()
        )?;
    }
    for r in reports {
        writeln!(io.out, "{}  {}", r.agent_id, r.agent_dir.display())?;
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
    let remaining = p.expires_at.map(|t| format_remaining(t - s.now));
    let mut text = match (p.status, remaining) {
        (Status::Static, _) => "static".to_string(),
        (Status::Missing, _) => format!(
            "missing ({})",
            p.reason_code.as_deref().unwrap_or("no credential")
        ),
        (Status::Expired, Some(r)) if r == "0m" => "expired".to_string(),
        (Status::Expired, _) => "expired".to_string(),
        (status, Some(r)) => format!(
            "{} in {r}",
            if status == Status::Expiring {
                "expiring"
            } else {
                "expires"
            }
        ),
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

fn next_step(p: &ProfileReport, agent: &str) -> Option<String> {
    if matches!(p.status, Status::Ok | Status::Static) {
        return None;
    }
    Some(match p.owner {
        Owner::ClaudeCode => "Claude Code owns this login: run `claude` once to refresh it".into(),
        Owner::CodexCli => "Codex CLI owns this login: run `codex login`".into(),
        Owner::MinimaxCli => {
            "MiniMax CLI owns this login: log in with the MiniMax CLI again".into()
        }
        Owner::Store if p.status == Status::Expiring => {
            "OpenClaw refreshes it before use; nothing to do".into()
        }
        Owner::Store => format!(
            "log in again: openclaw models auth login --provider {} --agent {agent}",
            p.provider
        ),
        Owner::Static => format!(
            "paste a new token: authtray-cli profiles paste-token --provider {} --profile-id {} --agent {agent}",
            p.provider, p.profile_id
        ),
    })
}
