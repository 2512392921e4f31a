//! What every command needs: the resolved paths, the store context, the
//! config, the agent to act on, stdin for secrets, and one error type.

use crate::agents::{self, MAIN_AGENT};
use crate::config::{Config, ConfigError, config_path, normalize_agent_id};
use crate::paths::{Env, StateDir};
use crate::secret::{Secret, normalize_pasted};
use crate::store::{StoreContext, StoreError};
use crate::time::{EpochMs, now_ms};
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::time::Duration;

pub struct Io<'a> {
    pub input: Box<dyn BufRead + 'a>,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub input_is_terminal: bool,
}

impl Io<'_> {
    /// Prints a value as pretty JSON on stdout.
    pub fn json(&mut self, value: &impl serde::Serialize) -> Result<(), CliError> {
        let text = serde_json::to_string_pretty(value).expect("report types serialise");
        writeln!(self.out, "{text}")?;
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Discover(#[from] agents::DiscoverError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Save(#[from] crate::save::SaveError),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Usage(_) => 64,
            _ => 1,
        }
    }
}

pub type CliResult = Result<i32, CliError>;

pub struct Session {
    pub env: Env,
    pub ctx: StoreContext,
    pub config_path: PathBuf,
    pub now: EpochMs,
}

impl Session {
    /// `--state-dir DIR` means exactly `OPENCLAW_STATE_DIR=DIR`, so the
    /// config file and every other path follow OpenClaw's own rules.
    pub fn new(env: Env, state_dir: Option<PathBuf>, lock_timeout: Option<u64>) -> Self {
        let env = match state_dir {
            Some(dir) => env.with_var("OPENCLAW_STATE_DIR", &dir.to_string_lossy()),
            None => env,
        };
        let mut ctx = StoreContext::new(&env, StateDir::resolve(&env));
        let timeout = lock_timeout.or_else(|| {
            env.var("AUTHTRAY_LOCK_TIMEOUT")
                .and_then(|v| v.parse().ok())
        });
        if let Some(secs) = timeout {
            ctx.lock_policy = ctx.lock_policy.with_budget(Duration::from_secs(secs));
        }
        let config_path = config_path(&env, &ctx.state);
        ctx.newer_openclaw = Config::read(&config_path)
            .ok()
            .and_then(|c| c.last_touched_version().map(str::to_owned))
            .filter(|v| crate::config::is_sqlite_era_version(v));
        Self {
            env,
            ctx,
            config_path,
            now: now_ms(),
        }
    }

    pub fn config(&self) -> Result<Config, CliError> {
        Ok(Config::read(&self.config_path)?)
    }

    /// The agents a command acts on: every agent with `--all`, else [`Session::agent`].
    pub fn targets(
        &self,
        all: bool,
        requested: Option<&str>,
    ) -> Result<Vec<(String, PathBuf)>, CliError> {
        if !all {
            return Ok(vec![self.agent(requested)?]);
        }
        Ok(
            crate::agents::discover(&self.env, &self.ctx.state, Ok(self.config()?))?
                .agents
                .into_iter()
                .map(|ag| (ag.id, ag.agent_dir))
                .collect(),
        )
    }

    /// The agent a command acts on: `--agent`, else the configured default.
    /// Unknown ids (no directory, not configured) are an error.
    pub fn agent(&self, requested: Option<&str>) -> Result<(String, PathBuf), CliError> {
        let config = self.config()?;
        let id = requested
            .map(normalize_agent_id)
            .unwrap_or_else(|| config.default_agent());
        let dir = agents::agent_dir(&self.env, &self.ctx.state, &config, &id);
        let configured = config.agents().iter().any(|a| a.id == id);
        if id != MAIN_AGENT && !configured && !dir.exists() {
            return Err(CliError::Usage(format!(
                "unknown agent {id:?}; see `authtray-cli agents list`, or create it with `authtray-cli agents add {id}`"
            )));
        }
        Ok((id, dir))
    }

    /// Reads one secret from stdin (a prompt when it is a terminal), as
    /// OpenClaw normalises pasted secrets.
    pub fn read_secret(&self, io: &mut Io<'_>, what: &str) -> Result<Secret, CliError> {
        let mut raw = String::new();
        if io.input_is_terminal {
            write!(io.err, "Paste the {what}, then press Enter: ")?;
            io.err.flush()?;
            io.input.read_line(&mut raw)?;
        } else {
            io.input.read_to_string(&mut raw)?;
        }
        let value = normalize_pasted(&raw);
        if value.is_empty() {
            return Err(CliError::Usage(format!(
                "no {what} on stdin: pipe it in (for example `pbpaste | authtray-cli …`) — never pass secrets as arguments"
            )));
        }
        Ok(Secret::new(value))
    }
}

/// Tells what a save did to `openclaw.json`, if anything.
pub fn report_config(
    saved: &crate::save::Saved,
    config: &Config,
    io: &mut Io<'_>,
) -> Result<(), CliError> {
    if saved.config_updated {
        writeln!(io.out, "Updated auth settings in {}", config.path.display())?;
    }
    report_backup(saved.config_backup.as_deref(), io)
}

/// Says where the original `openclaw.json` went when a rewrite could not
/// keep its comments or JSON5 syntax.
pub fn report_backup(backup: Option<&std::path::Path>, io: &mut Io<'_>) -> Result<(), CliError> {
    if let Some(b) = backup {
        writeln!(
            io.out,
            "Note: comments and JSON5 syntax in openclaw.json were not kept; the original is at {}",
            b.display()
        )?;
    }
    Ok(())
}
