//! `authtray-cli`: the headless face of the engine, for gateway servers and
//! scripts. Argument parsing and dispatch here; one file per command group,
//! each a few lines around `authtray_core::app`. Secrets are read from
//! stdin, never from argv.

mod agents;
mod external;
mod login;
mod order;
mod profiles;
mod refresh;
mod remote;
mod repair;
mod secrets;
mod serve;
mod session;
mod status;
mod upgrade;
mod usage;

use clap::{Args, Parser, Subcommand};
use session::{Io, Session};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "authtray-cli",
    version,
    about = "Manage OpenClaw agent credentials from the command line",
    subcommand_required = false,
    arg_required_else_help = true
)]
pub struct Cli {
    /// Run the command against the OpenClaw install on this host, over your
    /// OpenSSH (anything `ssh` accepts; `--state-dir` then names a folder there)
    #[arg(long, global = true, value_name = "DEST")]
    host: Option<String>,
    /// Copy this authtray-cli to the --host (~/.local/share/authtray/bin, 0700)
    #[arg(long, global = true, requires = "host")]
    install_cli: bool,
    /// OpenClaw state directory (default: $OPENCLAW_STATE_DIR, ~/.openclaw, ~/.clawdbot)
    #[arg(long, global = true, value_name = "DIR")]
    state_dir: Option<PathBuf>,
    /// Give up waiting for a busy store lock after this many seconds (default 150)
    #[arg(long, global = true, value_name = "SECONDS")]
    lock_timeout: Option<u64>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Health of every profile, like `gh auth status`
    Status(status::StatusArgs),
    /// List or add agents
    #[command(subcommand)]
    Agents(agents::AgentsCommand),
    /// List, add, remove and rename profiles
    #[command(subcommand)]
    Profiles(profiles::ProfilesCommand),
    /// Get, set or clear the profile order of a provider
    #[command(subcommand)]
    Order(order::OrderCommand),
    /// Create stores from legacy files (auth.json, credentials/oauth.json; --flat: flat stores)
    Import(profiles::ImportArgs),
    /// Restore an agent's store to the version before the last change
    Undo(AgentArg),
    /// Log in with the browser (PKCE + loopback callback, or paste the redirect URL)
    Login(login::LoginArgs),
    /// Refresh store-owned OAuth profiles (`--due`: only those about to expire)
    Refresh(refresh::RefreshArgs),
    /// The logins Claude Code, Codex CLI, MiniMax CLI and Gemini CLI keep (read only)
    External(external::ExternalArgs),
    /// Use a CLI's login in OpenClaw without taking it over (claude-code)
    Sync(external::SyncArgs),
    /// Make store files 0600 and agent folders 0700 where others could read them
    FixPermissions(profiles::FixPermissionsArgs),
    /// Keep API keys and tokens in the OS keyring (OpenClaw resolves them through Authtray)
    #[command(subcommand)]
    Secrets(secrets::SecretsCommand),
    /// List stored profiles OpenClaw never tries in openclaw.json, drop entries no store holds
    Repair(repair::RepairArgs),
    /// What OpenClaw's move to SQLite left where; `upgrade import` moves stranded profiles in
    Upgrade(upgrade::UpgradeArgs),
    /// How much quota each account has left (OpenAI Codex, Claude OAuth), never refreshing
    Usage(usage::UsageArgs),
    /// Answer another machine's Authtray on stdin/stdout (what `--host` runs over ssh)
    Serve(serve::ServeArgs),
}

#[derive(Args, Debug, Clone)]
pub(crate) struct AgentArg {
    /// Agent id (default: the configured default agent)
    #[arg(long)]
    agent: Option<String>,
}

/// Runs the CLI; returns the process exit code.
pub fn run(
    args: impl IntoIterator<Item = std::ffi::OsString>,
    env: authtray_core::Env,
    io: &mut Io<'_>,
) -> i32 {
    let args: Vec<std::ffi::OsString> = args.into_iter().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 64 } else { 0 };
            let _ = write!(
                if e.use_stderr() {
                    &mut io.err
                } else {
                    &mut io.out
                },
                "{e}"
            );
            return code;
        }
    };
    if cli.host.is_some() {
        return finish(remote::run(cli, &args, env, io), io);
    }
    let Some(command) = cli.command else {
        let _ = writeln!(
            io.err,
            "authtray-cli: a command is needed; see `authtray-cli --help`"
        );
        return 64;
    };
    if let Command::Serve(a) = command {
        return serve::run(a, env, io);
    }
    let mut session = Session::new(env, cli.state_dir, cli.lock_timeout);
    let s = &mut session;
    let result = match command {
        Command::Status(a) => status::run(s, a, io),
        Command::Agents(c) => agents::run(s, c, io),
        Command::Profiles(c) => profiles::run(s, c, io),
        Command::Order(c) => order::run(s, c, io),
        Command::Import(a) => profiles::import(s, a, io),
        Command::Undo(a) => profiles::undo(s, a, io),
        Command::Login(a) => login::run(s, a, io),
        Command::Refresh(a) => refresh::run(s, a, io),
        Command::External(a) => external::list(s, a, io),
        Command::Sync(a) => external::sync(s, a, io),
        Command::FixPermissions(a) => profiles::fix_permissions(s, a, io),
        Command::Secrets(c) => secrets::run(s, c, io),
        Command::Repair(a) => repair::run(s, a, io),
        Command::Upgrade(a) => upgrade::run(s, a, io),
        Command::Usage(a) => usage::run(s, a, io),
        Command::Serve(_) => unreachable!("served above"),
    };
    for note in session.install.notes() {
        let _ = writeln!(io.err, "note: {note}");
    }
    finish(result, io)
}

fn finish(result: session::CliResult, io: &mut Io<'_>) -> i32 {
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(io.err, "authtray-cli: {e}");
            e.exit_code()
        }
    }
}

fn main() {
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    let mut io = Io {
        // Not `stdin().lock()`: `login` reads stdin on another thread.
        input: Box::new(std::io::BufReader::new(std::io::stdin())),
        out: &mut out,
        err: &mut err,
        input_is_terminal: std::io::IsTerminal::is_terminal(&std::io::stdin()),
    };
    let code = run(
        std::env::args_os(),
        authtray_core::Env::from_process(),
        &mut io,
    );
    let _ = io.out.flush();
    std::process::exit(code)
}
