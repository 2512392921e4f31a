//! `authtray-cli secrets …`: move API keys and tokens into the OS keyring
//! (OpenClaw resolves them through `secrets resolve`), and back out.

use super::AgentArg;
use super::session::{CliError, CliResult, Io, Session, report_backup};
use crate::keychain::{
    keyring_profiles, move_to_keyring, plaintext_profiles, resolve, restore_from_keyring,
};
use clap::{Args, Subcommand};
use std::io::Read;

#[derive(Subcommand, Debug)]
pub enum SecretsCommand {
    /// Move a profile's plaintext key or token into the keyring (--all: every one of the agent)
    Move(Which),
    /// Put a keyring-held key back into the store as plaintext
    Restore(Which),
    /// OpenClaw's exec SecretRef protocol: a request on stdin, the values on stdout
    Resolve,
}

#[derive(Args, Debug)]
pub struct Which {
    #[arg(long, required_unless_present = "all")]
    profile_id: Option<String>,
    /// Every API key and token of the agent
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    agent: AgentArg,
}

pub fn run(s: &Session, cmd: SecretsCommand, io: &mut Io<'_>) -> CliResult {
    match cmd {
        SecretsCommand::Resolve => {
            let mut request = Vec::new();
            io.input.read_to_end(&mut request)?;
            writeln!(io.out, "{}", resolve(&request))?;
            Ok(0)
        }
        SecretsCommand::Move(w) | SecretsCommand::Restore(w) if w.all && w.profile_id.is_some() => {
            Err(CliError::Usage(
                "give --profile-id or --all, not both".into(),
            ))
        }
        SecretsCommand::Move(w) => {
            let (agent_id, dir) = s.agent(w.agent.agent.as_deref())?;
            let resolver = std::env::current_exe()
                .and_then(std::fs::canonicalize)
                .map_err(|e| {
                    CliError::Usage(format!("cannot find authtray-cli's own path: {e}"))
                })?;
            let mut config = s.config()?;
            let ids = targets(s, &dir, &w, plaintext_profiles)?;
            let mut backup = None;
            for id in &ids {
                let b = move_to_keyring(&s.ctx, &mut config, &agent_id, &dir, id, &resolver, s.now)
                    .map_err(|e| CliError::Usage(e.to_string()))?;
                backup = backup.or(b);
                writeln!(
                    io.out,
                    "{agent_id} · {id}: moved to the keyring; OpenClaw resolves it with {} secrets resolve",
                    resolver.display()
                )?;
            }
            if ids.is_empty() {
                writeln!(io.out, "No plaintext API key or token in agent {agent_id}.")?;
            }
            report_backup(backup.as_deref(), io)?;
            Ok(0)
        }
        SecretsCommand::Restore(w) => {
            let (agent_id, dir) = s.agent(w.agent.agent.as_deref())?;
            for id in targets(s, &dir, &w, keyring_profiles)? {
                restore_from_keyring(&s.ctx, &dir, &id)
                    .map_err(|e| CliError::Usage(e.to_string()))?;
                writeln!(
                    io.out,
                    "{agent_id} · {id}: back in the store as plaintext (0600)"
                )?;
            }
            Ok(0)
        }
    }
}

/// The profile given, else every profile `all` selects in the agent's store.
fn targets(
    s: &Session,
    dir: &std::path::Path,
    w: &Which,
    all: fn(&crate::store::AuthStore) -> Vec<String>,
) -> Result<Vec<String>, CliError> {
    match &w.profile_id {
        Some(id) => Ok(vec![id.clone()]),
        None => Ok(all(&crate::store::load(&s.ctx, dir)?)),
    }
}
