//! What every command needs: the opened install, `now`, stdin for secrets,
//! and one error type with the exit codes.

use authtray_core::Env;
use authtray_core::app::{AppError, Saved};
use authtray_core::error::{Classify, ErrorCode};
use authtray_core::install::AgentError;
use authtray_core::install::{Install, Options};
use authtray_core::remote::RemoteError;
use authtray_core::secret::{Secret, normalize_pasted};
use authtray_core::time::{EpochMs, now_ms};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
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
    App(#[from] AppError),
    #[error("{0}")]
    Usage(String),
    /// The login is another account's than the profile it would replace.
    #[error("{0}")]
    OtherAccount(String),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// Reaching an install on another host failed, or it refused there.
    #[error(transparent)]
    Remote(#[from] RemoteError),
}

impl From<authtray_core::remote::login::RemoteLoginError> for CliError {
    fn from(err: authtray_core::remote::login::RemoteLoginError) -> Self {
        use authtray_core::remote::login::RemoteLoginError;
        match err {
            RemoteLoginError::Remote(e) => Self::Remote(e),
            RemoteLoginError::Login(e) => Self::App(e),
        }
    }
}

impl CliError {
    /// 64 for a request that cannot be done as asked (wrong usage, a
    /// refused login, no keyring), 1 when a file, lock or the config failed.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Usage(_) => 64,
            Self::App(e) => match e {
                AppError::Input(_)
                | AppError::Delegate(authtray_core::app::delegate::DelegateError::NoWay {
                    ..
                })
                | AppError::Login(_)
                | AppError::Keychain(_)
                | AppError::External(_)
                | AppError::Agent(AgentError::Unknown { .. }) => 64,
                AppError::Store(_)
                | AppError::Config(_)
                | AppError::Discover(_)
                | AppError::Agent(AgentError::Config(_))
                | AppError::OtherAccount(_)
                | AppError::Operation(_)
                | AppError::Delegate(_) => 1,
            },
            Self::OtherAccount(_) | Self::Output(_) => 1,
            Self::Remote(e) => match e.code() {
                ErrorCode::InvalidInput | ErrorCode::NotFound | ErrorCode::Conflict => 64,
                _ => 1,
            },
        }
    }
}

pub type CliResult = Result<i32, CliError>;

pub struct Session {
    pub install: Install,
    pub now: EpochMs,
}

impl Session {
    pub fn new(env: Env, state_dir: Option<PathBuf>, lock_timeout: Option<u64>) -> Self {
        let install = authtray_core::app::open(
            env,
            Options {
                state_dir,
                lock_timeout: lock_timeout.map(Duration::from_secs),
            },
        );
        Self {
            install,
            now: now_ms(),
        }
    }
}

/// Says, before a write that goes through OpenClaw's own gateway or CLI
/// (`app::delegate`), that it will take a few seconds, and why it goes there.
pub fn announce_delegation(
    s: &Session,
    agent: Option<&str>,
    io: &mut Io<'_>,
) -> Result<(), CliError> {
    if let Ok(a) = s.install.agent(agent)
        && !s.install.writes_directly(&a)
    {
        writeln!(
            io.err,
            "Writing through OpenClaw ({}); this takes a few seconds…",
            s.install.store().why_through_openclaw()
        )?;
    }
    Ok(())
}

/// Reads one secret from stdin (a prompt when it is a terminal), as
/// OpenClaw normalises pasted secrets.
pub fn read_secret(io: &mut Io<'_>, what: &str) -> Result<Secret, CliError> {
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

/// Tells what a save did to `openclaw.json`, if anything.
pub fn report_config(saved: &Saved, config: &Path, io: &mut Io<'_>) -> Result<(), CliError> {
    if saved.config_updated {
        writeln!(io.out, "Updated auth settings in {}", config.display())?;
    }
    report_backup(saved.config_backup.as_deref(), io)
}

/// Says where the original `openclaw.json` went when a rewrite could not
/// keep its comments or JSON5 syntax.
pub fn report_backup(backup: Option<&Path>, io: &mut Io<'_>) -> Result<(), CliError> {
    if let Some(b) = backup {
        writeln!(
            io.out,
            "Note: comments and JSON5 syntax in openclaw.json were not kept; the original is at {}",
            b.display()
        )?;
    }
    Ok(())
}
