use crate::AppEnv;
use crate::error::{ErrorCode, WireError};
use authtray_core::time::now_ms;
use authtray_core::{AgentList, Config, StateDir, config_path, discover};
use tauri::State;

/// The agents of the resolved state directory, main first.
#[tauri::command]
pub fn list_agents(env: State<'_, AppEnv>) -> Result<AgentList, WireError> {
    let state = StateDir::resolve(&env.0);
    let config = Config::read(&config_path(&env.0, &state)).map_err(|e| e.to_string());
    Ok(discover(&env.0, &state, config)?)
}

/// Creates an agent (its folder, an empty store, its `agents.list` entry).
#[tauri::command]
pub fn add_agent(env: State<'_, AppEnv>, agent_id: String) -> Result<AgentList, WireError> {
    use authtray_core::new_agent::{NewAgentError, add_agent};
    let state = StateDir::resolve(&env.0);
    let mut config = Config::read(&config_path(&env.0, &state))
        .map_err(|e| WireError::new(ErrorCode::Unreadable, e.to_string()))?;
    let ctx = authtray_core::store::StoreContext::new(&env.0, state);
    add_agent(&env.0, &ctx, &mut config, &agent_id, now_ms()).map_err(|e| {
        let code = match e {
            NewAgentError::InvalidId { .. } | NewAgentError::Exists { .. } => {
                ErrorCode::InvalidInput
            }
            NewAgentError::Store(_) | NewAgentError::Config(_) => ErrorCode::Unavailable,
        };
        WireError::new(code, e.to_string())
    })?;
    list_agents(env)
}
