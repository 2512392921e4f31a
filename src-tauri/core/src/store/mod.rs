//! OpenClaw's per-agent credential store (`openclaw-store.md`): the model,
//! strict file I/O, the sidecar lock protocol, legacy import, undo history,
//! and the one write path every change goes through ([`write::update`]).

pub mod context;
pub mod credential;
pub mod era;
pub mod history;
pub mod inherit;
pub mod legacy;
pub mod location;
pub mod lock;
pub mod model;
pub mod own_lock;
pub mod owner;
pub mod perms;
pub mod provider;
pub mod read_cache;
pub mod sqlite;
pub mod undo;
pub mod verified;
pub mod write;

pub use credential::{Credential, CredentialType, Expiry, NewCredential, Rejection};
pub use era::{Era, StoreFormat};
pub use location::{Layers, Location};
pub use model::{AuthState, AuthStore};
pub use owner::{Owner, owner};
pub use provider::normalize_provider;
pub use undo::undo;
pub use write::{
    StoreContext, load, migrate_flat, remove_profile, rename_profile, try_update, update,
};

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    File(#[from] crate::files::FileError),
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
    #[error("nothing to undo for {store}")]
    NothingToUndo { store: String },
    #[error("no profile {id:?} in {store} (inherited profiles live in main's)")]
    NoProfile { id: String, store: String },
    #[error("{id} already exists in {}", agent_dir.display())]
    ProfileExists { id: String, agent_dir: PathBuf },
    #[error("{path} is not in the flat format; nothing to migrate")]
    NotFlat { path: PathBuf },
    #[error("agent {agent} has no order of its own for {provider}")]
    NoOwnOrder { agent: String, provider: String },
    #[error(
        "{path} is busy: OpenClaw held its write lock past the 5 s busy timeout; nothing was written — try again"
    )]
    Busy { path: PathBuf },
    #[error("{path}: {message}; Authtray will not write to it")]
    Sqlite { path: PathBuf, message: String },
    #[error(
        "{path} has schema version {version}, which this Authtray has not verified against a release (it writes directly only to the schemas of OpenClaw {releases}); nothing was written — the change goes through OpenClaw (`openclaw models auth …`), or update Authtray"
    )]
    Unverified {
        path: PathBuf,
        version: i64,
        releases: String,
    },
    #[error(
        "{path} (schema version {version}) has no {column} column in its {table} table: this OpenClaw keeps credentials in a shape Authtray cannot read — see them with `openclaw models auth list`, or update Authtray"
    )]
    MissingColumn {
        path: PathBuf,
        version: i64,
        table: String,
        column: String,
    },
    #[error(
        "{path} has no {table} table: it is not an OpenClaw store of a version Authtray knows; run `openclaw doctor --fix`"
    )]
    MissingTable { path: PathBuf, table: String },
    #[error("{path} belongs to agent {found:?}, not {expected:?}; check agentDir in openclaw.json")]
    WrongAgent {
        path: PathBuf,
        expected: String,
        found: String,
    },
    #[error(
        "{path}: the {row} row is not a store document ({message}); OpenClaw refuses it too — run `openclaw doctor --fix`"
    )]
    BadRow {
        path: PathBuf,
        row: String,
        message: String,
    },
    #[error(
        "this install keeps credentials in SQLite and OpenClaw has not created {path} yet; let OpenClaw make it first (for example `openclaw models auth paste-api-key --agent <id> --provider <provider>`), then Authtray can write to it"
    )]
    NoDatabase { path: PathBuf },
    #[error(
        "retired JSON credential files are still here ({}); OpenClaw ignores them and refuses their providers until they are migrated — run `openclaw doctor --fix` first", files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    MigrationRequired { files: Vec<PathBuf> },
    #[error(
        "`openclaw doctor --fix` is maintaining {path}; nothing was written — try again when it is done"
    )]
    Maintenance { path: PathBuf },
    #[error(
        "auth.sharedStore in the state database is {value}, which OpenClaw itself refuses (INVALID_SHARED_AUTH_STORE_OWNERSHIP); run `openclaw doctor --fix`"
    )]
    InvalidSharedStore { value: String },
    #[error(
        "{path} is not a usable OpenClaw state database: {why}; OpenClaw refuses it too — run `openclaw doctor --fix`, or restore it from a backup. Authtray reads nothing from it and writes nothing"
    )]
    BrokenStateDb { path: PathBuf, why: String },
    #[error("{what} is OpenClaw's to do in this install: run `{command}`")]
    NeedsOpenclaw { what: String, command: String },
    #[error(
        "OpenClaw is refreshing {id} right now (its refresh fence is in the store); nothing was written — try again in a minute"
    )]
    Fenced { id: String },
}

impl crate::error::Classify for StoreError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::File(e) => e.code(),
            Self::Lock(e) => e.code(),
            Self::NotAnObject { .. } | Self::Flat { .. } => crate::error::ErrorCode::Unreadable,
            Self::SqliteEra { .. }
            | Self::ReadOnly
            | Self::NewerOpenclaw { .. }
            | Self::OldLayout { .. } => crate::error::ErrorCode::ReadOnly,
            Self::NothingToUndo { .. } | Self::NoProfile { .. } | Self::NoOwnOrder { .. } => {
                crate::error::ErrorCode::NotFound
            }
            Self::ProfileExists { .. } | Self::NotFlat { .. } => {
                crate::error::ErrorCode::InvalidInput
            }
            Self::Busy { .. } | Self::Maintenance { .. } | Self::Fenced { .. } => {
                crate::error::ErrorCode::Busy
            }
            Self::Sqlite { .. }
            | Self::MissingTable { .. }
            | Self::MissingColumn { .. }
            | Self::WrongAgent { .. }
            | Self::BadRow { .. }
            | Self::BrokenStateDb { .. } => crate::error::ErrorCode::Unreadable,
            Self::Unverified { .. }
            | Self::NoDatabase { .. }
            | Self::MigrationRequired { .. }
            | Self::InvalidSharedStore { .. }
            | Self::NeedsOpenclaw { .. } => crate::error::ErrorCode::ReadOnly,
        }
    }
}

impl StoreError {
    /// The file or folder the error is about, when it names one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Self::File(e) => Some(e.path()),
            Self::Lock(lock::LockError::Busy { path, .. } | lock::LockError::Io { path, .. }) => {
                Some(path)
            }
            Self::NotAnObject { path }
            | Self::Flat { path }
            | Self::SqliteEra { path }
            | Self::NotFlat { path } => Some(path),
            Self::OldLayout { state } => Some(state),
            Self::ProfileExists { agent_dir, .. } => Some(agent_dir),
            Self::Busy { path }
            | Self::Sqlite { path, .. }
            | Self::Unverified { path, .. }
            | Self::MissingColumn { path, .. }
            | Self::MissingTable { path, .. }
            | Self::WrongAgent { path, .. }
            | Self::BadRow { path, .. }
            | Self::NoDatabase { path }
            | Self::Maintenance { path }
            | Self::BrokenStateDb { path, .. } => Some(path),
            Self::MigrationRequired { files } => files.first().map(std::path::PathBuf::as_path),
            Self::ReadOnly
            | Self::NewerOpenclaw { .. }
            | Self::NoOwnOrder { .. }
            | Self::NothingToUndo { .. }
            | Self::NoProfile { .. }
            | Self::InvalidSharedStore { .. }
            | Self::NeedsOpenclaw { .. }
            | Self::Fenced { .. } => None,
        }
    }
}
