//! [`AppError`]: what a use case can fail with, one typed variant per
//! cause; and [`InputError`], a request that cannot be carried out as asked.

use crate::agents::DiscoverError;
use crate::cli_logins::ExternalError;
use crate::config::ConfigError;
use crate::error::{Classify, ErrorCode};
use crate::install::{AgentError, TargetError};
use crate::keychain::KeychainError;
use crate::oauth::login::LoginError;
use crate::providers::manual::ManualError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error(transparent)]
    Agent(#[from] AgentError),
    #[error(transparent)]
    Login(#[from] LoginError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    OtherAccount(#[from] super::OtherAccount),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error(transparent)]
    External(#[from] ExternalError),
    #[error(transparent)]
    Operation(#[from] super::OperationError),
    #[error(transparent)]
    Delegate(#[from] super::delegate::DelegateError),
}

impl From<TargetError> for AppError {
    fn from(e: TargetError) -> Self {
        match e {
            TargetError::Agent(e) => Self::Agent(e),
            TargetError::Config(e) => Self::Config(e),
            TargetError::Discover(e) => Self::Discover(e),
        }
    }
}

impl From<ManualError> for AppError {
    fn from(e: ManualError) -> Self {
        Self::Input(InputError::Manual(e))
    }
}

impl Classify for AppError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Store(e) => e.code(),
            Self::Config(e) => e.code(),
            Self::Discover(e) => e.code(),
            Self::Agent(e) => e.code(),
            Self::Login(e) => e.code(),
            Self::Input(e) => e.code(),
            Self::OtherAccount(_) => ErrorCode::Conflict,
            Self::Keychain(e) => e.code(),
            Self::External(e) => e.code(),
            Self::Operation(e) => e.code(),
            Self::Delegate(e) => e.code(),
        }
    }
}

/// A request that cannot be carried out as asked.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(transparent)]
    Manual(#[from] ManualError),
    #[error("{given:?}: use a duration like {example}")]
    Duration {
        given: String,
        example: &'static str,
    },
    #[error("{given:?} is not a profile id: one looks like provider:name, e.g. anthropic:work")]
    ProfileId { given: String },
    #[error(
        "{provider} has no {method} login; {}", if *.has_other { "use its other login" } else { "add an API key or paste a token instead" }
    )]
    NoLogin {
        provider: String,
        method: &'static str,
        has_other: bool,
    },
    #[error("{provider} takes no new logins: {note}")]
    Retired {
        provider: String,
        note: &'static str,
    },
    #[error(transparent)]
    Order(#[from] OrderProblem),
    #[error("agent id {given:?} is not valid; OpenClaw would call it {normalized:?} — use that")]
    AgentId { given: String, normalized: String },
    #[error("agent {id:?} already exists at {}", dir.display())]
    AgentExists { id: String, dir: std::path::PathBuf },
    #[error("no profile {id:?} for agent {agent}")]
    NoProfile { id: String, agent: String },
    #[error("{id} is kept as a reference ({reference}); copy it from there")]
    Reference { id: String, reference: String },
    #[error("{id}: {why}")]
    NoSecret { id: String, why: &'static str },
}

impl Classify for InputError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::NoProfile { .. } => ErrorCode::NotFound,
            Self::Manual(_)
            | Self::Duration { .. }
            | Self::ProfileId { .. }
            | Self::NoLogin { .. }
            | Self::Retired { .. }
            | Self::Order(_)
            | Self::AgentId { .. }
            | Self::AgentExists { .. }
            | Self::Reference { .. }
            | Self::NoSecret { .. } => ErrorCode::InvalidInput,
        }
    }
}

/// Why a list of ids cannot be an order the runtime would honour.
#[derive(Debug, thiserror::Error)]
pub enum OrderProblem {
    #[error(
        "an order for {provider} needs at least one profile; to go back to automatic, reset it"
    )]
    Empty { provider: String },
    #[error("{id} is listed twice")]
    Twice { id: String },
    #[error("no profile {id:?} for agent {agent}")]
    NotStored { id: String, agent: String },
    #[error("{id} is a {stored} profile, not {provider}")]
    OtherProvider {
        id: String,
        stored: String,
        provider: String,
    },
    #[error(
        "{id} is inherited from main; OpenClaw drops inherited ids from {agent}'s own order — use the order for all agents, or set it on main"
    )]
    Inherited { id: String, agent: String },
}
