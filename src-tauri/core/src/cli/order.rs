//! `authtray-cli order get|set|clear` (§13.3, §10.5).

use super::AgentArg;
use super::session::{CliError, CliResult, Io, Session, report_backup};
use crate::order::{Exclusion, OrderError, OrderScope, effective_order, set_order};
use crate::report::effective_store;
use crate::store::normalize_provider;
use crate::time::format_remaining;
use clap::{Args, Subcommand};
use serde_json::json;

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

pub fn run(s: &Session, cmd: OrderCommand, io: &mut Io<'_>) -> CliResult {
    match cmd {
        OrderCommand::Get { p, json: as_json } => get(s, p, as_json, io),
        OrderCommand::Set {
            p,
            global,
            profile_ids,
        } => set(s, p, global, Some(profile_ids), io),
        OrderCommand::Clear { p, global } => set(s, p, global, None, io),
    }
}

fn get(s: &Session, p: ProviderArgs, as_json: bool, io: &mut Io<'_>) -> CliResult {
    let (agent_id, dir) = s.agent(p.agent.agent.as_deref())?;
    let provider = normalize_provider(&p.provider);
    let (store, _) = effective_store(&s.ctx, &agent_id, &dir)?;
    let config = s.config()?;
    let effective = effective_order(&store, &config, &provider, s.now);
    if as_json {
        let body = json!({
            "agentId": agent_id, "agentDir": dir, "provider": provider,
            "authStatePath": dir.join("auth-state.json"), "order": store.order(&provider), "effective": effective,
        });
        io.json(&body)?;
        return Ok(0);
    }
    match store.order(&provider) {
        Some(ids) => writeln!(io.out, "Stored order: {}", ids.join(" → "))?,
        None => writeln!(
            io.out,
            "No stored order for {provider} (using {:?})",
            effective.source
        )?,
    }
    writeln!(io.out, "Effective order:")?;
    for (i, t) in effective.tried.iter().enumerate() {
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
    for e in &effective.excluded {
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
    s: &Session,
    p: ProviderArgs,
    global: bool,
    ids: Option<Vec<String>>,
    io: &mut Io<'_>,
) -> CliResult {
    let (agent_id, dir) = s.agent(p.agent.agent.as_deref())?;
    let provider = normalize_provider(&p.provider);
    let scope = if global {
        OrderScope::Global
    } else {
        OrderScope::Agent
    };
    let mut config = s.config()?;
    let backup = set_order(
        &s.ctx,
        &mut config,
        &agent_id,
        &dir,
        &provider,
        ids.as_deref(),
        scope,
        s.now,
    )
    .map_err(|e| match e {
        OrderError::Invalid(m) => CliError::Usage(m),
        OrderError::Store(e) => CliError::Store(e),
        OrderError::Config(e) => CliError::Config(e),
    })?;
    match (ids, global) {
        (ids, true) => {
            writeln!(
                io.out,
                "{} auth.order.{provider} in {}",
                if ids.is_some() { "Set" } else { "Cleared" },
                config.path.display()
            )?;
            report_backup(backup.as_deref(), io)?;
        }
        (Some(ids), false) => writeln!(
            io.out,
            "Order for {provider} ({agent_id}): {}",
            ids.join(" → ")
        )?,
        (None, false) => writeln!(
            io.out,
            "Cleared the order for {provider} ({agent_id}); back to automatic"
        )?,
    }
    Ok(0)
}
