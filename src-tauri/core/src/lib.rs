//! Authtray's engine. It knows nothing of Tauri or any GUI: every input that
//! varies (environment, home directory, time, endpoints) is passed in, so every
//! behaviour is testable headless. Front ends open an [`install::Install`]
//! and call the use cases in [`app`].

pub mod agents;
pub mod app;
pub mod attention;
pub mod cli_logins;
pub mod config;
pub mod desktop;
pub mod error;
pub mod files;
pub mod findings;
pub mod gateway;
pub mod health;
pub mod install;
pub mod json;
pub mod keychain;
pub mod notice;
pub mod oauth;
pub mod openclaw_cli;
pub mod order;
pub mod paths;
pub mod providers;
pub mod refresh;
pub mod remote;
pub mod report;
pub mod secret;
pub mod settings;
pub mod store;
pub mod time;
pub mod usage;
pub mod words;

pub use agents::{AgentList, AgentSummary, DiscoverError, StateDirView, agent_dir, discover};
pub use config::{Config, config_path};
pub use install::{AgentRef, Install, Options};
pub use paths::{Env, StateDir, StateDirSource};
