//! Thin adapters from IPC to core, one file per domain. They hold no logic:
//! read managed state, call core, map errors to [`crate::error::WireError`].

pub mod agents;
pub mod health;
pub mod login;
pub mod profiles;
pub mod refresh;
pub mod settings;
