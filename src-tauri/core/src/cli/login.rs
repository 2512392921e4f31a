//! `authtray-cli login`: a browser login from a terminal. Prints the link,
//! listens for the callback, and takes a pasted redirect URL or code on
//! stdin at the same time — whichever comes first (works over SSH too).

use super::AgentArg;
use super::session::{CliError, CliResult, Io, Session, report_config};
use crate::oauth::login::{Attempt, Progress};
use crate::providers::catalog;
use crate::providers::code_login::{self, CodeLogin};
use crate::providers::credential_from_login;
use crate::providers::registry::redirect_login;
use crate::save::save_profile;
use crate::store::normalize_provider;
use crate::time::now_ms;
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
        .any(|v| s.env.var(v).is_some())
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

pub fn run(s: &Session, a: LoginArgs, io: &mut Io<'_>) -> CliResult {
    let provider = normalize_provider(&a.provider);
    if let Some(p) = catalog::provider(&provider).filter(|p| p.methods.is_empty()) {
        return Err(CliError::Usage(format!(
            "{provider} takes no new logins: {}",
            p.note.unwrap_or("it is legacy")
        )));
    }
    let wants_code = a.device || redirect_login(&provider, &s.env).is_none();
    if wants_code && let Some(started) = code_login::start(&provider, &s.env) {
        return run_code(s, a, started.map_err(CliError::Usage)?, io);
    }
    let login = redirect_login(&provider, &s.env).ok_or_else(|| {
        CliError::Usage(format!(
            "no browser login for {provider}: use `authtray-cli profiles add-key --provider {provider}` or `profiles paste-token`"
        ))
    })?;
    let (_, dir) = s.agent(a.agent.agent.as_deref())?;
    let attempt = Attempt::start(login.clone(), Duration::from_secs(a.timeout))
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let url = attempt.authorize_url();
    writeln!(
        io.out,
        "Open this link to log in to {provider}:\n\n  {url}\n"
    )?;
    if let Some(note) = attempt.busy_note() {
        writeln!(io.err, "{note}")?;
    }
    if let Some(port) = attempt.port().filter(|_| remote_session(s)) {
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
        open_browser(&url);
    }
    let paste = attempt.paste_box();
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            match line {
                Ok(l) if !l.trim().is_empty() => paste.paste(l),
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
    let tokens = attempt
        .finish(|p| {
            let _ = match p {
                Progress::PasteRejected(e) => writeln!(io.err, "Not accepted: {e}"),
                Progress::Exchanging => writeln!(io.out, "Exchanging the code…"),
            };
        })
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let now = now_ms();
    let (default_id, credential, who) =
        credential_from_login(&login, &tokens, &s.env, now).map_err(CliError::Usage)?;
    let id = a.profile_id.unwrap_or(default_id);
    let mut config = s.config()?;
    let saved = save_profile(&s.ctx, &mut config, &dir, &id, credential, a.replace, now)?;
    let facts: Vec<String> = [
        who.email,
        who.account.map(|x| format!("account {x}")),
        who.plan.map(|p| format!("plan {p}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !facts.is_empty() {
        writeln!(io.out, "Logged in as {}.", facts.join(", "))?;
    }
    writeln!(io.out, "Saved {id} to {}", saved.store_path.display())?;
    report_config(&saved, &config, io)?;
    Ok(0)
}

/// Device-code login: show the code and page, poll until approved.
fn run_code(s: &Session, a: LoginArgs, login: Box<dyn CodeLogin>, io: &mut Io<'_>) -> CliResult {
    let (_, dir) = s.agent(a.agent.agent.as_deref())?;
    writeln!(
        io.out,
        "Open {} and enter the code:\n\n    {}\n",
        login.verification_uri(),
        login.user_code()
    )?;
    writeln!(io.out, "Waiting for you to approve it…")?;
    io.out.flush()?;
    if !a.no_browser {
        open_browser(login.verification_uri());
    }
    let give_up = std::time::Instant::now() + Duration::from_secs(a.timeout);
    let mut wait = |d: Duration| {
        std::thread::sleep(d);
        std::time::Instant::now() < give_up
    };
    let (default_id, credential, who) = login.finish(&mut wait, now_ms).map_err(CliError::Usage)?;
    let id = a.profile_id.unwrap_or(default_id);
    let mut config = s.config()?;
    let saved = save_profile(
        &s.ctx,
        &mut config,
        &dir,
        &id,
        credential,
        a.replace,
        now_ms(),
    )?;
    let facts: Vec<String> = [who.email, who.account.map(|x| format!("account {x}"))]
        .into_iter()
        .flatten()
        .collect();
    let facts = if facts.is_empty() {
        String::new()
    } else {
        format!(" ({})", facts.join(", "))
    };
    writeln!(
        io.out,
        "Saved {id}{facts} to {}",
        saved.store_path.display()
    )?;
    report_config(&saved, &config, io)?;
    Ok(0)
}
