//! The agents of the install: list, add.

use crate::AppEnv;
use crate::commands::{here_only, install, perform};
use crate::error::WireError;
use authtray_core::AgentList;
use authtray_core::app::agents;
use authtray_core::app::ops::ListAgents;
use authtray_core::time::now_ms;
use tauri::State;

/// The agents of the install (this computer's, or `host`'s), main first.
#[tauri::command(async)]
#[specta::specta]
pub fn list_agents(env: State<'_, AppEnv>, host: Option<String>) -> Result<AgentList, WireError> {
    perform(&env, host.as_deref(), ListAgents {})
}

/// Moves an agent's profiles stranded in retired JSON files into its
/// SQLite store (the upgrade guard's import; undo keeps the rows before).
#[tauri::command]
#[specta::specta]
pub fn import_stranded(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
) -> Result<AgentList, WireError> {
    here_only(&host, "Moving stranded profiles", "upgrade import")?;
    let mut install = install(&env);
    authtray_core::app::upgrade::import(&mut install, Some(&agent_id), now_ms())?;
    Ok(agents::list(&install, now_ms())?)
}

/// Creates an agent (its folder, an empty store, its `agents.list` entry).
#[tauri::command]
#[specta::specta]
pub fn add_agent(
    env: State<'_, AppEnv>,
    host: Option<String>,
    agent_id: String,
) -> Result<AgentList, WireError> {
    here_only(&host, "Adding an agent", "agents add <id>")?;
    let mut install = install(&env);
    agents::add(&mut install, &agent_id, now_ms())?;
    Ok(agents::list(&install, now_ms())?)
}
