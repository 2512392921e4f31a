//! `authtray-cli profiles …`, `import` and `undo`.

use super::AgentArg;
use super::session::{CliError, CliResult, Io, Session};
use crate::agents::discover;
use crate::providers::manual;
use crate::report::{effective_store, label};
use crate::save::save_profile;
use crate::secret::Secret;
use crate::store::{Credential, migrate_flat, normalize_provider, undo as undo_store, update};
use crate::time::{parse_duration, to_iso};
use clap::{Args, Subcommand};
use serde_json::{Value, json};

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

pub fn run(s: &Session, cmd: ProfilesCommand, io: &mut Io<'_>) -> CliResult {
    match cmd {
        ProfilesCommand::List {
            agent,
            provider,
            json,
        } => list(s, agent, provider, json, io),
        ProfilesCommand::AddKey { target } => {
            let key = s.read_secret(io, "API key")?;
            let (id, cred) = manual::api_key(&target.provider, &key).map_err(usage)?;
            let id = target.profile_id.clone().unwrap_or(id);
            save(s, &target, &id, cred, &key, io)
        }
        ProfilesCommand::PasteToken { target, expires_in } => {
            let expires = match expires_in.as_deref().map(|d| (d, parse_duration(d))) {
                Some((d, None)) => {
                    return Err(CliError::Usage(format!(
                        "--expires-in {d:?}: use a duration like 365d, 12h or 1d12h"
                    )));
                }
                Some((_, Some(ms))) => Some(s.now + ms),
                None => None,
            };
            let token = s.read_secret(io, "token")?;
            let (id, cred) = manual::token(&target.provider, &token, expires).map_err(usage)?;
            let id = target.profile_id.clone().unwrap_or(id);
            save(s, &target, &id, cred, &token, io)
        }
        ProfilesCommand::Remove { profile_id, agent } => {
            let (_, dir) = s.agent(agent.agent.as_deref())?;
            crate::store::remove_profile(&s.ctx, &dir, &profile_id)?;
            writeln!(
                io.out,
                "Removed {profile_id} from {}. Undo: authtray-cli undo{}",
                dir.display(),
                agent_flag(&agent)
            )?;
            Ok(0)
        }
        ProfilesCommand::Rename { from, to, agent } => {
            let (_, dir) = s.agent(agent.agent.as_deref())?;
            crate::store::rename_profile(&s.ctx, &dir, &from, &to)?;
            writeln!(io.out, "Renamed {from} to {to}")?;
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

/// Saves a new credential the way OpenClaw's logins do (see [`save_profile`]).
fn usage(e: manual::ManualError) -> CliError {
    CliError::Usage(e.to_string())
}

fn save(
    s: &Session,
    t: &Target,
    id: &str,
    cred: Value,
    secret: &Secret,
    io: &mut Io<'_>,
) -> CliResult {
    let (_, dir) = s.agent(t.agent.agent.as_deref())?;
    let mut config = s.config()?;
    let saved = save_profile(&s.ctx, &mut config, &dir, id, cred, true, s.now)?;
    writeln!(
        io.out,
        "Saved {id} ({}) to {}",
        secret.masked(),
        saved.store_path.display()
    )?;
    super::session::report_config(&saved, &config, io)?;
    Ok(0)
}

fn list(
    s: &Session,
    agent: AgentArg,
    provider: Option<String>,
    json_out: bool,
    io: &mut Io<'_>,
) -> CliResult {
    let (agent_id, dir) = s.agent(agent.agent.as_deref())?;
    let config = s.config()?;
    let (store, _) = effective_store(&s.ctx, &agent_id, &dir)?;
    let wanted = provider.as_deref().map(normalize_provider);
    let mut rows: Vec<(String, Credential)> = store
        .credentials()
        .filter_map(|(id, c)| c.ok().map(|c| (id.to_owned(), c)))
        .filter(|(_, c)| {
            wanted
                .as_ref()
                .is_none_or(|w| &c.provider == w || (w == "openai" && c.provider == "openai-codex"))
        })
        .collect();
    rows.sort_by(|a, b| (&a.1.provider, &a.0).cmp(&(&b.1.provider, &b.0)));
    let stat = |id: &str, k: &str| {
        store
            .state
            .usage_stats
            .get(id)
            .and_then(|u| u.get(k))
            .and_then(Value::as_i64)
            .map(to_iso)
    };
    if json_out {
        let profiles: Vec<Value> = rows
            .iter()
            .map(|(id, c)| {
                let mut p = json!({"id": id, "provider": c.provider, "type": c.kind.as_str(), "label": label(id, c, &config)});
                for (k, v) in [("email", c.email.clone()), ("displayName", c.display_name.clone()), ("expiresAt", c.expires_at().map(to_iso)), ("cooldownUntil", stat(id, "cooldownUntil")), ("disabledUntil", stat(id, "disabledUntil"))] {
                    if let Some(v) = v {
                        p[k] = json!(v);
                    }
                }
                p
            })
            .collect();
        let body = json!({"agentId": agent_id, "agentDir": dir, "authStatePath": dir.join("auth-state.json"), "provider": wanted, "profiles": profiles});
        io.json(&body)?;
        return Ok(0);
    }
    if rows.is_empty() {
        writeln!(io.out, "No profiles for agent {agent_id}.")?;
    }
    for (id, c) in &rows {
        let mut facts = vec![format!("{}/{}", c.provider, c.kind.as_str())];
        facts.extend(c.expires_at().map(|t| format!("expires {}", to_iso(t))));
        facts.extend(stat(id, "cooldownUntil").map(|t| format!("cooldown until {t}")));
        facts.extend(stat(id, "disabledUntil").map(|t| format!("disabled until {t}")));
        writeln!(io.out, "- {} [{}]", label(id, c, &config), facts.join("; "))?;
    }
    Ok(0)
}

pub fn import(s: &Session, a: ImportArgs, io: &mut Io<'_>) -> CliResult {
    let targets: Vec<(String, std::path::PathBuf)> = if a.all {
        discover(&s.env, &s.ctx.state, s.config().map_err(|e| e.to_string()))?
            .agents
            .into_iter()
            .map(|x| (x.id, x.agent_dir))
            .collect()
    } else {
        vec![s.agent(a.agent.agent.as_deref())?]
    };
    for (id, dir) in targets {
        if a.flat {
            let backup = migrate_flat(&s.ctx, &dir)?;
            writeln!(
                io.out,
                "{id}: migrated the flat store; original kept at {}",
                backup.display()
            )?;
        } else if dir.join("auth-profiles.json").exists() {
            writeln!(io.out, "{id}: has a store already; nothing to import")?;
        } else {
            let n = update(&s.ctx, &dir, |st| Ok(st.profiles.len()))?;
            writeln!(
                io.out,
                "{id}: created {} with {n} imported profile(s)",
                dir.join("auth-profiles.json").display()
            )?;
        }
    }
    Ok(0)
}

pub fn undo(s: &Session, a: AgentArg, io: &mut Io<'_>) -> CliResult {
    let (id, dir) = s.agent(a.agent.as_deref())?;
    let snap = undo_store(&s.ctx, &dir)?;
    writeln!(
        io.out,
        "Restored agent {id} to its version of {}",
        to_iso(snap.taken_at)
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
pub fn fix_permissions(s: &Session, a: FixPermissionsArgs, io: &mut Io<'_>) -> CliResult {
    let mut changed = 0;
    for (agent_id, dir) in s.targets(a.all, a.agent.as_deref())? {
        let fixed = crate::store::perms::fix(&dir).map_err(|e| {
            CliError::Usage(format!(
                "cannot change permissions in {}: {e}",
                dir.display()
            ))
        })?;
        for (path, mode, wanted) in fixed {
            writeln!(
                io.out,
                "{agent_id}: {} {mode:04o} → {wanted:04o}",
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
