//! Changing an order (§10.5, §13.3): an agent's own `order` in
//! `auth-state.json`, or the global `auth.order` in `openclaw.json` that every
//! agent without its own order uses. `None` removes it ("reset to automatic").

use crate::agents::MAIN_AGENT;
use crate::config::{Config, ConfigError, set_auth_order};
use crate::report::effective_store;
use crate::store::provider::auth_provider_id;
use crate::store::{StoreContext, StoreError, normalize_provider, update};
use crate::time::EpochMs;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Where an order lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderScope {
    /// `order[provider]` in this agent's `auth-state.json`.
    Agent,
    /// `auth.order[provider]` in `openclaw.json`.
    Global,
}

#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// The ids asked for cannot make an order the runtime would honour.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// Sets (or with `ids = None` removes) the order of `provider`.
/// Returns the backup of `openclaw.json` made when a global change had to
/// drop its JSON5 syntax.
#[allow(clippy::too_many_arguments)]
pub fn set_order(
    ctx: &StoreContext,
    config: &mut Config,
    agent_id: &str,
    dir: &Path,
    provider: &str,
    ids: Option<&[String]>,
    scope: OrderScope,
    now: EpochMs,
) -> Result<Option<PathBuf>, OrderError> {
    let provider = normalize_provider(provider);
    if let Some(ids) = ids {
        check_ids(ctx, agent_id, dir, &provider, ids, scope)?;
    }
    if scope == OrderScope::Global {
        return Ok(config.update_auth(now, |auth| set_auth_order(auth, &provider, ids))?);
    }
    update(ctx, dir, |st| {
        if ids.is_none() && st.order(&provider).is_none() {
            return Err(StoreError::Rejected(format!(
                "agent {agent_id} has no order of its own for {provider}"
            )));
        }
        st.set_order(&provider, ids);
        Ok(())
    })?;
    Ok(None)
}

