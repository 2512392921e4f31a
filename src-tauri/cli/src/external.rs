//! `authtray-cli external` (the logins other CLIs keep) and
//! `authtray-cli sync claude-code`.

use super::AgentArg;
use super::session::{CliResult, Io, Session, report_config};
use authtray_core::app::profiles::sync_claude_code;
use authtray_core::cli_logins::{ExternalState, Source, all};
use authtray_core::time::format_remaining;
use clap::{Args, ValueEnum};

#[derive(Args, Debug)]
pub struct ExternalArgs {
    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SyncSource {
    ClaudeCode,
}

#[derive(Args, Debug)]
pub struct SyncArgs {
    source: SyncSource,
    #[command(flatten)]
    agent: AgentArg,
}

pub fn list(s: &mut Session, a: ExternalArgs, io: &mut Io<'_>) -> CliResult {
    let logins = all(s.install.env());
    if a.json {
        io.json(&logins)?;
        return Ok(0);
    }
    for l in &logins {
        let state = match &l.state {
            ExternalState::Missing => "not logged in".to_owned(),
            ExternalState::Unreadable { reason } => format!("unreadable: {reason}"),
            ExternalState::Malformed { reason } => format!("not usable: {reason}"),
            ExternalState::Present {
                refreshable,
                expires_at,
                expiry_estimated,
                email,
                plan,
                ..
            } => {
                let when = expires_at.map(|t| {
                    let left = t - s.now;
                    let approx = if *expiry_estimated { "about " } else { "" };
                    if left > 0 {
                        format!("access expires in {approx}{}", format_remaining(left))
                    } else {
                        format!("access expired {approx}{} ago", format_remaining(-left))
                    }
                });
                [
                    email.clone(),
                    plan.as_ref().map(|p| format!("plan {p}")),
                    when,
                    Some(if *refreshable {
                        format!("kept alive by {}", l.name)
                    } else {
                        "no refresh token".into()
                    }),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
            }
        };
        writeln!(io.out, "{:<12} {} ({})", l.name, state, l.path.display())?;
        if matches!(l.state, ExternalState::Present { .. }) {
            let hint = match l.source {
                Source::ClaudeCode => {
                    "  use it in OpenClaw: authtray-cli sync claude-code (Claude Code stays its refresher)"
                }
                Source::CodexCli => {
                    "  use Codex in OpenClaw: authtray-cli login --provider openai-codex — a login of its own; copying Codex CLI's tokens would log Codex CLI out"
                }
                Source::MinimaxCli => {
                    "  OpenClaw adopts it as minimax-portal:minimax-cli on its own"
                }
                Source::GeminiCli => "  shown only: OpenClaw does not import Gemini CLI's login",
            };
            writeln!(io.out, "{hint}")?;
        }
    }
    Ok(0)
}

pub fn sync(s: &mut Session, a: SyncArgs, io: &mut Io<'_>) -> CliResult {
    let SyncSource::ClaudeCode = a.source;
    let saved = sync_claude_code(&mut s.install, a.agent.agent.as_deref(), s.now)?;
    writeln!(
        io.out,
        "Saved anthropic:claude-cli from Claude Code's login to {}; Claude Code keeps refreshing it (run `claude` if it expires).",
        saved.store_path.display()
    )?;
    report_config(&saved, s.install.config_path(), io)?;
    Ok(0)
}
