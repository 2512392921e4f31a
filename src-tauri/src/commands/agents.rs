//! The agents of the install: list, add.

use crate::AppEnv;
use crate::commands::install;
use crate::error::WireError;
use authtray_core::AgentList;
use authtray_core::app::agents;
use authtray_core::time::now_ms;
use tauri::State;

/// The agents of the resolved state directory, main first.
#[tauri::command]
pub fn list_agents(env: State<'_, AppEnv>) -> Result<AgentList, WireError> {
    Ok(agents::list(&install(&env))?)
}

/// Moves an agent's profiles stranded in retired JSON files into its
/// SQLite store (the upgrade guard's import; undo keeps the rows before).
#[tauri::command]
pub fn import_stranded(env: State<'_, AppEnv>, agent_id: String) -> Result<AgentList, WireError> {
    let install = install(&env);
    authtray_core::app::upgrade::import(&install, Some(&agent_id), now_ms())?;
    Ok(agents::list(&install)?)
}

/// Creates an agent (its folder, an empty store, its `agents.list` entry).
#[tauri::command]
pub fn add_agent(env: State<'_, AppEnv>, agent_id: String) -> Result<AgentList, WireError> {
    let mut install = install(&env);
    agents::add(&mut install, &agent_id, now_ms())?;
    Ok(agents::list(&install)?)
}