/// Every id must be a stored profile of the provider, listed once; an
/// agent's own order may not name profiles it only inherits (OpenClaw drops them).
fn check_ids(
    ctx: &StoreContext,
    agent_id: &str,
    dir: &Path,
    provider: &str,
    ids: &[String],
    scope: OrderScope,
) -> Result<(), OrderError> {
    if ids.is_empty() {
        return Err(OrderError::Invalid(format!(
            "an order for {provider} needs at least one profile; to go back to automatic, reset it"
        )));
    }
    let (store, own) = effective_store(ctx, agent_id, dir)?;
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            return Err(OrderError::Invalid(format!("{id} is listed twice")));
        }
        let cred = store.credential(id).ok_or_else(|| {
            OrderError::Invalid(format!("no profile {id:?} for agent {agent_id}"))
        })?;
        let compatible = provider == super::CODEX && super::openai_key_for_codex(&cred);
        if auth_provider_id(&cred.provider) != auth_provider_id(provider) && !compatible {
            return Err(OrderError::Invalid(format!(
                "{id} is a {} profile, not {provider}",
                cred.provider
            )));
        }
        if scope == OrderScope::Agent && agent_id != MAIN_AGENT && !own.profiles.contains_key(id) {
            return Err(OrderError::Invalid(format!(
                "{id} is inherited from main; OpenClaw drops inherited ids from {agent_id}'s own order — use the order for all agents, or set it on main"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::load;
    use serde_json::json;

    struct Fixture {
        _tmp: tempfile::TempDir,
        ctx: StoreContext,
        config: Config,
        main: PathBuf,
        work: PathBuf,
    }

    fn fixture() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let (_, ctx) = StoreContext::for_tests(tmp.path());
        let main = ctx.state.path.join("agents/main/agent");
        let work = ctx.state.path.join("agents/work/agent");
        let key = |k: &str| json!({"type": "api_key", "provider": "openai", "key": k});
        update(&ctx, &main, |st| {
            st.profiles
                .insert("openai:shared".into(), key("sk-shared-1"));
            st.profiles.insert(
                "anthropic:a".into(),
                json!({"type": "api_key", "provider": "anthropic", "key": "sk-ant-1"}),
            );
            Ok(())
        })
        .unwrap();
        update(&ctx, &work, |st| {
            st.profiles.insert("openai:one".into(), key("sk-one-1"));
            st.profiles.insert("openai:two".into(), key("sk-two-1"));
            Ok(())
        })
        .unwrap();
        let config = Config::read(&ctx.state.path.join("openclaw.json")).unwrap();
        Fixture {
            _tmp: tmp,
            ctx,
            config,
            main,
            work,
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn set(
        f: &mut Fixture,
        list: Option<&[&str]>,
        scope: OrderScope,
    ) -> Result<Option<PathBuf>, OrderError> {
        let owned = list.map(ids);
        set_order(
            &f.ctx,
            &mut f.config,
            "work",
            &f.work.clone(),
            "OpenAI",
            owned.as_deref(),
            scope,
            1,
        )
    }

    #[test]
    fn an_agent_order_is_written_to_its_state_and_reset_removes_it() {
        let mut f = fixture();
        set(
            &mut f,
            Some(&["openai:two", "openai:one"]),
            OrderScope::Agent,
        )
        .unwrap();
        let st = load(&f.ctx, &f.work).unwrap();
        assert_eq!(st.order("openai"), Some(ids(&["openai:two", "openai:one"])));
        set(&mut f, None, OrderScope::Agent).unwrap();
        assert_eq!(load(&f.ctx, &f.work).unwrap().order("openai"), None);
        let again = set(&mut f, None, OrderScope::Agent).unwrap_err();
        assert!(again.to_string().contains("no order of its own"), "{again}");
    }

    #[test]
    fn a_global_order_goes_to_openclaw_json_and_may_name_inherited_profiles() {
        let mut f = fixture();
        set(
            &mut f,
            Some(&["openai:shared", "openai:one"]),
            OrderScope::Global,
        )
        .unwrap();
        let config = Config::read(&f.ctx.state.path.join("openclaw.json")).unwrap();
        assert_eq!(
            config.auth_order("openai"),
            Some(ids(&["openai:shared", "openai:one"]))
        );
        assert_eq!(load(&f.ctx, &f.work).unwrap().order("openai"), None);
        set(&mut f, None, OrderScope::Global).unwrap();
        let config = Config::read(&f.ctx.state.path.join("openclaw.json")).unwrap();
        assert_eq!(config.auth_order("openai"), None);
    }

    #[test]
    fn orders_the_runtime_would_not_honour_are_refused_and_nothing_is_written() {
        let mut f = fixture();
        let before = std::fs::read(f.work.join("auth-state.json")).ok();
        for (list, scope, says) in [
            (
                &["openai:shared"][..],
                OrderScope::Agent,
                "inherited from main",
            ),
            (
                &["anthropic:a"][..],
                OrderScope::Global,
                "is a anthropic profile",
            ),
            (&["openai:nope"][..], OrderScope::Agent, "no profile"),
            (
                &["openai:one", "openai:one"][..],
                OrderScope::Agent,
                "listed twice",
            ),
            (&[][..], OrderScope::Agent, "at least one"),
        ] {
            let err = set(&mut f, Some(list), scope).unwrap_err();
            assert!(matches!(err, OrderError::Invalid(_)), "{err}");
            assert!(err.to_string().contains(says), "{err}");
        }
        assert_eq!(std::fs::read(f.work.join("auth-state.json")).ok(), before);
        assert!(!f.ctx.state.path.join("openclaw.json").exists());
        // main may order what it stores.
        let owned = ids(&["openai:shared"]);
        set_order(
            &f.ctx,
            &mut f.config,
            MAIN_AGENT,
            &f.main.clone(),
            "openai",
            Some(&owned),
            OrderScope::Agent,
            1,
        )
        .unwrap();
    }
}
