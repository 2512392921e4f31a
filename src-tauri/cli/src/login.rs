//! `authtray-cli login`: a login from a terminal. A browser login prints
//! the link, listens for the callback, and takes a pasted redirect URL or
//! code on stdin at the same time — whichever comes first (works over SSH
//! too); a code login shows the code and polls until it is approved.

use super::AgentArg;
use super::session::{CliError, CliResult, Io, Session, report_config};
use authtray_core::app::login::{self, Finished, Method, Prompt, Request};
use authtray_core::oauth::login::Progress;
use authtray_core::providers::WhoLoggedIn;
use clap::Args;
use std::time::Duration;

#[derive(Args, Debug)]
pub struct LoginArgs {
    /// openai-codex, anthropic, google-gemini-cli, chutes (browser); github-copilot, minimax-portal (code); others: `profiles add-key` / `paste-token`
    #[arg(long)]
    provider: String,
    #[command(flatten)]
    agent: AgentArg,
    /// Save under this id instead of OpenClaw's default for the login
    #[arg(long)]
    profile_id: Option<String>,
    /// Do not open a browser; print the link only
    #[arg(long)]
    no_browser: bool,
    /// Type a code on the provider's page instead of a browser redirect
    /// (openai-codex: for a browser on another machine)
    #[arg(long)]
    device: bool,
    /// Replace a profile that belongs to another account
    #[arg(long)]
    replace: bool,
    /// Give up after this many seconds
    #[arg(long, default_value_t = 300)]
    timeout: u64,
}

fn remote_session(s: &Session) -> bool {
    ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"]
        .iter()
        .any(|v| s.install.env().var(v).is_some())
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

pub fn run(s: &mut Session, a: LoginArgs, io: &mut Io<'_>) -> CliResult {
    let started = login::begin(
        &s.install,
        Request {
            provider: &a.provider,
            agent: a.agent.agent.as_deref(),
            profile_id: a.profile_id.as_deref(),
            method: if a.device { Method::Code } else { Method::Auto },
            replace: a.replace,
            timeout: Duration::from_secs(a.timeout),
        },
    )?;
    let provider = started.provider.clone();
    match &started.prompt {
        Prompt::Browser {
            authorize_url,
            port,
            busy_note,
        } => {
            writeln!(
                io.out,
                "Open this link to log in to {provider}:\n\n  {authorize_url}\n"
            )?;
            if let Some(note) = busy_note {
                writeln!(io.err, "{note}")?;
            }
            if let Some(port) = port.filter(|_| remote_session(s)) {
                writeln!(
                    io.out,
                    "This is a remote session: the browser's redirect must reach port {port} here. On your computer run\n  ssh -L {port}:127.0.0.1:{port} <this host>\nor paste the address the browser ends up on below."
                )?;
            }
            writeln!(
                io.out,
                "Waiting for the browser… or paste the redirect URL (or the code) here and press Enter."
            )?;
            io.out.flush()?;
            if !a.no_browser {
                open_browser(authorize_url);
            }
            let control = started.control();
            std::thread::spawn(move || {
                for line in std::io::stdin().lines() {
                    match line {
                        Ok(l) if !l.trim().is_empty() => {
                            control.paste(l);
                        }
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
            });
        }
        Prompt::Code {
            user_code,
            verification_uri,
        } => {
            writeln!(
                io.out,
                "Open {verification_uri} and enter the code:\n\n    {user_code}\n"
            )?;
            writeln!(io.out, "Waiting for you to approve it…")?;
            io.out.flush()?;
            if !a.no_browser {
                open_browser(verification_uri);
            }
        }
    }
    let finished = {
        let err = &mut io.err;
        let out = &mut io.out;
        started.finish(&mut s.install, |p| {
            let _ = match p {
                Progress::PasteRejected(e) => writeln!(err, "Not accepted: {e}"),
                Progress::Exchanging => writeln!(out, "Exchanging the code…"),
            };
        })?
    };
    let done = match finished {
        Finished::Saved(done) => done,
        Finished::NeedsConfirmation(pending) => {
            return Err(CliError::OtherAccount(format!(
                "{} (or pass --replace)",
                pending.message
            )));
        }
    };
    if let Some(facts) = facts(&done.who) {
        writeln!(io.out, "Logged in as {facts}.")?;
    }
    writeln!(
        io.out,
        "Saved {} to {}",
        done.saved.profile_id,
        done.saved.store_path.display()
    )?;
    report_config(&done.saved, s.install.config_path(), io)?;
    Ok(0)
}

fn facts(who: &WhoLoggedIn) -> Option<String> {
    let facts: Vec<String> = [
        who.email.clone(),
        who.account.as_ref().map(|x| format!("account {x}")),
        who.plan.as_ref().map(|p| format!("plan {p}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!facts.is_empty()).then(|| facts.join(", "))
}
