//! Profiles: add an API key or a pasted token, rename, the
//! legacy import, the permission fix, Claude Code's login, and "Copy
//! secret" — each through the store's one write path.

use super::operation::{self, Plan, ProfileChange};
use super::save::{Saved, save_profile};
use super::{AppError, InputError};
use crate::files::FileError;
use crate::install::{AgentRef, Install};
use crate::providers::manual;
use crate::report::label;
use crate::secret::Secret;
use crate::store::inherit::load_effective;
use crate::store::{
    Credential, CredentialType, Location, NewCredential, StoreError, load, migrate_flat, update,
};
use crate::time::{EpochMs, parse_duration, to_iso};
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

/// A profile typed in: what it is saved as, and its secret as it may be shown.
#[derive(Debug)]
pub struct SavedSecret {
    pub saved: Saved,
    pub masked: String,
}

/// Saves an API key as `profile_id` (default `<provider>:default`).
pub fn add_key(
    install: &mut Install,
    agent: Option<&str>,
    provider: &str,
    profile_id: Option<&str>,
    key: &Secret,
    now: EpochMs,
) -> Result<SavedSecret, AppError> {
    let agent = install.agent(agent)?;
    let provider = install.format().provider_id(provider);
    let (id, credential) = manual::api_key(&provider, key)?;
    let profile_id = requested_id(profile_id)?;
    if !install.writes_directly(&agent) {
        let done =
            super::delegate::add_key(install, &agent, &provider, profile_id.as_deref(), key)?;
        return Ok(delegated(install, &agent, done, id, key));
    }
    save_typed(
        install,
        &agent,
        profile_id.as_deref(),
        id,
        credential,
        key,
        now,
    )
}

/// What OpenClaw saved for Authtray, said like a save of its own.
fn delegated(
    install: &Install,
    agent: &AgentRef,
    done: super::delegate::Delegated,
    default_id: String,
    secret: &Secret,
) -> SavedSecret {
    SavedSecret {
        saved: Saved {
            profile_id: done.profile_id.unwrap_or(default_id),
            store_path: install.layers(agent).credentials.path(),
            through: Some(done.way.describe()),
            config_updated: false,
            config_backup: None,
        },
        masked: secret.masked(),
    }
}

/// Saves a pasted token as `profile_id` (default `<provider>:manual`),
/// expiring after `expires_in` (`365d`, `12h`, `1d12h`) when given.
pub fn add_token(
    install: &mut Install,
    agent: Option<&str>,
    provider: &str,
    profile_id: Option<&str>,
    token: &Secret,
    expires_in: Option<&str>,
    now: EpochMs,
) -> Result<SavedSecret, AppError> {
    let agent = install.agent(agent)?;
    let expires = match expires_in.map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(now + duration(d, "365d, 12h or 1d12h")?),
    };
    let provider = install.format().provider_id(provider);
    let (id, credential) = manual::token(&provider, token, expires)?;
    let profile_id = requested_id(profile_id)?;
    if !install.writes_directly(&agent) {
        let expires_in = expires_in.map(str::trim).filter(|d| !d.is_empty());
        let done = super::delegate::add_token(
            install,
            &agent,
            &provider,
            profile_id.as_deref(),
            token,
            expires_in,
        )?;
        return Ok(delegated(install, &agent, done, id, token));
    }
    save_typed(
        install,
        &agent,
        profile_id.as_deref(),
        id,
        credential,
        token,
        now,
    )
}

/// A duration as OpenClaw writes them, or why not.
pub fn duration(text: &str, example: &'static str) -> Result<EpochMs, InputError> {
    parse_duration(text).ok_or_else(|| InputError::Duration {
        given: text.to_owned(),
        example,
    })
}

fn save_typed(
    install: &mut Install,
    agent: &AgentRef,
    profile_id: Option<&str>,
    default_id: String,
    credential: Value,
    secret: &Secret,
    now: EpochMs,
) -> Result<SavedSecret, AppError> {
    let id = profile_id.map_or(default_id, str::to_owned);
    let saved = save_profile(
        install,
        agent,
        &id,
        NewCredential::new(credential),
        true,
        now,
    )?;
    Ok(SavedSecret {
        saved,
        masked: secret.masked(),
    })
}

/// The profile id asked for, checked; blank is none.
fn requested_id(profile_id: Option<&str>) -> Result<Option<String>, InputError> {
    profile_id
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(checked_id)
        .transpose()
}

/// A profile id as OpenClaw names them: `provider:name`.
fn checked_id(id: &str) -> Result<String, InputError> {
    let id = id.trim();
    match id.split_once(':') {
        Some((p, n)) if !p.is_empty() && !n.is_empty() && !id.chars().any(char::is_whitespace) => {
            Ok(id.to_owned())
        }
        _ => Err(InputError::ProfileId { given: id.into() }),
    }
}

