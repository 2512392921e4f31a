use crate::AppEnv;
use crate::error::WireError;
use authtray_core::{AgentList, Config, StateDir, config_path, discover};
use tauri::State;

/// The agents of the resolved state directory, main first.
#[tauri::command]
pub fn list_agents(env: State<'_, AppEnv>) -> Result<AgentList, WireError> {
    let state = StateDir::resolve(&env.0);
    let config = Config::read(&config_path(&env.0, &state)).map_err(|e| e.to_string());
    Ok(discover(&env.0, &state, config)?)
}
