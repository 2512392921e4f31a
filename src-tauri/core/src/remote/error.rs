//! What can go wrong reaching an install on another host, in words that
//! say what to do; each maps to one of the wire's error codes.

use super::REMOTE_CLI;
use crate::error::{Classify, ErrorCode, Failure};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RemoteError {
    #[error("{0:?} is not a host ssh can be asked for (no spaces, not starting with '-')")]
    BadHost(String),
    #[error(
        "the host key of {host} {}; nothing was sent. Check the key (for example with `ssh {host}`) and update ~/.ssh/known_hosts — Authtray never accepts host keys itself",
        if *changed { "has CHANGED since you last connected (someone may be intercepting)" } else { "is not known yet" }
    )]
    HostKey { host: String, changed: bool },
    #[error(
        "{host} refused the login ({detail}); Authtray connects as `ssh {host}` does, without asking for passwords: add your key to ssh-agent or ~/.ssh/config"
    )]
    Auth { host: String, detail: String },
    #[error("cannot reach {host}: {detail}")]
    Unreachable { host: String, detail: String },
    #[error(
        "{host} has no authtray-cli; install this build there with `authtray-cli --host {host} --install-cli` (or the window's Install)"
    )]
    NotInstalled { host: String },
    #[error(
        "the authtray-cli on {host} is too old to serve (no `serve --stdio`); install this build there with `authtray-cli --host {host} --install-cli`"
    )]
    Outdated { host: String },
    #[error(
        "the authtray-cli on {host} ({version}) speaks protocol {theirs}, this one {ours}; install this build there with `authtray-cli --host {host} --install-cli`"
    )]
    Incompatible {
        host: String,
        version: String,
        theirs: u32,
        ours: u32,
    },
    #[error(
        "{host} is {remote}, this build is for {local}: copy an authtray-cli built for {remote} to ~/{REMOTE_CLI} there, or put one on its PATH"
    )]
    Architecture {
        host: String,
        remote: String,
        local: String,
    },
    #[error(
        "the connection to {host} dropped during the request; it may or may not have finished there — check with `authtray-cli --host {host} status`{}",
        detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
    )]
    Dropped {
        host: String,
        detail: Option<String>,
    },
    #[error("{host} did not answer as authtray-cli serve: {detail}")]
    Protocol { host: String, detail: String },
    #[error("cannot run {program}: {detail}")]
    Spawn { program: String, detail: String },
    /// An error the far side reported, as it classified it.
    #[error("on {host}: {failure}")]
    Far { host: String, failure: Failure },
}

impl Classify for RemoteError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::BadHost(_) | Self::Architecture { .. } => ErrorCode::InvalidInput,
            Self::NotInstalled { .. } | Self::Outdated { .. } | Self::Incompatible { .. } => {
                ErrorCode::NotFound
            }
            Self::HostKey { .. }
            | Self::Auth { .. }
            | Self::Unreachable { .. }
            | Self::Dropped { .. }
            | Self::Spawn { .. } => ErrorCode::Unavailable,
            Self::Protocol { .. } => ErrorCode::Internal,
            Self::Far { failure, .. } => failure.code,
        }
    }
}
