//! `authtray-cli upgrade`: what the move from JSON files to SQLite left
//! where (retired files, stranded profiles, archives), and `upgrade import`
//! to move an agent's stranded profiles into its SQLite store.

use super::session::{CliResult, Io, Session};
use authtray_core::app::upgrade::{findings, import};
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub struct UpgradeArgs {
    #[command(subcommand)]
    command: Option<UpgradeCommand>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
enum UpgradeCommand {
    /// Move the agent's stranded profiles into its SQLite store (undo: `authtray-cli undo`)
    Import {
        #[command(flatten)]
        agent: super::AgentArg,
    },
}

pub fn run(s: &mut Session, a: UpgradeArgs, io: &mut Io<'_>) -> CliResult {
    if let Some(UpgradeCommand::Import { agent }) = a.command {
        let done = import(&mut s.install, agent.agent.as_deref(), s.now)?;
        writeln!(
            io.out,
            "{}: imported {} profile(s){}{}",
            done.agent.id,
            done.profiles.len(),
            if done.profiles.is_empty() {
                String::new()
            } else {
                format!(" ({})", done.profiles.join(", "))
            },
            done.archived
                .iter()
                .map(|p| format!("; archived {}", p.display()))
                .collect::<String>()
        )?;
        return Ok(0);
    }
    let found = findings(&s.install)?;
    if a.json {
        io.json(&found)?;
        return Ok(0);
    }
    if found.is_empty() {
        writeln!(
            io.out,
            "Nothing to report: {}.",
            s.install.store().describe()
        )?;
    }
    print(&found, io)?;
    Ok(i32::from(found.iter().any(|f| {
        f.kind == authtray_core::app::upgrade::FindingKind::Stranded
    })))
}

/// The findings as lines: what, the risk, the next step.
pub fn print(
    found: &[authtray_core::app::upgrade::Finding],
    io: &mut Io<'_>,
) -> Result<(), super::session::CliError> {
    for f in found {
        let agent = f
            .agent_id
            .as_deref()
            .map(|a| format!("{a}: "))
            .unwrap_or_default();
        writeln!(io.out, "! {agent}{}", f.detail)?;
        writeln!(io.out, "    risk: {}", f.risk)?;
        writeln!(io.out, "    next: {}", f.next_step)?;
        for file in &f.files {
            writeln!(io.out, "    {}", file.display())?;
        }
    }
    Ok(())
}
