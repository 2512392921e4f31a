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
pub mod perms;
pub mod provider;
pub mod write;

pub use credential::{Credential, CredentialType, Expiry, Rejection};
pub use model::{AuthState, AuthStore};
pub use provider::normalize_provider;
pub use write::{StoreContext, load, migrate_flat, remove_profile, rename_profile, undo, update};

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
    #[error("nothing to undo for {agent_dir}")]
    NothingToUndo { agent_dir: PathBuf },
    #[error("{0}")]
    Rejected(String),
}
