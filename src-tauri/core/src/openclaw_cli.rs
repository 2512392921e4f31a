//! OpenClaw's own command line, as a way to write an install whose store
//! schema Authtray does not write itself (`app::delegate`): found through
//! `AUTHTRAY_OPENCLAW` (a path), else `openclaw` on `PATH`; run against the
//! install's state dir with secrets on stdin only, never in arguments or
//! the environment. A command takes seconds (Node starting OpenClaw).

use crate::paths::Env;
use crate::secret::Secret;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest an OpenClaw command may take before it is stopped.
const LIMIT: Duration = Duration::from_secs(180);

#[derive(Clone, Debug, thiserror::Error)]
pub enum OpenclawCliError {
    #[error("no `openclaw` program found (looked at {})", looked.join("; "))]
    NotFound { looked: Vec<String> },
    #[error("`{command}` could not be started: {detail}")]
    Spawn { command: String, detail: String },
    #[error("`{command}` failed: {said}")]
    Failed { command: String, said: String },
    #[error("`{command}` did not finish within {} s; it was stopped", LIMIT.as_secs())]
    TimedOut { command: String },
}

impl crate::error::Classify for OpenclawCliError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::NotFound { .. } => crate::error::ErrorCode::NotFound,
            Self::Spawn { .. } | Self::TimedOut { .. } => crate::error::ErrorCode::Unavailable,
            Self::Failed { .. } => crate::error::ErrorCode::InvalidInput,
        }
    }
}

/// The `openclaw` program of an install.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenclawCli {
    pub program: PathBuf,
}

impl OpenclawCli {
    /// `AUTHTRAY_OPENCLAW`, else the first `openclaw` on `PATH`; the error
    /// says where it looked.
    pub fn locate(env: &Env) -> Result<Self, OpenclawCliError> {
        let mut looked = Vec::new();
        match env.var("AUTHTRAY_OPENCLAW") {
            Some(p) => {
                let program = env.resolve_user_path(p);
                if program.is_file() {
                    return Ok(Self { program });
                }
                looked.push(format!(
                    "$AUTHTRAY_OPENCLAW={} (no such file)",
                    program.display()
                ));
            }
            None => looked.push("$AUTHTRAY_OPENCLAW (not set)".into()),
        }
        let names: &[&str] = if cfg!(windows) {
            &["openclaw.cmd", "openclaw.exe", "openclaw"]
        } else {
            &["openclaw"]
        };
        let path = env.var("PATH").unwrap_or_default();
        for dir in std::env::split_paths(path) {
            for name in names {
                let program = dir.join(name);
                if program.is_file() {
                    return Ok(Self { program });
                }
            }
        }
        looked.push(format!("PATH ({path})"));
        Err(OpenclawCliError::NotFound { looked })
    }

    /// Runs `openclaw <args>` on the install at `state` (its config from
    /// `OPENCLAW_CONFIG_PATH` when the environment sets one), with `secret`
    /// and a newline on stdin; what it printed on stdout.
    pub fn run(
        &self,
        env: &Env,
        state: &Path,
        args: &[&str],
        secret: Option<&Secret>,
    ) -> Result<String, OpenclawCliError> {
        let command = format!("openclaw {}", args.join(" "));
        let mut cmd = Command::new(&self.program);
        cmd.args(args)
            .env("OPENCLAW_STATE_DIR", state)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for name in ["HOME", "OPENCLAW_CONFIG_PATH", "PATH"] {
            if let Some(v) = env.var(name) {
                cmd.env(name, v);
            }
        }
        let mut child = cmd.spawn().map_err(|e| OpenclawCliError::Spawn {
            command: command.clone(),
            detail: e.to_string(),
        })?;
        if let (Some(mut stdin), Some(secret)) = (child.stdin.take(), secret) {
            let _ = writeln!(stdin, "{}", secret.expose());
        }
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut text = String::new();
                if let Some(mut p) = pipe {
                    let _ = p.read_to_string(&mut text);
                }
                text
            })
        };
        let out = drain(
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let err = drain(
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| OpenclawCliError::Spawn {
                command: command.clone(),
                detail: e.to_string(),
            })? {
                break status;
            }
            if started.elapsed() > LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OpenclawCliError::TimedOut { command });
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let (stdout, stderr) = (
            out.join().unwrap_or_default(),
            err.join().unwrap_or_default(),
        );
        if status.success() {
            return Ok(stdout);
        }
        Err(OpenclawCliError::Failed {
            command,
            said: last_lines(if stderr.trim().is_empty() {
                &stdout
            } else {
                &stderr
            }),
        })
    }
}

/// The last lines that say something (OpenClaw prints its error last).
fn last_lines(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines[lines.len().saturating_sub(2)..].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_it_looked_is_said_when_no_openclaw_is_found() {
        let env = Env::default()
            .with_var("PATH", "/nonexistent/a:/nonexistent/b")
            .with_var("AUTHTRAY_OPENCLAW", "/nonexistent/openclaw");
        let err = OpenclawCli::locate(&env).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no `openclaw` program found (looked at $AUTHTRAY_OPENCLAW=/nonexistent/openclaw (no such file); PATH (/nonexistent/a:/nonexistent/b))"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_goes_on_stdin_and_a_failure_says_what_openclaw_said() {
        let tmp = tempfile::tempdir().unwrap();
        let program = tmp.path().join("openclaw");
        std::fs::write(
            &program,
            "#!/bin/sh\nread key\n[ \"$1\" = ok ] && { echo \"got ${#key} chars for $OPENCLAW_STATE_DIR\"; exit 0; }\necho 'Warning: noise' >&2\necho 'Error: no such provider' >&2\nexit 1\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let env = Env::default().with_var("PATH", &tmp.path().display().to_string());
        let cli = OpenclawCli::locate(&env).unwrap();
        let key = Secret::new("sk-or-v1-secret");
        let out = cli.run(&env, Path::new("/s"), &["ok"], Some(&key)).unwrap();
        assert_eq!(out, "got 15 chars for /s\n");
        let err = cli
            .run(&env, Path::new("/s"), &["models", "x"], Some(&key))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`openclaw models x` failed: Warning: noise Error: no such provider"
        );
    }
}
