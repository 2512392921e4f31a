//! What `authtray-cli status`, the window and the tray show for an agent:
//! every profile of the effective (inherited) store with status, owner and
//! label, masked secrets only, and the effective order per provider — or,
//! for a store that cannot be read, why (and nothing else).

use crate::config::Config;
use crate::health::{self, Status};
use crate::order::{self, EffectiveOrder, Unusable};
use crate::store::inherit::{Effective, load_effective};
use crate::store::owner::{Owner, owner};
use crate::store::{AuthStore, Credential, CredentialType, StoreContext, StoreError};
use crate::time::EpochMs;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileReport {
    pub profile_id: String,
    pub provider: String,
    #[serde(rename = "type")]
    pub kind: CredentialType,
    pub status: Status,
    pub reason_code: Option<String>,
    pub expires_at: Option<EpochMs>,
    pub owner: Owner,
    /// Who keeps it alive, in words (`words::owner_words`).
    pub owner_text: std::borrow::Cow<'static, str>,
    pub label: String,
    pub email: Option<String>,
    /// `sk-ant-o...9f2a1b3c`, `ref(env:OPENAI_API_KEY)` or `missing`.
    pub masked: String,
    /// Stored in main's file and seen through inheritance.
    pub inherited: bool,
    /// Its store's owner renews it without the user: OAuth of a provider
    /// that is refreshed (the provider table), with a refresh token, owned
    /// by the store. The same answer the refresh engine gives.
    pub refreshable: bool,
    pub unusable: Option<Unusable>,
    /// When OpenClaw last used it (`usageStats.lastUsed`).
    pub last_used: Option<EpochMs>,
}

#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentReport {
    pub agent_id: String,
    pub agent_dir: PathBuf,
    pub profiles: Vec<ProfileReport>,
    /// Provider → the ids the runtime will try, in order.
    pub order: BTreeMap<String, Vec<String>>,
    pub effective_order: Vec<EffectiveOrder>,
    /// Profiles OpenClaw skips on load (`id: why`).
    pub skipped: Vec<String>,
    /// Store files or the agent folder others can read (fix: `authtray-cli fix-permissions`).
    pub loose_permissions: Vec<String>,
    /// The store cannot be read: why (the report then lists no profiles).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub error: Option<crate::error::Failure>,
}

impl AgentReport {
    /// The report of an agent whose store cannot be read.
    pub fn unreadable(agent_id: &str, agent_dir: &Path, err: &StoreError) -> Self {
        Self {
            agent_id: agent_id.to_owned(),
            agent_dir: agent_dir.to_path_buf(),
            profiles: Vec::new(),
            order: BTreeMap::new(),
            effective_order: Vec::new(),
            skipped: Vec::new(),
            loose_permissions: Vec::new(),
            error: Some(crate::error::Failure::of(err, err.path())),
        }
    }
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
    let Effective { merged: store, own } = load_effective(ctx, agent_id, agent_dir, main)?;
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
            owner_text: crate::words::owner_words(owner(id, &cred)).into(),
            label: label(id, &cred, config),
            email: cred.email.clone(),
            masked: masked(&cred),
            inherited: !own.profiles.contains_key(id),
            refreshable: cred.kind == CredentialType::Oauth
                && cred.refresh.is_some()
                && owner(id, &cred) == Owner::Store
                && crate::providers::refreshes(&cred.provider),
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
        error: None,
    })
}

/// The `--check` exit code over reports: 1 if a store cannot be read or a
/// profile is expired or missing, 2 if one is expiring, else 0.
pub fn check_exit_code<'a>(reports: impl IntoIterator<Item = &'a AgentReport>) -> i32 {
    let reports: Vec<&AgentReport> = reports.into_iter().collect();
    if reports.iter().any(|r| r.error.is_some()) {
        return 1;
    }
    health::check_exit_code(
        reports
            .into_iter()
            .flat_map(|r| r.profiles.iter().map(|p| p.status)),
    )
}
