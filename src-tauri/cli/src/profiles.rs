//! `authtray-cli profiles …`, `import`, `undo` and `fix-permissions`.

use super::AgentArg;
use super::session::{CliResult, Io, Session, announce_delegation, read_secret, report_config};
use authtray_core::app::AppError;
use authtray_core::app::profiles::{self, Imported, SavedSecret};
use authtray_core::app::removal;
use authtray_core::time::to_iso;
use clap::{Args, Subcommand};
use serde_json::json;

#[derive(Subcommand, Debug)]
pub enum ProfilesCommand {
    /// Profiles of an agent (inherited ones included), like `openclaw models auth list`
    List {
        #[command(flatten)]
        agent: AgentArg,
        #[arg(long)]
        provider: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Save an API key read from stdin
    AddKey {
        #[command(flatten)]
        target: Target,
    },
    /// Save a token read from stdin (e.g. the output of `claude setup-token`)
    PasteToken {
        #[command(flatten)]
        target: Target,
        /// The token expires after this long (e.g. 365d, 12h, 1d12h)
        #[arg(long, value_name = "DURATION")]
        expires_in: Option<String>,
    },
    /// Remove a profile (undo with `authtray-cli undo`)
    Remove {
        profile_id: String,
        #[command(flatten)]
        agent: AgentArg,
    },
    /// Rename a profile, keeping its place and references
    Rename {
        from: String,
        to: String,
        #[command(flatten)]
        agent: AgentArg,
    },
}

#[derive(Args, Debug)]
pub struct Target {
    #[arg(long)]
    provider: String,
    /// Default: <provider>:default for keys, <provider>:manual for tokens
    #[arg(long)]
    profile_id: Option<String>,
    #[command(flatten)]
    agent: AgentArg,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    agent: AgentArg,
    /// Every agent without a store
    #[arg(long, conflicts_with = "agent")]
    all: bool,
    /// Migrate a legacy flat auth-profiles.json (keeps a .legacy-flat.<ms>.bak)
    #[arg(long)]
    flat: bool,
}

pub fn run(s: &mut Session, cmd: ProfilesCommand, io: &mut Io<'_>) -> CliResult {
    let agent_of = |a: &AgentArg| a.agent.clone();
    match cmd {
        ProfilesCommand::List {
            agent,
            provider,
            json,
        } => list(s, agent, provider, json, io),
        ProfilesCommand::AddKey { target } => {
            let key = read_secret(io, "API key")?;
            announce_delegation(s, target.agent.agent.as_deref(), io)?;
            let saved = profiles::add_key(
                &mut s.install,
                target.agent.agent.as_deref(),
                &target.provider,
                target.profile_id.as_deref(),
                &key,
                s.now,
            )?;
            report_saved(s, &saved, io)
        }
        ProfilesCommand::PasteToken { target, expires_in } => {
            if let Some(d) = &expires_in {
                profiles::duration(d, "365d, 12h or 1d12h").map_err(AppError::from)?;
            }
            let token = read_secret(io, "token")?;
            announce_delegation(s, target.agent.agent.as_deref(), io)?;
            let saved = profiles::add_token(
                &mut s.install,
                target.agent.agent.as_deref(),
                &target.provider,
                target.profile_id.as_deref(),
                &token,
                expires_in.as_deref(),
                s.now,
            )?;
            report_saved(s, &saved, io)
        }
        ProfilesCommand::Remove { profile_id, agent } => {
            announce_delegation(s, agent_of(&agent).as_deref(), io)?;
            let done = removal::remove(
                &mut s.install,
                agent_of(&agent).as_deref(),
                &profile_id,
                s.now,
            )?;
            match &done.through {
                Some(how) => writeln!(
                    io.out,
                    "Removed {profile_id} from agent {} {how} (OpenClaw keeps no undo)",
                    done.agent.id
                )?,
                None => writeln!(
                    io.out,
                    "Removed {profile_id} from {}. Undo: authtray-cli undo{}",
                    done.agent.dir.display(),
                    agent_flag(&agent)
                )?,
            }
            Ok(0)
        }
        ProfilesCommand::Rename { from, to, agent } => {
            profiles::rename(
                &mut s.install,
                agent_of(&agent).as_deref(),
                &from,
                &to,
                s.now,
            )?;
            writeln!(io.out, "Renamed {from} to {}", to.trim())?;
            Ok(0)
        }
    }
}

fn agent_flag(a: &AgentArg) -> String {
    a.agent
        .as_ref()
        .map(|id| format!(" --agent {id}"))
        .unwrap_or_default()
}

fn report_saved(s: &Session, saved: &SavedSecret, io: &mut Io<'_>) -> CliResult {
    writeln!(
        io.out,
        "Saved {} ({}) to {}",
        saved.saved.profile_id,
        saved.masked,
        saved.saved.store_path.display()
    )?;
    if let Some(how) = &saved.saved.through {
        writeln!(
            io.out,
            "  {how}: this store's schema is not one Authtray writes itself"
        )?;
    }
    report_config(&saved.saved, s.install.config_path(), io)?;
    Ok(0)
}

fn list(
    s: &Session,
    agent: AgentArg,
    provider: Option<String>,
    json_out: bool,
    io: &mut Io<'_>,
) -> CliResult {
    let (agent, rows) = profiles::list(&s.install, agent.agent.as_deref(), provider.as_deref())?;
    if json_out {
        let wanted = provider
            .as_deref()
            .map(authtray_core::store::normalize_provider);
        let body = json!({"agentId": agent.id, "agentDir": agent.dir, "authStatePath": agent.dir.join("auth-state.json"), "provider": wanted, "profiles": rows});
        io.json(&body)?;
        return Ok(0);
    }
    if rows.is_empty() {
        writeln!(io.out, "No profiles for agent {}.", agent.id)?;
    }
    for r in &rows {
        let mut facts = vec![format!("{}/{}", r.provider, r.kind.as_str())];
        facts.extend(r.expires_at.as_ref().map(|t| format!("expires {t}")));
        facts.extend(
            r.cooldown_until
                .as_ref()
                .map(|t| format!("cooldown until {t}")),
        );
        facts.extend(
            r.disabled_until
                .as_ref()
                .map(|t| format!("disabled until {t}")),
        );
        writeln!(io.out, "- {} [{}]", r.label, facts.join("; "))?;
    }
    Ok(0)
}

pub fn import(s: &mut Session, a: ImportArgs, io: &mut Io<'_>) -> CliResult {
    let targets = s
        .install
        .targets(a.all, a.agent.agent.as_deref())
        .map_err(AppError::from)?;
    for agent in targets {
        match profiles::import(&s.install, &agent, a.flat)? {
            Imported::Flat { backup } => writeln!(
                io.out,
                "{}: migrated the flat store; original kept at {}",
                agent.id,
                backup.display()
            )?,
            Imported::HasStore => writeln!(
                io.out,
                "{}: has a store already; nothing to import",
                agent.id
            )?,
            Imported::Created { path, profiles } => writeln!(
                io.out,
                "{}: created {} with {profiles} imported profile(s)",
                agent.id,
                path.display()
            )?,
        }
    }
    Ok(0)
}

pub fn undo(s: &mut Session, a: AgentArg, io: &mut Io<'_>) -> CliResult {
    let (agent, taken_at) = removal::undo(&mut s.install, a.agent.as_deref(), s.now)?;
    writeln!(
        io.out,
        "Restored agent {} to its version of {}",
        agent.id,
        to_iso(taken_at)
    )?;
    Ok(0)
}

#[derive(Args, Debug)]
pub struct FixPermissionsArgs {
    /// Only this agent (default: the configured default agent)
    #[arg(long, conflicts_with = "all")]
    agent: Option<String>,
    /// Every agent of the state directory
    #[arg(long)]
    all: bool,
}

/// `authtray-cli fix-permissions`: 0600 store files, 0700 agent folders.
pub fn fix_permissions(s: &mut Session, a: FixPermissionsArgs, io: &mut Io<'_>) -> CliResult {
    let mut changed = 0;
    let targets = s
        .install
        .targets(a.all, a.agent.as_deref())
        .map_err(AppError::from)?;
    for agent in targets {
        for (path, mode, wanted) in profiles::fix_permissions(&agent)? {
            writeln!(
                io.out,
                "{}: {} {mode:04o} → {wanted:04o}",
                agent.id,
                path.display()
            )?;
            changed += 1;
        }
    }
    if changed == 0 {
        writeln!(
            io.out,
            "Permissions are already private (0600 files, 0700 folders)."
        )?;
    }
    Ok(0)
}
