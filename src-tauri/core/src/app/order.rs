//! The order of a provider's profiles (§10.5, §13.3): read it with the
//! effective order the runtime will use, set it — an agent's own `order`
//! in `auth-state.json`, or the global `auth.order` in `openclaw.json` that
//! every agent without its own order uses — or remove it ("reset to
//! automatic"). The ids are checked against the store inside the write.

use super::{AppError, InputError, OrderProblem};
use crate::install::{AgentRef, Install};
use crate::order::{EffectiveOrder, effective_order};
use crate::paths::MAIN_AGENT;
use crate::store::inherit::{Effective, load_effective, merged};
use crate::store::provider::auth_provider_id;
use crate::store::{AuthStore, StoreError, try_update};
use crate::time::EpochMs;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Where an order lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OrderScope {
    /// `order[provider]` in this agent's `auth-state.json`.
    Agent,
    /// `auth.order[provider]` in `openclaw.json`.
    Global,
}

/// `order get`: the stored order and the effective one.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub agent_id: String,
    pub agent_dir: PathBuf,
    pub provider: String,
    pub auth_state_path: PathBuf,
    pub order: Option<Vec<String>>,
    pub effective: EffectiveOrder,
}

pub fn get(
    install: &Install,
    agent: Option<&str>,
    provider: &str,
    now: EpochMs,
) -> Result<OrderView, AppError> {
    let agent = install.agent(agent)?;
    let provider = install.format().provider_id(provider);
    let store = load_effective(install.store(), &agent.id, &agent.dir, None)?.merged;
    let effective = effective_order(&store, install.config()?, &provider, now);
    Ok(OrderView {
        auth_state_path: agent.dir.join(crate::store::write::STATE_FILE),
        order: store.order(&provider),
        agent_id: agent.id,
        agent_dir: agent.dir,
        provider,
        effective,
    })
}

/// What an order change did.
#[derive(Debug)]
pub struct OrderChanged {
    pub agent: AgentRef,
    pub provider: String,
    /// The backup of an `openclaw.json` that used JSON5 syntax (global scope).
    pub config_backup: Option<PathBuf>,
    /// OpenClaw made the change (`app::delegate`): how, in words.
    pub through: Option<String>,
}

/// Sets (or with `ids = None` removes) the order of `provider`.
pub fn set(
    install: &mut Install,
    agent: Option<&str>,
    provider: &str,
    ids: Option<&[String]>,
    scope: OrderScope,
    now: EpochMs,
) -> Result<OrderChanged, AppError> {
    let agent = install.agent(agent)?;
    let provider = install.format().provider_id(provider);
    let mut changed = OrderChanged {
        agent: agent.clone(),
        provider: provider.clone(),
        config_backup: None,
        through: None,
    };
    match scope {
        OrderScope::Global => {
            if let Some(ids) = ids {
                let Effective { merged, own } =
                    load_effective(install.store(), &agent.id, &agent.dir, None)?;
                check_ids(&agent, &provider, ids, scope, &merged, &own, false)
                    .map_err(InputError::from)?;
            }
            changed.config_backup = super::operation::edit_config(install, |c| {
                c.update_auth(now, |auth| {
                    crate::config::set_auth_order(auth, &provider, ids)
                })
            })?;
        }
        OrderScope::Agent if !install.writes_directly(&agent) => {
            let done = super::delegate::set_order(install, &agent, &provider, ids)?;
            changed.through = Some(done.way.describe());
            return Ok(changed);
        }
        OrderScope::Agent => {
            let layers = install.layers(&agent);
            // 2026.9.6 keeps inherited ids in an agent's own order (b.7).
            let sqlite = install.format().is_sqlite();
            let shared = layers
                .shared
                .as_ref()
                .map(|s| crate::store::load(install.store(), s))
                .transpose()?;
            try_update(install.store(), &layers.own, |own| {
                match ids {
                    Some(ids) => {
                        let seen = shared
                            .as_ref()
                            .map_or_else(|| own.clone(), |m| merged(m, own));
                        check_ids(&agent, &provider, ids, scope, &seen, own, sqlite)
                            .map_err(InputError::from)?;
                    }
                    None if own.order(&provider).is_none() => {
                        return Err(AppError::Store(StoreError::NoOwnOrder {
                            agent: agent.id.clone(),
                            provider: provider.clone(),
                        }));
                    }
                    None => {}
                }
                own.set_order(&provider, ids);
                Ok(())
            })?;
        }
    }
    install.changed(Some(&changed.agent.id), "update");
    Ok(changed)
}

