//! The installs the window manages: this computer's, then each host the
//! user added (reached over their own ssh). Adding one tests the
//! connection and lists its agents first; a host without a compatible
//! `authtray-cli` can get this build's copied there.

use crate::AppEnv;
use crate::commands::{install, perform};
use crate::error::{ErrorCode, WireError};
use authtray_core::AgentList;
use authtray_core::app::ops::ListAgents;
use authtray_core::remote::{self, Host};
use authtray_core::settings::Preferences;
use serde::Serialize;
use tauri::State;

#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Installs {
    /// The hosts added, in order (this computer is always first, not listed).
    pub hosts: Vec<String>,
    /// Hosts `~/.ssh/config` names that are not added yet.
    pub suggestions: Vec<String>,
}

fn installs(env: &AppEnv) -> Installs {
    let hosts = Preferences::load(install(env).data_dir()).remote_hosts;
    let suggestions = remote::config_hosts(&env.0)
        .into_iter()
        .filter(|h| !hosts.contains(h))
        .collect();
    Installs { hosts, suggestions }
}

#[tauri::command]
#[specta::specta]
pub fn list_installs(env: State<'_, AppEnv>) -> Installs {
    installs(&env)
}

/// Connects to `host`, lists its agents (the answer), then keeps it.
#[tauri::command(async)]
#[specta::specta]
pub fn add_install(env: State<'_, AppEnv>, host: String) -> Result<AgentList, WireError> {
    let host = host.trim().to_owned();
    let agents = perform(&env, Some(&host), ListAgents {})?;
    Preferences::change(install(&env).data_dir(), |p| {
        if !p.remote_hosts.contains(&host) {
            p.remote_hosts.push(host.clone());
        }
        Ok(())
    })?;
    // The tray process sees settings.json change and checks the installs again.
    Ok(agents)
}

/// Forgets `host` (nothing there changes) and closes its shared connection.
#[tauri::command]
#[specta::specta]
pub fn remove_install(env: State<'_, AppEnv>, host: String) -> Result<Installs, WireError> {
    let install = install(&env);
    Preferences::change(install.data_dir(), |p| {
        p.remote_hosts.retain(|h| *h != host);
        Ok(())
    })?;
    if let Ok(h) = Host::new(install.env(), &host, install.data_dir()) {
        h.disconnect();
    }
    Ok(installs(&env))
}

/// Copies the `authtray-cli` that ships beside this app to `host`
/// (`~/.local/share/authtray/bin`, 0700, after `uname -sm` matched).
#[tauri::command(async)]
#[specta::specta]
pub fn install_remote_cli(env: State<'_, AppEnv>, host: String) -> Result<String, WireError> {
    let install = install(&env);
    let cli = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("authtray-cli")))
        .filter(|p| p.is_file())
        .ok_or_else(|| {
            WireError::new(
                ErrorCode::NotFound,
                "no authtray-cli beside this app to copy; install the Authtray package, or copy authtray-cli to ~/.local/share/authtray/bin/ there",
            )
        })?;
    let host = Host::new(install.env(), &host, install.data_dir())?;
    Ok(host.install_cli(&cli)?)
}