/// Renames a profile in the agent's own store, keeping its place and its
/// references — in `openclaw.json` too; the new id must look like
/// `provider:name`.
pub fn rename(
    install: &mut Install,
    agent: Option<&str>,
    from: &str,
    to: &str,
    now: EpochMs,
) -> Result<AgentRef, AppError> {
    let to = checked_id(to)?;
    let agent = install.agent(agent)?;
    let home = install.layers(&agent).credentials;
    super::delegate::refuse_unless_direct(
        install,
        &home,
        &format!("renaming {from}"),
        "OpenClaw has no rename: add the credential again under the new id, then remove the old one",
    )?;
    let lock = install.lock()?;
    let store = load(install.store(), &home)?;
    let changes = match store.profiles.get(from) {
        Some(cred) if !store.profiles.contains_key(&to) => vec![
            ProfileChange::of(from, Some(cred), None),
            ProfileChange {
                in_place_of: Some(from.to_owned()),
                ..ProfileChange::of(&to, None, Some(cred))
            },
        ],
        _ => Vec::new(),
    };
    let plan = Plan {
        what: format!("rename {from} to {to} (agent {})", agent.id),
        store: home.clone(),
        changes,
        keyring: None,
    };
    operation::run(install, plan, now, |install| {
        Ok(crate::store::rename_profile(
            install.store(),
            &home,
            from,
            &to,
        )?)
    })?;
    drop(lock); // the gateway is told without holding up other writers
    install.changed(Some(&agent.id), "update");
    Ok(agent)
}

/// What `import` did for one agent.
#[derive(Debug, PartialEq, Eq)]
pub enum Imported {
    /// A flat store migrated; the original kept here.
    Flat { backup: PathBuf },
    /// A store created from legacy files, with this many profiles.
    Created { path: PathBuf, profiles: usize },
    /// The agent already has a store.
    HasStore,
}

/// Creates stores from legacy files (`auth.json`, `credentials/oauth.json`)
/// or, with `flat`, migrates a flat `auth-profiles.json`.
pub fn import(install: &Install, agent: &AgentRef, flat: bool) -> Result<Imported, AppError> {
    if install.format().is_sqlite() {
        return Err(StoreError::NeedsOpenclaw {
            what: "importing legacy credential files".into(),
            command: "openclaw doctor --fix".into(),
        }
        .into());
    }
    let path = agent.dir.join(crate::store::write::PROFILES_FILE);
    if flat {
        let backup = migrate_flat(install.store(), &agent.dir)?;
        return Ok(Imported::Flat { backup });
    }
    if path.exists() {
        return Ok(Imported::HasStore);
    }
    let loc = Location::Files(agent.dir.clone());
    let profiles = update(install.store(), &loc, |st| Ok(st.profiles.len()))?;
    Ok(Imported::Created { path, profiles })
}

/// Makes an agent's store files 0600 and its folder 0700; what changed:
/// `(path, mode before, mode after)`.
pub fn fix_permissions(agent: &AgentRef) -> Result<Vec<(PathBuf, u32, u32)>, AppError> {
    crate::store::perms::fix(&agent.dir).map_err(|source| {
        AppError::Store(StoreError::File(FileError::Write {
            path: agent.dir.clone(),
            source,
        }))
    })
}

/// One row of `profiles list` (like `openclaw models auth list`).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileRow {
    pub id: String,
    pub provider: String,
    #[serde(rename = "type")]
    pub kind: CredentialType,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cooldown_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_until: Option<String>,
}

/// The profiles an agent sees (inherited ones included), by provider and id;
/// `provider` filters (`openai` also lists `openai-codex`).
pub fn list(
    install: &Install,
    agent: Option<&str>,
    provider: Option<&str>,
) -> Result<(AgentRef, Vec<ProfileRow>), AppError> {
    let agent = install.agent(agent)?;
    let config = install.config()?;
    let store = load_effective(install.store(), &agent.id, &agent.dir, None)?.merged;
    let wanted = provider.map(|p| install.format().provider_id(p));
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
    let rows = rows
        .into_iter()
        .map(|(id, c)| ProfileRow {
            label: label(&id, &c, config),
            provider: c.provider.clone(),
            kind: c.kind,
            email: c.email.clone(),
            display_name: c.display_name.clone(),
            expires_at: c.expires_at().map(to_iso),
            cooldown_until: stat(&id, "cooldownUntil"),
            disabled_until: stat(&id, "disabledUntil"),
            id,
        })
        .collect();
    Ok((agent, rows))
}

