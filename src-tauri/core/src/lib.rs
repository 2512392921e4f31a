//! Authtray's engine. It knows nothing of Tauri or any GUI: every input that
//! varies (environment, home directory, time, endpoints) is passed in, so every
//! behaviour is testable headless.

pub mod agents;
pub mod cli;
pub mod config;
pub mod copy;
pub mod external;
pub mod health;
pub mod keychain;
pub mod new_agent;
pub mod notice;
pub mod oauth;
pub mod order;
pub mod paths;
pub mod providers;
pub mod refresh;
pub mod report;
pub mod save;
pub mod secret;
pub mod settings;
pub mod store;
pub mod time;
pub mod tray;

pub use agents::{AgentList, AgentSummary, DiscoverError, StateDirView, agent_dir, discover};
pub use config::{Config, config_path};
pub use paths::{Env, StateDir, StateDirSource};
