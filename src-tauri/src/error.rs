//! The one error shape that crosses the IPC bridge: `{code, message}`. The
//! `code` comes from the engine's classification (`authtray_core::error`,
//! one exhaustive match per error type) and is a closed enum mirrored in
//! TypeScript, so the UI switches on codes and never parses messages.
//! Commands return `Result<_, WireError>` and use `?`.

use authtray_core::DiscoverError;
use authtray_core::app::AppError;
use authtray_core::error::Classify;
pub use authtray_core::error::ErrorCode;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
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

    fn of(err: &impl Classify) -> Self {
        Self::new(err.code(), err.to_string())
    }
}

impl From<AppError> for WireError {
    fn from(err: AppError) -> Self {
        Self::of(&err)
    }
}

impl From<DiscoverError> for WireError {
    fn from(err: DiscoverError) -> Self {
        Self::of(&err)
    }
}

impl From<authtray_core::settings::SettingsError> for WireError {
    fn from(err: authtray_core::settings::SettingsError) -> Self {
        Self::of(&err)
    }
}

impl From<authtray_core::remote::RemoteError> for WireError {
    fn from(err: authtray_core::remote::RemoteError) -> Self {
        Self::of(&err)
    }
}

impl From<authtray_core::remote::login::RemoteLoginError> for WireError {
    fn from(err: authtray_core::remote::login::RemoteLoginError) -> Self {
        Self::of(&err)
    }
}

/// An error the far side of a remote install classified (it is already `{code, message}`).
impl From<authtray_core::error::Failure> for WireError {
    fn from(err: authtray_core::error::Failure) -> Self {
        Self::new(err.code, err.message)
    }
}

impl From<tauri::Error> for WireError {
    fn from(err: tauri::Error) -> Self {
        Self::new(ErrorCode::Internal, err.to_string())
    }
}
