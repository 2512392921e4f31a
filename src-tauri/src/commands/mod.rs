//! Thin adapters from IPC to core, one file per domain. They hold no logic:
//! read managed state, call core, map errors to [`crate::error::WireError`].

pub mod agents;
pub mod copy;
pub mod health;
pub mod login;
pub mod order;
pub mod profiles;
pub mod refresh;
pub mod settings;

use crate::error::{ErrorCode, WireError};
use authtray_core::store::StoreContext;
use authtray_core::{Config, Env, StateDir, agent_dir, config_path};

/// The store context, config and directory of `agent` in the resolved state
/// dir. A broken `openclaw.json` is an error: without it an agent's
/// `agentDir` is unknown and a write could land in the wrong folder.
pub(crate) fn store_for(
    env: &Env,
    agent: &str,
) -> Result<(StoreContext, Config, std::path::PathBuf), WireError> {
    let state = StateDir::resolve(env);
    let config = Config::read(&config_path(env, &state))
        .map_err(|e| WireError::new(ErrorCode::Unreadable, e.to_string()))?;
    let dir = agent_dir(env, &state, &config, agent);
    Ok((StoreContext::new(env, state), config, dir))
}