/// "Sync Claude Code" (§15.8): `anthropic:claude-cli` from Claude Code's
/// OAuth login, through the store's write path. Claude Code stays its only
/// refresher; syncing again is always safe.
pub fn sync_claude_code(
    install: &mut Install,
    agent: Option<&str>,
    now: EpochMs,
) -> Result<Saved, AppError> {
    let agent = install.agent(agent)?;
    if install.format().is_sqlite() {
        return Err(StoreError::NeedsOpenclaw {
            what: "using Claude Code's login (OpenClaw 2026.6+ reads it natively and retires anthropic:claude-cli)".into(),
            command: "claude".into(),
        }
        .into());
    }
    let credential = crate::cli_logins::claude_code_oauth(install.env())?;
    save_profile(
        install,
        &agent,
        "anthropic:claude-cli",
        credential,
        true,
        now,
    )
}

/// "Copy secret": the API key, static token or OAuth access token of a
/// profile. Refresh tokens are never copied — spending one elsewhere logs
/// every other holder out; references are named, not resolved.
pub fn secret_to_copy(
    install: &Install,
    agent: Option<&str>,
    profile_id: &str,
) -> Result<Secret, AppError> {
    let agent = install.agent(agent)?;
    let store = load_effective(install.store(), &agent.id, &agent.dir, None)?.merged;
    let cred = store
        .credential(profile_id)
        .ok_or_else(|| InputError::NoProfile {
            id: profile_id.into(),
            agent: agent.id.clone(),
        })?;
    if let Some(r) = &cred.secret_ref {
        let text = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("?").to_owned();
        return Err(InputError::Reference {
            id: profile_id.into(),
            reference: format!("{}:{}", text("source"), text("id")),
        }
        .into());
    }
    let why = match (cred.secret, cred.kind) {
        (Some(s), _) if !s.expose().is_empty() => return Ok(s),
        (_, CredentialType::Oauth) if cred.has_oauth_ref => {
            "kept encrypted by OpenClaw (oauthRef); it cannot be copied"
        }
        _ => "no secret is stored to copy",
    };
    Err(InputError::NoSecret {
        id: profile_id.into(),
        why,
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_tokens_and_access_tokens_are_copied_never_refresh_tokens_or_refs() {
        let tmp = tempfile::tempdir().unwrap();
        let install = Install::for_tests(tmp.path());
        let main = install.state().main_agent_dir();
        update(install.store(), &Location::Files(main.clone()), |st| {
            st.profiles.insert("openai:k".into(), json!({"type": "api_key", "provider": "openai", "key": "sk-key-1"}));
            st.profiles.insert("anthropic:t".into(), json!({"type": "token", "provider": "anthropic", "token": "sk-ant-oat01-t"}));
            st.profiles.insert("openai-codex:o".into(), json!({"type": "oauth", "provider": "openai-codex", "access": "acc-1", "refresh": "ref-1", "expires": 1}));
            st.profiles.insert("openai:env".into(), json!({"type": "api_key", "provider": "openai", "keyRef": {"source": "env", "provider": "default", "id": "OPENAI_API_KEY"}}));
            st.profiles.insert("openai-codex:r".into(), json!({"type": "oauth", "provider": "openai-codex", "refresh": "ref-2", "expires": 1}));
            Ok(())
        })
        .unwrap();
        let copy = |id: &str| secret_to_copy(&install, None, id);
        assert_eq!(copy("openai:k").unwrap().expose(), "sk-key-1");
        assert_eq!(copy("anthropic:t").unwrap().expose(), "sk-ant-oat01-t");
        assert_eq!(copy("openai-codex:o").unwrap().expose(), "acc-1");
        assert!(
            copy("openai:env")
                .unwrap_err()
                .to_string()
                .contains("env:OPENAI_API_KEY")
        );
        assert!(matches!(
            copy("openai-codex:r"),
            Err(AppError::Input(InputError::NoSecret { .. }))
        ));
        assert!(matches!(
            copy("openai:none"),
            Err(AppError::Input(InputError::NoProfile { .. }))
        ));
    }

    #[test]
    fn profile_ids_are_checked_before_anything_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let mut install = Install::for_tests(tmp.path());
        let key = Secret::new("sk-or-v1-0123456789");
        add_key(&mut install, None, "openrouter", None, &key, 1).unwrap();
        for bad in ["nocolon", ":x", "openrouter:", "a b:c"] {
            assert!(matches!(
                rename(&mut install, None, "openrouter:default", bad, 1),
                Err(AppError::Input(InputError::ProfileId { .. }))
            ));
            assert!(add_key(&mut install, None, "openrouter", Some(bad), &key, 1).is_err());
        }
        assert_eq!(list(&install, None, None).unwrap().1.len(), 1);
    }
}
