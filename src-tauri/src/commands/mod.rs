//! Thin adapters from IPC to core, one file per domain. They hold no logic:
//! read managed state, call core, map errors to [`crate::error::WireError`].

pub mod agents;
pub mod health;
pub mod login;
pub mod profiles;
pub mod refresh;
pub mod settings;

use authtray_core::store::StoreContext;
use authtray_core::{Config, Env, StateDir, agent_dir, config_path};

/// The store context, config and directory of `agent` in the resolved state dir.
pub(crate) fn store_for(env: &Env, agent: &str) -> (StoreContext, Config, std::path::PathBuf) {
    let state = StateDir::resolve(env);
    let config = Config::read(&config_path(env, &state)).unwrap_or_default();
    let dir = agent_dir(env, &state, &config, agent);
    (StoreContext::new(env, state), config, dir)
}
