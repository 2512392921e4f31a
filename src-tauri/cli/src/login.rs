//! `authtray-cli login`: a login from a terminal. A browser login prints
//! the link, listens for the callback, and takes a pasted redirect URL or
//! code on stdin at the same time — whichever comes first (works over SSH
//! too); a code login shows the code and polls until it is approved.

use super::AgentArg;
use super::session::{CliError, CliResult, Io, Session, report_config};
use authtray_core::Env;
use authtray_core::app::login::{self, Finished, Method, Prompt, Request, Started};
use authtray_core::oauth::login::Progress;
use authtray_core::providers::{self, Provider, WhoLoggedIn};
use authtray_core::remote::Host;
use authtray_core::remote::login::RemoteLogin;
use authtray_core::remote::protocol::Place;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// The providers that log in, from the provider table.
fn provider_help() -> String {
    let ids = |way: fn(&Provider) -> bool| {
        let ids: Vec<&str> = providers::all()
            .iter()
            .filter(|p| way(p))
            .map(|p| p.id)
            .collect();
        ids.join(", ")
    };
    format!(
        "{} (browser); {} (code); others: `profiles add-key` / `paste-token`",
        ids(|p| p.browser.is_some()),
        ids(|p| p.browser.is_none() && p.code.is_some())
    )
}

#[derive(Args, Debug)]
pub struct LoginArgs {
    #[arg(long, help = provider_help())]
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

fn request(a: &LoginArgs) -> Request<'_> {
    Request {
        provider: &a.provider,
        agent: a.agent.agent.as_deref(),
        profile_id: a.profile_id.as_deref(),
        method: if a.device { Method::Code } else { Method::Auto },
        replace: a.replace,
        timeout: Duration::from_secs(a.timeout),
    }
}

pub fn run(s: &mut Session, a: LoginArgs, io: &mut Io<'_>) -> CliResult {
    let started = login::begin(&s.install, request(&a))?;
    show(&started, a.no_browser, remote_session(s), io)?;
    let finished = {
        let (out, err) = (&mut io.out, &mut io.err);
        started.finish(&mut s.install, |p| progress(p, out, err))?
    };
    let done = match finished {
        Finished::Saved(done) => done,
        Finished::NeedsConfirmation(pending) => return Err(other_account(&pending.message)),
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

/// `--host DEST login`: the agent is checked there first, the browser and
/// the loopback listener are here, and the finished login is saved there
/// through its own write path — a new login, never a copied refresh token.
pub fn run_on(
    host: &Host,
    state_dir: Option<PathBuf>,
    lock_timeout: Option<u64>,
    a: LoginArgs,
    env: &Env,
    io: &mut Io<'_>,
) -> CliResult {
    let place = Place {
        state_dir: state_dir.map(|p| p.display().to_string()),
        lock_timeout,
    };
    let begun = RemoteLogin::begin(host.clone(), place, env, request(&a))?;
    let found = &begun.found;
    writeln!(
        io.out,
        "Logging in agent {} on {} ({}, {}).",
        found.id,
        host.name(),
        found.state_dir,
        found.format
    )?;
    show(&begun.started, a.no_browser, false, io)?;
    let there = {
        let (out, err) = (&mut io.out, &mut io.err);
        begun.wait(env, |p| progress(p, out, err))?
    };
    let who = there.logged.who.clone();
    let stored = there.save(a.replace)?;
    if let Some(message) = &stored.needs_confirmation {
        return Err(other_account(message));
    }
    if let Some(facts) = facts(&who) {
        writeln!(io.out, "Logged in as {facts}.")?;
    }
    writeln!(
        io.out,
        "Saved {} to {} on {}",
        stored.profile_id,
        stored.store_path,
        host.name()
    )?;
    if stored.config_updated {
        writeln!(
            io.out,
            "Updated auth settings in openclaw.json on {}",
            host.name()
        )?;
    }
    if let Some(b) = &stored.config_backup {
        writeln!(
            io.out,
            "Note: comments and JSON5 syntax in openclaw.json were not kept; the original is at {b} on {}",
            host.name()
        )?;
    }
    for note in &stored.notes {
        writeln!(io.err, "note: {note}")?;
    }
    Ok(0)
}

fn other_account(message: &str) -> CliError {
    CliError::OtherAccount(format!("{message} (or pass --replace)"))
}

fn progress(p: Progress, out: &mut dyn Write, err: &mut dyn Write) {
    let _ = match p {
        Progress::PasteRejected(e) => writeln!(err, "Not accepted: {e}"),
        Progress::Exchanging => writeln!(out, "Exchanging the code…"),
    };
}

/// Prints what to do (the link, or the code), opens the browser, and reads
/// pasted redirect URLs or codes from stdin while the login waits.
fn show(
    started: &Started,
    no_browser: bool,
    remote: bool,
    io: &mut Io<'_>,
) -> Result<(), CliError> {
    let provider = &started.provider;
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
            if let Some(port) = port.filter(|_| remote) {
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
            if !no_browser {
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
            if !no_browser {
                open_browser(verification_uri);
            }
        }
    }
    Ok(())
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
