//! Logins where the user types a code shown here into the provider's page:
//! GitHub Copilot (RFC 8628), OpenAI Codex device auth (§4.7) and the
//! MiniMax portal (§9). One shape for the CLI and the window: show
//! `user_code` and `verification_uri`, then `finish` polls until approved.

use super::LoggedIn;
use crate::oauth::login::LoginError;
use crate::time::EpochMs;
use std::time::Duration;

/// `wait(d)` sleeps `d`; returning false cancels the login.
pub type Wait<'a> = &'a mut dyn FnMut(Duration) -> bool;

pub trait CodeLogin: Send {
    fn user_code(&self) -> &str;
    fn verification_uri(&self) -> &str;
    /// Polls until the user approves, then builds the credential.
    fn finish(
        self: Box<Self>,
        wait: Wait<'_>,
        now: fn() -> EpochMs,
    ) -> Result<LoggedIn, LoginError>;
}
