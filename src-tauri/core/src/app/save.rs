//! Saving a new or renewed credential the way OpenClaw's logins do: through
//! the store's write path, promoted to the front of an existing stored
//! order, and entered in `openclaw.json` where the runtime would otherwise
//! never try it (`openclaw-store.md` §10.5, §12.3). Re-logging into a
//! profile of another account is refused unless asked for.

use super::AppError;
use super::operation::{self, Plan, ProfileChange};
use crate::install::{AgentRef, Install};
use crate::store::{AuthStore, Credential, NewCredential, load, try_update};
use crate::time::EpochMs;
use std::path::PathBuf;

/// A login of another account than the profile it would replace.
#[derive(Debug, thiserror::Error)]
#[error(
    "{profile_id} belongs to {existing}, but this login is {new}; nothing was saved — log in with the right account, save it under another profile id, or confirm replacing it"
)]
pub struct OtherAccount {
    pub profile_id: String,
    pub existing: String,
    pub new: String,
}

#[derive(Debug)]
pub struct Saved {
    pub profile_id: String,
    pub store_path: PathBuf,
    /// OpenClaw made the write (`app::delegate`): how, in words.
    pub through: Option<String>,
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

/// Saves `credential` as `profile_id` in the agent's store, listed in
/// `openclaw.json` where its provider's profiles are (one operation:
/// [`super::operation`]). With `replace_other_account` false, an existing
/// profile of another identity is left alone and [`OtherAccount`] returned.
pub fn save_profile(
    install: &mut Install,
    agent: &AgentRef,
    profile_id: &str,
    credential: NewCredential,
    replace_other_account: bool,
    now: EpochMs,
) -> Result<Saved, AppError> {
    let provider = credential.provider();
    let mode = credential.mode().to_owned();
    let new_identity = credential.parsed().as_ref().and_then(identity);
    let home = install.layers(agent).credentials;
    super::delegate::refuse_unless_direct(
        install,
        &home,
        &format!("saving {profile_id}"),
        &format!(
            "log in with OpenClaw itself: `openclaw models auth login --provider {provider} --agent {}` (it then owns the refresh token)",
            agent.id
        ),
    )?;
    // An OAuth save takes OpenClaw's refresh lock of the profile first, so it
    // never races a refresh of the same profile (the era's lock name; lock
    // order: refresh lock, Authtray's own lock, the store).
    let refreshing = (mode == "oauth")
        .then(|| {
            let ctx = install.store();
            let lock = ctx.refresh_lock_path(&provider, profile_id);
            let wait = ctx.lock_policy.budget.min(crate::refresh::LOCK_WAIT);
            crate::store::lock::acquire(
                &lock,
                crate::store::lock::LockPolicy::REFRESH.with_budget(wait),
            )
        })
        .transpose()
        .map_err(crate::store::StoreError::from)?;
    let lock = install.lock()?;
    let refusal = |store: &AuthStore| -> Result<(), AppError> {
        if store
            .profiles
            .get(profile_id)
            .is_some_and(crate::store::credential::is_fenced)
        {
            return Err(crate::store::StoreError::Fenced {
                id: profile_id.to_owned(),
            }
            .into());
        }
        let existing = store.credential(profile_id).as_ref().and_then(identity);
        if let (Some(existing), Some(new)) = (existing, new_identity.clone())
            && existing != new
            && !replace_other_account
        {
            return Err(OtherAccount {
                profile_id: profile_id.to_owned(),
                existing,
                new,
            }
            .into());
        }
        Ok(())
    };
    let current = load(install.store(), &home)?;
    refusal(&current)?;
    let value = credential.into_json();
    let plan = Plan {
        what: format!("save {profile_id} for agent {}", agent.id),
        store: home.clone(),
        changes: vec![ProfileChange {
            provider: provider.clone(),
            mode: mode.clone(),
            promoted: true,
            ..ProfileChange::of(profile_id, current.profiles.get(profile_id), Some(&value))
        }],
        keyring: None,
    };
    let done = operation::run(install, plan, now, |install| {
        try_update(install.store(), &home, |store| {
            refusal(store)?;
            store.upsert(profile_id, value);
            store.promote(&provider, profile_id);
            Ok::<_, AppError>(())
        })
    })?;
    drop((lock, refreshing)); // the gateway is told without holding up other writers
    install.changed(
        Some(&agent.id),
        if mode == "oauth" { "login" } else { "update" },
    );
    Ok(Saved {
        profile_id: profile_id.to_owned(),
        store_path: home.path(),
        through: None,
        config_updated: done.config_updated,
        config_backup: done.config_backup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::Config;
    use crate::store::update;
    use serde_json::json;

    fn setup() -> (tempfile::TempDir, Install, AgentRef) {
        let tmp = tempfile::tempdir().unwrap();
        let install = Install::for_tests(tmp.path());
        let agent = install.agent(None).unwrap();
        (tmp, install, agent)
    }

    fn codex(account: &str, email: &str) -> NewCredential {
        NewCredential::new(
            json!({"type": "oauth", "provider": "openai-codex", "access": "a", "refresh": "r", "expires": 5, "accountId": account, "email": email}),
        )
    }

    #[test]
    fn a_relogin_of_another_account_is_refused_unless_confirmed() {
        let (_tmp, mut install, agent) = setup();
        save_profile(
            &mut install,
            &agent,
            "openai-codex:work",
            codex("acct-1", "a@x.io"),
            false,
            1,
        )
        .unwrap();
        save_profile(
            &mut install,
            &agent,
            "openai-codex:work",
            codex("acct-1", "A@X.io"),
            false,
            2,
        )
        .unwrap();
        let err = save_profile(
            &mut install,
            &agent,
            "openai-codex:work",
            codex("acct-2", "b@x.io"),
            false,
            3,
        )
        .unwrap_err();
        assert!(matches!(err, AppError::OtherAccount(_)), "{err}");
        let stored = crate::store::load(install.store(), &install.layers(&agent).own).unwrap();
        assert_eq!(
            stored
                .credential("openai-codex:work")
                .unwrap()
                .account_id
                .as_deref(),
            Some("acct-1")
        );
        save_profile(
            &mut install,
            &agent,
            "openai-codex:work",
            codex("acct-2", "b@x.io"),
            true,
            4,
        )
        .unwrap();
        let stored = crate::store::load(install.store(), &install.layers(&agent).own).unwrap();
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
    fn an_oauth_save_waits_for_openclaws_refresh_lock_of_that_profile() {
        let (_tmp, mut install, agent) = setup();
        let lock = install
            .store()
            .refresh_lock_path("openai-codex", "openai-codex:work");
        std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
        std::fs::write(
            &lock,
            format!(
                r#"{{"pid":{},"createdAt":"2026-12-03T00:00:00.000Z"}}"#,
                std::process::id()
            ),
        )
        .unwrap();
        install = Install::open(
            install.env().clone().with_var("AUTHTRAY_LOCK_TIMEOUT", "1"),
            crate::install::Options::default(),
        );
        let err = save_profile(
            &mut install,
            &agent,
            "openai-codex:work",
            codex("acct-1", "a@x.io"),
            false,
            1,
        )
        .unwrap_err();
        assert!(
            matches!(err, AppError::Store(crate::store::StoreError::Lock(_))),
            "{err}"
        );
        assert!(
            crate::store::load(install.store(), &install.layers(&agent).own)
                .unwrap()
                .profiles
                .is_empty()
        );
        std::fs::remove_file(&lock).unwrap();
        save_profile(
            &mut install,
            &agent,
            "openai-codex:work",
            codex("acct-1", "a@x.io"),
            false,
            1,
        )
        .unwrap();
    }

    #[test]
    fn new_profiles_join_existing_orders_and_config_lists() {
        let (_tmp, mut install, agent) = setup();
        std::fs::create_dir_all(&install.state().path).unwrap();
        std::fs::write(install.config_path(), r#"{"auth":{"profiles":{"openai-codex:old":{"provider":"openai-codex","mode":"oauth"}},"order":{"openai-codex":["openai-codex:old"]}}}"#).unwrap();
        update(install.store(), &install.layers(&agent).own, |s| {
            s.set_order("openai-codex", Some(&["openai-codex:old".into()]));
            Ok(())
        })
        .unwrap();
        let saved = save_profile(
            &mut install,
            &agent,
            "openai-codex:new",
            codex("acct-9", "n@x.io"),
            false,
            1,
        )
        .unwrap();
        assert!(saved.config_updated);
        assert_eq!(
            crate::store::load(install.store(), &install.layers(&agent).own)
                .unwrap()
                .order("openai-codex")
                .unwrap(),
            ["openai-codex:new", "openai-codex:old"]
        );
        let config = Config::read(install.config_path()).unwrap();
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
