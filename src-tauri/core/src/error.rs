//! Errors classified once: every error type of the engine says which of a
//! small, closed set of codes it is (an exhaustive `match` per type), so
//! the window (`{code, message}` over IPC), `authtray-cli status --json`
//! and the tray agree on what went wrong. The message is the error's
//! `Display`: what failed, the file, what to do.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
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

impl ErrorCode {
    /// Every code, for reading them back.
    pub const ALL: [Self; 10] = [
        Self::Unreadable,
        Self::Unwritable,
        Self::InvalidLayout,
        Self::InvalidInput,
        Self::NotFound,
        Self::Busy,
        Self::ReadOnly,
        Self::Conflict,
        Self::Unavailable,
        Self::Internal,
    ];
}

/// Read by name; a code this build does not know (a newer far side)
/// reads as `internal`.
impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = serde_json::Value::deserialize(d)?;
        Ok(Self::ALL
            .into_iter()
            .find(|c| serde_json::to_value(c).ok().as_ref() == Some(&name))
            .unwrap_or(Self::Internal))
    }
}

/// An error that knows its [`ErrorCode`].
pub trait Classify: std::error::Error {
    fn code(&self) -> ErrorCode;
}

/// `{code, message, path}`: an error as data — for reports that carry one
/// per agent (`status --json`, the window, the tray) and for the answers
/// of an install on another host (`remote::protocol`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct Failure {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default)]
    pub path: Option<std::path::PathBuf>,
}

impl Failure {
    /// A failure that names no file.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            path: None,
        }
    }

    pub fn of(err: &impl Classify, path: Option<&std::path::Path>) -> Self {
        Self {
            code: err.code(),
            message: err.to_string(),
            path: path.map(std::path::Path::to_path_buf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_and_an_unknown_one_is_internal() {
        for code in ErrorCode::ALL {
            // A new variant fails to compile here until it is in ALL too.
            let at = match code {
                ErrorCode::Unreadable => 0,
                ErrorCode::Unwritable => 1,
                ErrorCode::InvalidLayout => 2,
                ErrorCode::InvalidInput => 3,
                ErrorCode::NotFound => 4,
                ErrorCode::Busy => 5,
                ErrorCode::ReadOnly => 6,
                ErrorCode::Conflict => 7,
                ErrorCode::Unavailable => 8,
                ErrorCode::Internal => 9,
            };
            assert_eq!(ErrorCode::ALL[at], code);
            let back: ErrorCode =
                serde_json::from_value(serde_json::to_value(code).unwrap()).unwrap();
            assert_eq!(back, code);
        }
        let newer: Failure =
            serde_json::from_str(r#"{"code":"quota_gone","message":"m"}"#).unwrap();
        assert_eq!((newer.code, newer.path), (ErrorCode::Internal, None));
    }
}
