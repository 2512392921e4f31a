//! What `authtray-cli status` (and later the app) shows for an agent: every
//! profile of the effective (inherited) store with status, owner and label,
//! masked secrets only, and the effective order per provider.

use crate::agents::MAIN_AGENT;
use crate::config::Config;
use crate::health::{self, Status};
use crate::order::{self, EffectiveOrder, Unusable};
use crate::store::{
    AuthStore, Credential, CredentialType, StoreContext, StoreError, inherit, load,
};
use crate::time::EpochMs;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Who keeps a credential alive (design: refresh ownership is explicit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Owner {
    /// OAuth refreshed under OpenClaw's locks by OpenClaw or Authtray.
    Store,
    /// Claude Code refreshes it; OpenClaw only re-reads `~/.claude`.
    ClaudeCode,
    /// Codex CLI's login, used through the bootstrap slot.
    CodexCli,
    /// MiniMax CLI's login.
    MinimaxCli,
    /// An API key or a static token: nobody refreshes it.
    Static,
}

pub fn owner(id: &str, cred: &Credential) -> Owner {
    match (cred.kind, cred.provider.as_str()) {
        (_, "claude-cli") => Owner::ClaudeCode,
        (CredentialType::Oauth, "openai-codex")
            if id == "openai-codex:default" && cred.secret.is_none() && cred.refresh.is_none() =>
        {
            Owner::CodexCli
        }
        (CredentialType::Oauth, "minimax-portal") if id == "minimax-portal:minimax-cli" => {
            Owner::MinimaxCli
        }
        (CredentialType::Oauth, _) => Owner::Store,
        _ => Owner::Static,
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileReport {
    pub profile_id: String,
    pub provider: String,
    #[serde(rename = "type")]
    pub kind: CredentialType,
    pub status: Status,
    pub reason_code: Option<String>,
    #[ts(type = "number | null")]
    pub expires_at: Option<EpochMs>,
    pub owner: Owner,
    pub label: String,
    pub email: Option<String>,
    /// `sk-ant-o...9f2a1b3c`, `ref(env:OPENAI_API_KEY)` or `missing`.
    pub masked: String,
    /// Stored in main's file and seen through inheritance.
    pub inherited: bool,
    /// OAuth with a refresh token: a runtime can renew it without the user.
    pub refreshable: bool,
    pub unusable: Option<Unusable>,
    /// When OpenClaw last used it (`usageStats.lastUsed`).
    #[ts(type = "number | null")]
    pub last_used: Option<EpochMs>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgentReport {
    pub agent_id: String,
    #[ts(type = "string")]
    pub agent_dir: PathBuf,
    pub profiles: Vec<ProfileReport>,
    /// Provider → the ids the runtime will try, in order.
    pub order: BTreeMap<String, Vec<String>>,
    pub effective_order: Vec<EffectiveOrder>,
    /// Profiles OpenClaw skips on load (`id: why`).
    pub skipped: Vec<String>,
    /// Store files or the agent folder others can read (fix: `authtray-cli fix-permissions`).
    pub loose_permissions: Vec<String>,
}

/// The label OpenClaw shows (§13.1): config displayName/email win.
pub fn label(id: &str, cred: &Credential, config: &Config) -> String {
    let cfg = config.auth_profiles();
    let cfg_text = |k: &str| {
        cfg.get(id)
            .and_then(|p| p.get(k))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let name = cfg_text("displayName")
        .or(cred.display_name.clone())
        .or(cfg_text("email"))
        .or(cred.email.clone());
    name.map_or_else(|| id.to_owned(), |n| format!("{id} ({n})"))
}

fn masked(cred: &Credential) -> String {
    if let Some(r) = &cred.secret_ref {
        let text = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("?").to_owned();
        return format!("ref({}:{})", text("source"), text("id"));
    }
    match (&cred.secret, cred.kind) {
        (Some(s), CredentialType::Token) => format!("token:{}", s.masked()),
        (Some(s), _) => s.masked(),
        (None, CredentialType::Oauth) if cred.has_oauth_ref => "encrypted (oauthRef)".into(),
        (None, _) => "missing".into(),
    }
}

/// The store an agent effectively uses: its own, over main's for secondaries.
/// `main` may be passed in when the caller already loaded it.
pub fn effective_store_with(
    ctx: &StoreContext,
    agent_id: &str,
    agent_dir: &Path,
    main: Option<&AuthStore>,
) -> Result<(AuthStore, AuthStore), StoreError> {
    let own = load(ctx, agent_dir)?;
    let main_dir = crate::agents::main_store_dir(&ctx.state);
    if agent_id == MAIN_AGENT || agent_dir == main_dir {
        return Ok((own.clone(), own));
    }
    let merged = match main {
        Some(main) => inherit::merged(main, &own),
        None => inherit::merged(&load(ctx, &main_dir)?, &own),
    };
    Ok((merged, own))
}

/// [`effective_store_with`], loading main's store itself.
pub fn effective_store(
    ctx: &StoreContext,
    agent_id: &str,
    agent_dir: &Path,
) -> Result<(AuthStore, AuthStore), StoreError> {
    effective_store_with(ctx, agent_id, agent_dir, None)
}

/// Builds the report of one agent at `now`.
pub fn agent_report(
    ctx: &StoreContext,
    config: &Config,
    agent_id: &str,
    agent_dir: &Path,
    main: Option<&AuthStore>,
    now: EpochMs,
    warn_ms: EpochMs,
) -> Result<AgentReport, StoreError> {
    let (store, own) = effective_store_with(ctx, agent_id, agent_dir, main)?;
    let mut profiles = Vec::new();
    let mut skipped = Vec::new();
    for (id, parsed) in store.credentials() {
        let cred = match parsed {
            Ok(c) => c,
            Err(why) => {
                skipped.push(format!("{id}: {why}"));
                continue;
            }
        };
        let (status, reason) = health::status(&cred, now, warn_ms);
        profiles.push(ProfileReport {
            profile_id: id.to_owned(),
            provider: cred.provider.clone(),
            kind: cred.kind,
            status,
            reason_code: reason.map(str::to_owned),
            expires_at: cred.expires_at(),
            owner: owner(id, &cred),
            label: label(id, &cred, config),
            email: cred.email.clone(),
            masked: masked(&cred),
            inherited: !own.profiles.contains_key(id),
            refreshable: cred.kind == CredentialType::Oauth && cred.refresh.is_some(),
            unusable: order::unusable_window(&store, id, &cred.provider, now),
            last_used: order::last_used(&store, id),
        });
    }
    let effective_order: Vec<EffectiveOrder> = order::effective_orders(&store, config, now);
    let order = effective_order
        .iter()
        .map(|o| {
            (
                o.provider.clone(),
                o.tried.iter().map(|t| t.profile_id.clone()).collect(),
            )
        })
        .collect();
    Ok(AgentReport {
        agent_id: agent_id.to_owned(),
        agent_dir: agent_dir.to_path_buf(),
        profiles,
        order,
        effective_order,
        skipped,
        loose_permissions: crate::store::perms::loose(agent_dir)
            .iter()
            .map(|(path, mode, _)| crate::store::perms::describe(path, *mode))
            .collect(),
    })
}

/// The `--check` exit code over reports.
pub fn check_exit_code<'a>(reports: impl IntoIterator<Item = &'a AgentReport>) -> i32 {
    health::check_exit_code(
        reports
            .into_iter()
            .flat_map(|r| r.profiles.iter().map(|p| p.status)),
    )
}

/// Reports of every agent of the state dir; an agent whose store cannot be
/// read is listed in the errors (`agent: why`) instead of failing the rest.
pub fn all_reports(
    ctx: &StoreContext,
    env: &crate::paths::Env,
    config: &Config,
    now: EpochMs,
    warn_ms: EpochMs,
) -> (Vec<AgentReport>, Vec<String>) {
    let agents = match crate::agents::discover(env, &ctx.state, Ok(config.clone())) {
        Ok(list) => list.agents,
        Err(e) => return (Vec::new(), vec![e.to_string()]),
    };
    let main = load(ctx, &crate::agents::main_store_dir(&ctx.state)).ok();
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    for a in agents {
        match agent_report(
            ctx,
            config,
            &a.id,
            &a.agent_dir,
            main.as_ref(),
            now,
            warn_ms,
        ) {
            Ok(r) => reports.push(r),
            Err(e) => errors.push(format!("{}: {e}", a.id)),
        }
    }
    (reports, errors)
}
