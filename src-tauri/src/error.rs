//! The one error shape that crosses the IPC bridge: `{code, message}`. The
//! `code` enum is closed and mirrored in TypeScript, so the UI switches on
//! codes and never parses messages.

use authtray_core::DiscoverError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A file or directory exists but cannot be read.
    Unreadable,
    /// Something on disk is not what it should be (a file where a folder belongs).
    InvalidLayout,
    /// The request itself is not valid (an unknown provider, a bad value).
    InvalidInput,
    /// What the request names does not exist (any more).
    NotFound,
    /// Something outside Authtray is not available (a port, the network).
    Unavailable,
    /// A bug or an unexpected failure inside Authtray.
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct WireError {
    pub code: ErrorCode,
    pub message: String,
}

impl WireError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<DiscoverError> for WireError {
    fn from(err: DiscoverError) -> Self {
        let code = match err {
            DiscoverError::Unreadable { .. } => ErrorCode::Unreadable,
            DiscoverError::NotADirectory { .. } => ErrorCode::InvalidLayout,
        };
        Self::new(code, err.to_string())
    }
}

impl From<tauri::Error> for WireError {
    fn from(err: tauri::Error) -> Self {
        Self::new(ErrorCode::Internal, err.to_string())
    }
}
