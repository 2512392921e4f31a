use crate::AppEnv;
use crate::error::WireError;
use authtray_core::{AgentList, StateDir, discover};
use tauri::State;

/// The agents of the resolved state directory, main first.
#[tauri::command]
pub fn list_agents(env: State<'_, AppEnv>) -> Result<AgentList, WireError> {
    Ok(discover(&StateDir::resolve(&env.0))?)
}
