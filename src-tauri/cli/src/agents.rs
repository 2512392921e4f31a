//! `authtray-cli agents list|add`.

use super::session::{CliResult, Io, Session, report_backup};
use authtray_core::app::agents;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum AgentsCommand {
    /// The agents of the state directory, main first
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create an agent directory with an empty store
    Add { id: String },
}

pub fn run(s: &mut Session, cmd: AgentsCommand, io: &mut Io<'_>) -> CliResult {
    match cmd {
        AgentsCommand::List { json } => {
            let list = agents::list(&s.install, s.now)?;
            if json {
                io.json(&list)?;
                return Ok(0);
            }
            if list.agents.is_empty() {
                writeln!(
                    io.out,
                    "No agents in {}. Create one: authtray-cli agents add <id>",
                    list.state_dir.path.display()
                )?;
            }
            for a in &list.agents {
                let tags = [(a.is_default, "default"), (!a.has_store, "no store")];
                let tags: Vec<&str> = tags.iter().filter(|(on, _)| *on).map(|(_, t)| *t).collect();
                let tags = if tags.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", tags.join(", "))
                };
                writeln!(io.out, "{}  {}{tags}", a.id, a.agent_dir.display())?;
            }
            for w in &list.warnings {
                writeln!(io.err, "warning: {w}")?;
            }
            Ok(0)
        }
        AgentsCommand::Add { id } => {
            let created = agents::add(&mut s.install, &id, s.now)?;
            writeln!(
                io.out,
                "Created agent {} at {}",
                created.id,
                created.dir.display()
            )?;
            if created.registered {
                writeln!(
                    io.out,
                    "Registered it in {}",
                    s.install.config_path().display()
                )?;
                report_backup(created.config_backup.as_deref(), io)?;
            }
            Ok(0)
        }
    }
}
