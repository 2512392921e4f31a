//! `authtray-cli order get|set|clear` (§13.3, §10.5).

use super::AgentArg;
use super::session::{CliResult, Io, Session, report_backup};
use authtray_core::app::order::{self, OrderScope};
use authtray_core::order::Exclusion;
use authtray_core::time::format_remaining;
use clap::{Args, Subcommand};

#[derive(Subcommand, Debug)]
pub enum OrderCommand {
    /// The stored order and the effective order the runtime will use
    Get {
        #[command(flatten)]
        p: ProviderArgs,
        #[arg(long)]
        json: bool,
    },
    /// Set the order; profiles not listed are not tried
    Set {
        #[command(flatten)]
        p: ProviderArgs,
        /// Write config auth.order (all agents without their own order) instead of the agent's auth-state.json
        #[arg(long)]
        global: bool,
        #[arg(required = true)]
        profile_ids: Vec<String>,
    },
    /// The order the accounts' remaining quota suggests (most headroom first, exhausted last), with why
    Suggest {
        #[command(flatten)]
        p: ProviderArgs,
        /// Save it as this agent's order (otherwise only shown)
        #[arg(long)]
        apply: bool,
        #[arg(long)]
        json: bool,
    },
    /// Remove the order ("reset to automatic")
    Clear {
        #[command(flatten)]
        p: ProviderArgs,
        #[arg(long)]
        global: bool,
    },
}

#[derive(Args, Debug)]
pub struct ProviderArgs {
    #[arg(long)]
    provider: String,
    #[command(flatten)]
    agent: AgentArg,
}

pub fn run(s: &mut Session, cmd: OrderCommand, io: &mut Io<'_>) -> CliResult {
    match cmd {
        OrderCommand::Get { p, json: as_json } => get(s, p, as_json, io),
        OrderCommand::Set {
            p,
            global,
            profile_ids,
        } => set(s, p, global, Some(profile_ids), io),
        OrderCommand::Clear { p, global } => set(s, p, global, None, io),
        OrderCommand::Suggest { p, apply, json } => suggest(s, p, apply, json, io),
    }
}

fn get(s: &Session, p: ProviderArgs, as_json: bool, io: &mut Io<'_>) -> CliResult {
    let view = order::get(&s.install, p.agent.agent.as_deref(), &p.provider, s.now)?;
    if as_json {
        io.json(&view)?;
        return Ok(0);
    }
    match &view.order {
        Some(ids) => writeln!(io.out, "Stored order: {}", ids.join(" → "))?,
        None => writeln!(
            io.out,
            "No stored order for {} (using {:?})",
            view.provider, view.effective.source
        )?,
    }
    writeln!(io.out, "Effective order:")?;
    for (i, t) in view.effective.tried.iter().enumerate() {
        let note = t
            .unusable
            .as_ref()
            .map(|u| {
                format!(
                    "  ({} {}, until then tried last)",
                    u.kind,
                    format_remaining(u.until - s.now)
                )
            })
            .unwrap_or_default();
        writeln!(io.out, "  {}. {}{note}", i + 1, t.profile_id)?;
    }
    for e in &view.effective.excluded {
        let why = match &e.why {
            Exclusion::NotInOrder => "not in the order: never tried".to_string(),
            Exclusion::NotInConfigProfiles => {
                "not in config auth.profiles: never tried".to_string()
            }
            Exclusion::NotStored => "listed but not stored".to_string(),
            Exclusion::Mismatch { detail } | Exclusion::Ineligible { detail } => detail.clone(),
        };
        writeln!(io.out, "  - {} — {why}", e.profile_id)?;
    }
    Ok(0)
}

fn set(
    s: &mut Session,
    p: ProviderArgs,
    global: bool,
    ids: Option<Vec<String>>,
    io: &mut Io<'_>,
) -> CliResult {
    let scope = if global {
        OrderScope::Global
    } else {
        OrderScope::Agent
    };
    if !global {
        super::session::announce_delegation(s, p.agent.agent.as_deref(), io)?;
    }
    let changed = order::set(
        &mut s.install,
        p.agent.agent.as_deref(),
        &p.provider,
        ids.as_deref(),
        scope,
        s.now,
    )?;
    let (provider, agent) = (&changed.provider, &changed.agent.id);
    match (ids, global) {
        (ids, true) => {
            writeln!(
                io.out,
                "{} auth.order.{provider} in {}",
                if ids.is_some() { "Set" } else { "Cleared" },
                s.install.config_path().display()
            )?;
            report_backup(changed.config_backup.as_deref(), io)?;
        }
        (Some(ids), false) => writeln!(
            io.out,
            "Order for {provider} ({agent}): {}",
            ids.join(" → ")
        )?,
        (None, false) => writeln!(
            io.out,
            "Cleared the order for {provider} ({agent}); back to automatic"
        )?,
    }
    if let Some(how) = &changed.through {
        writeln!(io.out, "  {how}")?;
    }
    Ok(0)
}

fn suggest(
    s: &mut Session,
    p: ProviderArgs,
    apply: bool,
    json: bool,
    io: &mut Io<'_>,
) -> CliResult {
    let suggestion = authtray_core::app::usage::suggest_order(
        &s.install,
        p.agent.agent.as_deref(),
        &p.provider,
        s.now,
    )?;
    if json {
        io.json(&suggestion)?;
    } else {
        writeln!(
            io.out,
            "Suggested order for {} ({}), now {}:",
            suggestion.provider,
            suggestion.agent_id,
            suggestion.current.join(" → ")
        )?;
        for (i, placed) in suggestion.suggested.iter().enumerate() {
            writeln!(io.out, "  {}. {}  {}", i + 1, placed.profile_id, placed.why)?;
        }
    }
    if !apply {
        return Ok(0);
    }
    let ids: Vec<String> = suggestion
        .suggested
        .iter()
        .map(|p| p.profile_id.clone())
        .collect();
    let applied = ProviderArgs {
        provider: suggestion.provider,
        agent: AgentArg {
            agent: Some(suggestion.agent_id),
        },
    };
    set(s, applied, false, Some(ids), io)
}
