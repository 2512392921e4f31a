//! Creating an agent as `openclaw agents add` does: its directory with an
//! empty store, and (for any agent but main) an entry in `agents.list`.

use crate::agents::{MAIN_AGENT, agent_dir};
use crate::config::{Config, ConfigError, normalize_agent_id};
use crate::paths::Env;
use crate::store::write::PROFILES_FILE;
use crate::store::{StoreContext, StoreError, update};
use crate::time::EpochMs;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum NewAgentError {
    #[error("agent id {given:?} is not valid; OpenClaw would call it {normalized:?} — use that")]
    InvalidId { given: String, normalized: String },
    #[error("agent {id:?} already exists at {}", dir.display())]
    Exists { id: String, dir: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// What was created.
#[derive(Debug)]
pub struct NewAgent {
    pub id: String,
    pub dir: PathBuf,
    /// Whether `openclaw.json` got the agent (main is never listed).
    pub registered: bool,
    /// The backup of `openclaw.json` made when its JSON5 syntax had to go.
    pub config_backup: Option<PathBuf>,
}

/// Creates agent `id` (which must already be in OpenClaw's normal form).
pub fn add_agent(
    env: &Env,
    ctx: &StoreContext,
    config: &mut Config,
    id: &str,
    now: EpochMs,
) -> Result<NewAgent, NewAgentError> {
    let normalized = normalize_agent_id(id);
    if id.trim().is_empty() || normalized != id.trim() {
        return Err(NewAgentError::InvalidId {
            given: id.into(),
            normalized,
        });
    }
    let dir = agent_dir(env, &ctx.state, config, &normalized);
    if dir.join(PROFILES_FILE).exists() {
        return Err(NewAgentError::Exists {
            id: normalized,
            dir,
        });
    }
    update(ctx, &dir, |_| Ok(()))?;
    let (registered, config_backup) = if normalized == MAIN_AGENT {
        (false, None)
    } else {
        (true, config.add_agent(now, &normalized, &dir)?)
    };
    Ok(NewAgent {
        id: normalized,
        dir,
        registered,
        config_backup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Env, StoreContext, Config) {
        let tmp = tempfile::tempdir().unwrap();
        let (env, ctx) = StoreContext::for_tests(tmp.path());
        let config = Config::read(&ctx.state.path.join("openclaw.json")).unwrap();
        (tmp, env, ctx, config)
    }

    #[test]
    fn an_agent_gets_an_empty_store_and_an_agents_list_entry_after_main() {
        let (_tmp, env, ctx, mut config) = setup();
        let made = add_agent(&env, &ctx, &mut config, "work", 1).unwrap();
        assert!(made.registered);
        assert_eq!(made.dir, ctx.state.path.join("agents/work/agent"));
        assert!(made.dir.join(PROFILES_FILE).exists());
        let config = Config::read(&ctx.state.path.join("openclaw.json")).unwrap();
        let ids: Vec<String> = config.agents().iter().map(|a| a.id.clone()).collect();
        assert_eq!(ids, ["main", "work"]);
    }

    #[test]
    fn bad_or_taken_ids_are_refused_without_writing() {
        let (_tmp, env, ctx, mut config) = setup();
        for bad in ["Work", "with space", " ", "-x"] {
            let err = add_agent(&env, &ctx, &mut config, bad, 1).unwrap_err();
            assert!(
                matches!(err, NewAgentError::InvalidId { .. }),
                "{bad}: {err}"
            );
        }
        assert!(!ctx.state.path.exists());
        add_agent(&env, &ctx, &mut config, "main", 1).unwrap();
        let err = add_agent(&env, &ctx, &mut config, "main", 2).unwrap_err();
        assert!(matches!(err, NewAgentError::Exists { .. }), "{err}");
        assert!(
            !ctx.state.path.join("openclaw.json").exists(),
            "main is not listed"
        );
    }
}
