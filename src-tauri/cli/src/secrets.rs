//! `authtray-cli secrets …`: move API keys and tokens into the OS keyring
//! (OpenClaw resolves them through `secrets resolve`), and back out.

use super::AgentArg;
use super::session::{CliError, CliResult, Io, Session, report_backup};
use authtray_core::app::secrets::{Which, move_to_keyring, restore_from_keyring};
use authtray_core::keychain::resolve;
use clap::{Args, Subcommand};
use std::io::Read;

#[derive(Subcommand, Debug)]
pub enum SecretsCommand {
    /// Move a profile's plaintext key or token into the keyring (--all: every one of the agent)
    Move(Selection),
    /// Put a keyring-held key back into the store as plaintext
    Restore(Selection),
    /// OpenClaw's exec SecretRef protocol: a request on stdin, the values on stdout
    Resolve,
}

#[derive(Args, Debug)]
pub struct Selection {
    #[arg(long, required_unless_present = "all")]
    profile_id: Option<String>,
    /// Every API key and token of the agent
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    agent: AgentArg,
}

impl Selection {
    fn which(&self) -> Result<Which<'_>, CliError> {
        match (&self.profile_id, self.all) {
            (Some(_), true) => Err(CliError::Usage(
                "give --profile-id or --all, not both".into(),
            )),
            (Some(id), false) => Ok(Which::One(id)),
            (None, _) => Ok(Which::All),
        }
    }
}

pub fn run(s: &mut Session, cmd: SecretsCommand, io: &mut Io<'_>) -> CliResult {
    match cmd {
        SecretsCommand::Resolve => {
            let mut request = Vec::new();
            io.input.read_to_end(&mut request)?;
            writeln!(io.out, "{}", resolve(&request))?;
            Ok(0)
        }
        SecretsCommand::Move(w) => {
            let which = w.which()?;
            let resolver = std::env::current_exe()
                .and_then(|exe| authtray_core::keychain::resolver_path(&exe))
                .map_err(|e| {
                    CliError::Usage(format!("cannot find authtray-cli's own path: {e}"))
                })?;
            let (agent, moved) = move_to_keyring(
                &mut s.install,
                w.agent.agent.as_deref(),
                which,
                &resolver,
                s.now,
            )?;
            for id in &moved.profiles {
                writeln!(
                    io.out,
                    "{} · {id}: moved to the keyring; OpenClaw resolves it with {} secrets resolve",
                    agent.id,
                    resolver.display()
                )?;
            }
            if moved.profiles.is_empty() {
                writeln!(
                    io.out,
                    "No plaintext API key or token in agent {}.",
                    agent.id
                )?;
            }
            report_backup(moved.config_backup.as_deref(), io)?;
            Ok(0)
        }
        SecretsCommand::Restore(w) => {
            let which = w.which()?;
            let (agent, restored) =
                restore_from_keyring(&mut s.install, w.agent.agent.as_deref(), which, s.now)?;
            for id in restored {
                writeln!(
                    io.out,
                    "{} · {id}: back in the store as plaintext (0600)",
                    agent.id
                )?;
            }
            Ok(0)
        }
    }
}
