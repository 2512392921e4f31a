//! A login for an install on another host, one sequence for the window and
//! the CLI: the agent is checked there first, the browser and the loopback
//! listener (or the device code) are here, and the finished login is saved
//! there through that install's own write path — a new login, never a copy
//! of a refresh token that lives somewhere else.

use super::protocol::{AgentFound, LoginStored, Place};
use super::{Host, RemoteError};
use crate::app::AppError;
use crate::app::login::{self, Request, Started};
use crate::error::{Classify, ErrorCode};
use crate::oauth::login::Progress;
use crate::paths::Env;
use crate::providers::LoggedIn;

/// What stopped a login for another host: reaching it, or the login here.
#[derive(Debug, thiserror::Error)]
pub enum RemoteLoginError {
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error(transparent)]
    Login(#[from] AppError),
}

impl Classify for RemoteLoginError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Remote(e) => e.code(),
            Self::Login(e) => e.code(),
        }
    }
}

/// A login begun here for an agent there.
pub struct RemoteLogin {
    /// The agent there, as its install names it.
    pub found: AgentFound,
    /// What the user is shown and can cancel; finished by [`Self::wait`].
    pub started: Started,
    host: Host,
    place: Place,
    profile_id: Option<String>,
}

impl RemoteLogin {
    /// Checks the agent on `host`, then begins the login here (nothing
    /// opens when the agent or the provider is wrong).
    pub fn begin(
        host: Host,
        place: Place,
        env: &Env,
        request: Request<'_>,
    ) -> Result<Self, RemoteLoginError> {
        let found = host.connect()?.agent(&place, request.agent)?;
        let profile_id = request.profile_id.map(str::to_owned);
        let started = login::begin_elsewhere(env, request)?;
        Ok(Self {
            found,
            started,
            host,
            place,
            profile_id,
        })
    }

    /// Waits for the browser's redirect, a pasted one or the device code.
    pub fn wait(
        self,
        env: &Env,
        progress: impl FnMut(Progress),
    ) -> Result<LoggedThere, RemoteLoginError> {
        let logged = self.started.wait(env, progress)?;
        Ok(LoggedThere {
            host: self.host,
            place: self.place,
            agent: self.found.id,
            profile_id: self.profile_id,
            logged,
        })
    }
}

/// A login finished here, to be saved for an agent there.
pub struct LoggedThere {
    pub host: Host,
    place: Place,
    pub agent: String,
    profile_id: Option<String>,
    pub logged: LoggedIn,
}

impl LoggedThere {
    /// Saves it there over a new connection (the one that asked may have
    /// timed out while the browser was open). `replace`: the user confirmed
    /// replacing a profile of another account; without it such a save
    /// answers `needs_confirmation` and writes nothing.
    pub fn save(&self, replace: bool) -> Result<LoginStored, RemoteError> {
        self.host.connect()?.save_login(
            &self.place,
            &self.agent,
            self.profile_id.as_deref(),
            self.logged.clone(),
            replace,
        )
    }
}
