//! Errors classified once: every error type of the engine says which of a
//! small, closed set of codes it is (an exhaustive `match` per type), so
//! the window (`{code, message}` over IPC), `authtray-cli status --json`
//! and the tray agree on what went wrong. The message is the error's
//! `Display`: what failed, the file, what to do.

use crate::agents::DiscoverError;
use crate::config::ConfigError;
use crate::oauth::callback::BindError;
use crate::oauth::http::HttpError;
use crate::oauth::login::LoginError;
use crate::store::StoreError;
use crate::store::io::FileError;
use crate::store::lock::LockError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A file or directory exists but cannot be read or does not parse.
    Unreadable,
    /// A file could not be written (permissions, a full disk).
    Unwritable,
    /// Something on disk is not what it should be (a file where a folder belongs).
    InvalidLayout,
    /// The request itself is not valid (an unknown provider, a bad value).
    InvalidInput,
    /// What the request names does not exist (any more).
    NotFound,
    /// Another program holds a lock on the store; nothing was written.
    Busy,
    /// The store may not be written by Authtray (read-only, newer OpenClaw, old layout).
    ReadOnly,
    /// The login belongs to another account than the profile it would replace.
    Conflict,
    /// Something outside Authtray is not available (a port, the network, the keyring).
    Unavailable,
    /// A bug or an unexpected failure inside Authtray.
    Internal,
}

/// An error that knows its [`ErrorCode`].
pub trait Classify: std::error::Error {
    fn code(&self) -> ErrorCode;
}

impl Classify for FileError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Read { .. } | Self::Parse { .. } | Self::TooLarge { .. } => ErrorCode::Unreadable,
            Self::NotAFile { .. } => ErrorCode::InvalidLayout,
            Self::Write { .. } => ErrorCode::Unwritable,
        }
    }
}

impl Classify for LockError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Busy { .. } => ErrorCode::Busy,
            Self::Io { .. } => ErrorCode::Unwritable,
        }
    }
}

impl Classify for StoreError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::File(e) => e.code(),
            Self::Lock(e) => e.code(),
            Self::NotAnObject { .. } | Self::Flat { .. } => ErrorCode::Unreadable,
            Self::SqliteEra { .. }
            | Self::ReadOnly
            | Self::NewerOpenclaw { .. }
            | Self::OldLayout { .. } => ErrorCode::ReadOnly,
            Self::NothingToUndo { .. } | Self::NoProfile { .. } | Self::NoOwnOrder { .. } => {
                ErrorCode::NotFound
            }
            Self::ProfileExists { .. } | Self::NotFlat { .. } => ErrorCode::InvalidInput,
            Self::Busy { .. } | Self::Maintenance { .. } | Self::Fenced { .. } => ErrorCode::Busy,
            Self::Sqlite { .. }
            | Self::MissingTable { .. }
            | Self::MissingColumn { .. }
            | Self::WrongAgent { .. }
            | Self::BadRow { .. }
            | Self::BrokenStateDb { .. } => ErrorCode::Unreadable,
            Self::Unverified { .. }
            | Self::NoDatabase { .. }
            | Self::MigrationRequired { .. }
            | Self::InvalidSharedStore { .. }
            | Self::NeedsOpenclaw { .. } => ErrorCode::ReadOnly,
        }
    }
}

impl Classify for ConfigError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::File(e) => e.code(),
            Self::Parse { .. } => ErrorCode::Unreadable,
            Self::Include { .. } => ErrorCode::ReadOnly,
            Self::Changed { .. } => ErrorCode::Busy,
        }
    }
}

impl Classify for DiscoverError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Unreadable { .. } => ErrorCode::Unreadable,
            Self::NotADirectory { .. } => ErrorCode::InvalidLayout,
        }
    }
}

impl Classify for BindError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Busy { .. } | Self::Io(_) => ErrorCode::Unavailable,
        }
    }
}

impl Classify for HttpError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Network(_) => ErrorCode::Unavailable,
        }
    }
}

impl Classify for LoginError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Cancelled => ErrorCode::NotFound,
            Self::TimedOut(_) | Self::CodeExpired => ErrorCode::NotFound,
            Self::Denied(_) | Self::Exchange(_) | Self::Provider(_) => ErrorCode::Unavailable,
            Self::Http(e) => e.code(),
            Self::Bind(e) => e.code(),
            Self::Setup(_) => ErrorCode::InvalidInput,
        }
    }
}

/// `{code, message, path?}`: an error as data, for reports that carry
/// one per agent (`status --json`, the window, the tray).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    pub code: ErrorCode,
    pub message: String,
    #[ts(type = "string | null")]
    pub path: Option<std::path::PathBuf>,
}

impl Failure {
    pub fn of(err: &impl Classify, path: Option<&std::path::Path>) -> Self {
        Self {
            code: err.code(),
            message: err.to_string(),
            path: path.map(std::path::Path::to_path_buf),
        }
    }
}

impl StoreError {
    /// The file or folder the error is about, when it names one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Self::File(e) => Some(e.path()),
            Self::Lock(LockError::Busy { path, .. } | LockError::Io { path, .. }) => Some(path),
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
