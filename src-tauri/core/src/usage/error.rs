//! Why a usage check told nothing. Shown as "usage unavailable (why)",
//! never an alert; the code lets a front end tell "log in again" from "try
//! later" without reading the words.

use crate::error::{Classify, ErrorCode};
use crate::oauth::http::HttpError;

#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("the access token has expired; usage is unknown until the next refresh")]
    Expired,
    #[error("no access token is stored")]
    NoToken,
    #[error("the tokens are kept encrypted by OpenClaw (oauthRef)")]
    OauthRef,
    #[error("the login has no Cloud Code Assist project (projectId)")]
    NoProject,
    #[error(
        "the provider refused the access token (HTTP {0}); it is renewed by the login's owner on its next refresh"
    )]
    Refused(u16),
    #[error("the provider is rate-limiting usage requests; try again later")]
    RateLimited,
    /// The provider answered with an error of its own (`code: why`).
    #[error("the provider said {0}")]
    Said(String),
    #[error("the provider answered HTTP {0}")]
    Status(u16),
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error("the provider's answer is not JSON")]
    NotJson,
    /// The answer parsed, but not into usage: what was missing or said.
    #[error("an answer of another shape: {0}")]
    Shape(String),
}

impl UsageError {
    /// An answer of another shape, for the parsers.
    pub(crate) fn shape(why: impl Into<String>) -> Self {
        Self::Shape(why.into())
    }
}

impl Classify for UsageError {
    fn code(&self) -> ErrorCode {
        match self {
            // nothing to ask with: no live access token, no project
            Self::Expired | Self::NoToken | Self::OauthRef | Self::NoProject => ErrorCode::NotFound,
            Self::Refused(_) | Self::RateLimited | Self::Said(_) | Self::Status(_) => {
                ErrorCode::Unavailable
            }
            Self::Http(e) => e.code(),
            Self::NotJson | Self::Shape(_) => ErrorCode::InvalidLayout,
        }
    }
}
