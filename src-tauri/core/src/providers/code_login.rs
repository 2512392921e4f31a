//! Logins where the user types a code shown here into the provider's page:
//! GitHub Copilot (RFC 8628), OpenAI Codex device auth (§4.7) and the
//! MiniMax portal (§9). One shape for the CLI and the window: show
//! `user_code` and `verification_uri`, then `finish` polls until approved.

use super::WhoLoggedIn;
use crate::paths::Env;
use crate::time::EpochMs;
use serde_json::Value;
use std::time::Duration;

/// What a code login saves: profile id, credential, who logged in.
pub type Saved = (String, Value, WhoLoggedIn);

/// `wait(d)` sleeps `d`; returning false cancels the login.
pub type Wait<'a> = &'a mut dyn FnMut(Duration) -> bool;

pub trait CodeLogin: Send {
    fn user_code(&self) -> &str;
    fn verification_uri(&self) -> &str;
    /// Polls until the user approves, then builds the credential.
    fn finish(self: Box<Self>, wait: Wait<'_>, now: fn() -> EpochMs) -> Result<Saved, String>;
}

/// Starts the code login of `provider` (asks the provider for a code), or
/// `None` when the provider has none.
pub fn start(provider: &str, env: &Env) -> Option<Result<Box<dyn CodeLogin>, String>> {
    match provider {
        "github-copilot" => {
            let login = super::registry::device_login(provider, env)?;
            Some(GithubDevice::start(login))
        }
        super::openai_codex::PROVIDER => Some(super::openai_codex_device::start(env)),
        super::minimax_portal::PROVIDER => Some(super::minimax_portal::start(env)),
        _ => None,
    }
}

struct GithubDevice {
    login: crate::oauth::device::DeviceLogin,
    code: crate::oauth::device::DeviceCode,
}

impl GithubDevice {
    fn start(login: crate::oauth::device::DeviceLogin) -> Result<Box<dyn CodeLogin>, String> {
        let code = crate::oauth::device::request_code(&login).map_err(|e| e.to_string())?;
        Ok(Box::new(Self { login, code }))
    }
}

impl CodeLogin for GithubDevice {
    fn user_code(&self) -> &str {
        &self.code.user_code
    }
    fn verification_uri(&self) -> &str {
        &self.code.verification_uri
    }
    fn finish(self: Box<Self>, wait: Wait<'_>, _now: fn() -> EpochMs) -> Result<Saved, String> {
        let token =
            crate::oauth::device::poll(&self.login, &self.code, wait).map_err(|e| e.to_string())?;
        let (id, credential) = super::credential_from_device(self.login.provider, &token)?;
        Ok((id, credential, WhoLoggedIn::default()))
    }
}
