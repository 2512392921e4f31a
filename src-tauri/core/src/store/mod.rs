//! OpenClaw's per-agent credential store (`openclaw-store.md`): the model,
//! strict file I/O, the sidecar lock protocol, legacy import, undo history,
//! and the one write path every change goes through ([`write::update`]).

pub mod credential;
pub mod history;
pub mod inherit;
pub mod io;
pub mod legacy;
pub mod lock;
pub mod model;
pub mod owner;
pub mod perms;
pub mod provider;
pub mod write;

pub use credential::{Credential, CredentialType, Expiry, NewCredential, Rejection};
pub use model::{AuthState, AuthStore};
pub use owner::{Owner, owner};
pub use provider::normalize_provider;
pub use write::{
    StoreContext, load, migrate_flat, remove_profile, rename_profile, try_update, undo, update,
};

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    File(#[from] io::FileError),
    #[error(transparent)]
    Lock(#[from] lock::LockError),
    #[error(
        "{path}: the top level is not a JSON object; Authtray will not write over it — fix or move the file"
    )]
    NotAnObject { path: PathBuf },
    #[error(
        "{path} is in the legacy flat format (no \"profiles\"); run `openclaw doctor --fix` to migrate it — Authtray will not write over it"
    )]
    Flat { path: PathBuf },
    #[error(
        "this OpenClaw install keeps credentials in SQLite ({path}); Authtray only writes the JSON stores of OpenClaw 2026.5 and earlier — use `openclaw models auth …` instead"
    )]
    SqliteEra { path: PathBuf },
    #[error(
        "OPENCLAW_AUTH_STORE_READONLY=1 is set: the store is read-only; unset it to make changes"
    )]
    ReadOnly,
    #[error(
        "openclaw.json was last written by OpenClaw {version}, which keeps credentials in SQLite; Authtray only writes the JSON stores of OpenClaw 2026.5 and earlier — use `openclaw models auth …` instead"
    )]
    NewerOpenclaw { version: String },
    #[error(
        "{state} still has the old single-agent layout (agent/ without agents/); start OpenClaw once or run `openclaw doctor` to migrate it first"
    )]
    OldLayout { state: PathBuf },
    #[error("nothing to undo for {agent_dir}")]
    NothingToUndo { agent_dir: PathBuf },
    #[error(
        "no profile {id:?} in {}/auth-profiles.json (inherited profiles live in main's)", agent_dir.display()
    )]
    NoProfile { id: String, agent_dir: PathBuf },
    #[error("{id} already exists in {}", agent_dir.display())]
    ProfileExists { id: String, agent_dir: PathBuf },
    #[error("{path} is not in the flat format; nothing to migrate")]
    NotFlat { path: PathBuf },
    #[error("agent {agent} has no order of its own for {provider}")]
    NoOwnOrder { agent: String, provider: String },
}
