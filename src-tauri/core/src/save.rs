//! Saving a new or renewed credential the way OpenClaw's logins do: through
//! the store's write path, promoted to the front of an existing stored
//! order, and entered in `openclaw.json` where the runtime would otherwise
//! never try it (`openclaw-store.md` §10.5, §12.3). Re-logging into a
//! profile of another account is refused unless asked for.

use crate::config::{Config, ConfigError, set_auth_order};
use crate::store::{Credential, StoreContext, StoreError, normalize_provider, update};
use crate::time::EpochMs;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(
        "{profile_id} belongs to {existing}, but this login is {new}; nothing was saved — log in with the right account, save it under another profile id, or confirm replacing it"
    )]
    OtherAccount {
        profile_id: String,
        existing: String,
        new: String,
    },
}

#[derive(Debug)]
pub struct Saved {
    pub profile_id: String,
    pub store_path: PathBuf,
    /// `openclaw.json` was updated (and, if it used JSON5, backed up here).
    pub config_updated: bool,
    pub config_backup: Option<PathBuf>,
}

/// Who a credential belongs to: account id, else e-mail.
fn identity(c: &Credential) -> Option<String> {
    c.account_id
        .clone()
        .map(|a| format!("account {a}"))
        .or_else(|| c.email.as_ref().map(|e| e.to_lowercase()))
}

/// Saves `credential` as `profile_id` in the agent's store (and config).
/// With `replace_other_account` false, an existing profile of another
/// identity is left alone and [`SaveError::OtherAccount`] returned.
pub fn save_profile(
    ctx: &StoreContext,
    config: &mut Config,
    agent_dir: &Path,
    profile_id: &str,
    credential: Value,
    replace_other_account: bool,
    now: EpochMs,
) -> Result<Saved, SaveError> {
    let provider = normalize_provider(credential["provider"].as_str().unwrap_or_default());
    let mode = credential["type"].as_str().unwrap_or("api_key").to_owned();
    let new_identity = Credential::parse(&credential)
        .ok()
        .as_ref()
        .and_then(identity);
    let mut conflict = None;
    update(ctx, agent_dir, |store| {
        let existing = store.credential(profile_id).as_ref().and_then(identity);
        if let (Some(existing), Some(new)) = (existing, new_identity.clone())
            && existing != new
            && !replace_other_account
        {
            conflict = Some((existing, new));
            return Ok(());
        }
        store.upsert(profile_id, credential);
        store.promote(&provider, profile_id);
        Ok(())
    })?;
    if let Some((existing, new)) = conflict {
        return Err(SaveError::OtherAccount {
            profile_id: profile_id.to_owned(),
            existing,
            new,
        });
    }
    let listed = config.auth_profiles().values().any(|p| {
        p.get("provider")
            .and_then(Value::as_str)
            .is_some_and(|p| normalize_provider(p) == provider)
    });
    let ordered = config.auth_order(&provider);
    let mut saved = Saved {
        profile_id: profile_id.to_owned(),
        store_path: agent_dir.join("auth-profiles.json"),
        config_updated: false,
        config_backup: None,
    };
    if listed || ordered.is_some() {
        saved.config_backup = config.update_auth(now, |auth| {
            if listed {
                let profiles = auth.entry("profiles").or_insert_with(|| json!({}));
                profiles[profile_id] = json!({"provider": provider, "mode": mode});
            }
            if let Some(mut ids) = ordered {
                ids.retain(|x| x != profile_id);
                ids.insert(0, profile_id.to_owned());
                set_auth_order(auth, &provider, Some(&ids));
            }
        })?;
        saved.config_updated = true;
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, StoreContext, PathBuf, Config) {
        let tmp = tempfile::tempdir().unwrap();
        let (_, ctx) = StoreContext::for_tests(tmp.path());
        let agent = ctx.state.path.join("agents/main/agent");
        let config = Config::read(&ctx.state.path.join("openclaw.json")).unwrap();
        (tmp, ctx, agent, config)
    }

    fn codex(account: &str, email: &str) -> Value {
        json!({"type": "oauth", "provider": "openai-codex", "access": "a", "refresh": "r", "expires": 5, "accountId": account, "email": email})
    }

    #[test]
    fn a_relogin_of_another_account_is_refused_unless_confirmed() {
        let (_tmp, ctx, agent, mut config) = setup();
        save_profile(
            &ctx,
            &mut config,
            &agent,
            "openai-codex:work",
            codex("acct-1", "a@x.io"),
            false,
            1,
        )
        .unwrap();
        save_profile(
            &ctx,
            &mut config,
            &agent,
            "openai-codex:work",
            codex("acct-1", "A@X.io"),
            false,
            2,
        )
        .unwrap();
        let err = save_profile(
            &ctx,
            &mut config,
            &agent,
            "openai-codex:work",
            codex("acct-2", "b@x.io"),
            false,
            3,
        )
        .unwrap_err();
        assert!(matches!(err, SaveError::OtherAccount { .. }), "{err}");
        let stored = crate::store::load(&ctx, &agent).unwrap();
        assert_eq!(
            stored
                .credential("openai-codex:work")
                .unwrap()
                .account_id
                .as_deref(),
            Some("acct-1")
        );
        save_profile(
            &ctx,
            &mut config,
            &agent,
            "openai-codex:work",
            codex("acct-2", "b@x.io"),
            true,
            4,
        )
        .unwrap();
        let stored = crate::store::load(&ctx, &agent).unwrap();
        assert_eq!(
            stored
                .credential("openai-codex:work")
                .unwrap()
                .account_id
                .as_deref(),
            Some("acct-2")
        );
    }

    #[test]
    fn new_profiles_join_existing_orders_and_config_lists() {
        let (_tmp, ctx, agent, config) = setup();
        std::fs::create_dir_all(&ctx.state.path).unwrap();
        std::fs::write(&config.path, r#"{"auth":{"profiles":{"openai-codex:old":{"provider":"openai-codex","mode":"oauth"}},"order":{"openai-codex":["openai-codex:old"]}}}"#).unwrap();
        let mut config = Config::read(&config.path).unwrap();
        update(&ctx, &agent, |s| {
            s.set_order("openai-codex", Some(&["openai-codex:old".into()]));
            Ok(())
        })
        .unwrap();
        let saved = save_profile(
            &ctx,
            &mut config,
            &agent,
            "openai-codex:new",
            codex("acct-9", "n@x.io"),
            false,
            1,
        )
        .unwrap();
        assert!(saved.config_updated);
        assert_eq!(
            crate::store::load(&ctx, &agent)
                .unwrap()
                .order("openai-codex")
                .unwrap(),
            ["openai-codex:new", "openai-codex:old"]
        );
        let config = Config::read(&config.path).unwrap();
        assert_eq!(
            config.auth_order("openai-codex").unwrap(),
            ["openai-codex:new", "openai-codex:old"]
        );
        assert_eq!(
            config.auth_profiles()["openai-codex:new"],
            json!({"provider": "openai-codex", "mode": "oauth"})
        );
    }
}