/// Every id must be a stored profile of the provider, listed once; an
/// agent's own order may not name profiles it only inherits (OpenClaw drops them).
fn check_ids(
    agent: &AgentRef,
    provider: &str,
    ids: &[String],
    scope: OrderScope,
    seen: &AuthStore,
    own: &AuthStore,
    sqlite_keeps_inherited: bool,
) -> Result<(), OrderProblem> {
    if ids.is_empty() {
        return Err(OrderProblem::Empty {
            provider: provider.into(),
        });
    }
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            return Err(OrderProblem::Twice { id: id.clone() });
        }
        let cred = seen.credential(id).ok_or_else(|| OrderProblem::NotStored {
            id: id.clone(),
            agent: agent.id.clone(),
        })?;
        let compatible =
            provider == crate::order::CODEX && crate::order::openai_key_for_codex(&cred);
        if auth_provider_id(&cred.provider) != auth_provider_id(provider) && !compatible {
            return Err(OrderProblem::OtherProvider {
                id: id.clone(),
                stored: cred.provider.clone(),
                provider: provider.into(),
            });
        }
        if scope == OrderScope::Agent
            && agent.id != MAIN_AGENT
            && !own.profiles.contains_key(id)
            && !sqlite_keeps_inherited
        {
            return Err(OrderProblem::Inherited {
                id: id.clone(),
                agent: agent.id.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::store::{Location, load, update};
    use serde_json::json;

    struct Fixture {
        _tmp: tempfile::TempDir,
        install: Install,
        work: PathBuf,
    }

    fn fixture() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let install = Install::for_tests(tmp.path());
        let main = install.state().main_agent_dir();
        let work = install.state().agents_dir().join("work/agent");
        let key = |k: &str| json!({"type": "api_key", "provider": "openai", "key": k});
        update(install.store(), &Location::Files(main.clone()), |st| {
            st.profiles
                .insert("openai:shared".into(), key("sk-shared-1"));
            st.profiles.insert(
                "anthropic:a".into(),
                json!({"type": "api_key", "provider": "anthropic", "key": "sk-ant-1"}),
            );
            Ok(())
        })
        .unwrap();
        update(install.store(), &Location::Files(work.clone()), |st| {
            st.profiles.insert("openai:one".into(), key("sk-one-1"));
            st.profiles.insert("openai:two".into(), key("sk-two-1"));
            Ok(())
        })
        .unwrap();
        Fixture {
            _tmp: tmp,
            install,
            work,
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn order(f: &mut Fixture, list: Option<&[&str]>, scope: OrderScope) -> Result<(), AppError> {
        let owned = list.map(ids);
        set(
            &mut f.install,
            Some("work"),
            "OpenAI",
            owned.as_deref(),
            scope,
            1,
        )
        .map(|_| ())
    }

    #[test]
    fn an_agent_order_is_written_to_its_state_and_reset_removes_it() {
        let mut f = fixture();
        order(
            &mut f,
            Some(&["openai:two", "openai:one"]),
            OrderScope::Agent,
        )
        .unwrap();
        let st = load(f.install.store(), &Location::Files(f.work.clone())).unwrap();
        assert_eq!(st.order("openai"), Some(ids(&["openai:two", "openai:one"])));
        let view = get(&f.install, Some("work"), "openai", 1).unwrap();
        assert_eq!(view.effective.tried.len(), 2);
        order(&mut f, None, OrderScope::Agent).unwrap();
        assert_eq!(
            load(f.install.store(), &Location::Files(f.work.clone()))
                .unwrap()
                .order("openai"),
            None
        );
        let again = order(&mut f, None, OrderScope::Agent).unwrap_err();
        assert!(
            matches!(again, AppError::Store(StoreError::NoOwnOrder { .. })),
            "{again}"
        );
    }

    #[test]
    fn a_global_order_goes_to_openclaw_json_and_may_name_inherited_profiles() {
        let mut f = fixture();
        order(
            &mut f,
            Some(&["openai:shared", "openai:one"]),
            OrderScope::Global,
        )
        .unwrap();
        let config = Config::read(f.install.config_path()).unwrap();
        assert_eq!(
            config.auth_order("openai"),
            Some(ids(&["openai:shared", "openai:one"]))
        );
        assert_eq!(
            load(f.install.store(), &Location::Files(f.work.clone()))
                .unwrap()
                .order("openai"),
            None
        );
        order(&mut f, None, OrderScope::Global).unwrap();
        let config = Config::read(f.install.config_path()).unwrap();
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
            let err = order(&mut f, Some(list), scope).unwrap_err();
            assert!(
                matches!(err, AppError::Input(InputError::Order(_))),
                "{err}"
            );
            assert!(err.to_string().contains(says), "{err}");
        }
        assert_eq!(std::fs::read(f.work.join("auth-state.json")).ok(), before);
        assert!(!f.install.config_path().exists());
        // main may order what it stores.
        let owned = ids(&["openai:shared"]);
        set(
            &mut f.install,
            None,
            "openai",
            Some(&owned),
            OrderScope::Agent,
            1,
        )
        .unwrap();
    }
}
