//! GitHub Copilot: an RFC 8628 device login with GitHub's Copilot client
//! (`oauth-providers.md` §7). The GitHub token is kept as a `token` profile
//! `github-copilot:github` (no expiry; OpenClaw exchanges it for a Copilot
//! token per request).

use super::code_login::{CodeLogin, Wait};
use super::{LoggedIn, WhoLoggedIn};
use crate::oauth::device::{self, DeviceCode, DeviceLogin};
use crate::oauth::login::LoginError;
use crate::paths::Env;
use crate::store::NewCredential;
use crate::time::EpochMs;
use serde_json::json;

pub const PROVIDER: &str = "github-copilot";

/// The device login, with the `AUTHTRAY_OAUTH_GITHUB_COPILOT_…` overrides.
pub fn device_login(env: &Env) -> DeviceLogin {
    super::overrides::device_login(
        DeviceLogin {
            provider: PROVIDER,
            client_id: "Iv1.b507a08c87ecfe98".into(),
            code_url: "https://github.com/login/device/code".into(),
            token_url: "https://github.com/login/oauth/access_token".into(),
            scope: "read:user",
            expected_verification_uri: Some("https://github.com/login/device"),
        },
        env,
    )
}

struct GithubDevice {
    login: DeviceLogin,
    code: DeviceCode,
}

pub fn start(env: &Env) -> Result<Box<dyn CodeLogin>, LoginError> {
    let login = device_login(env);
    let code = device::request_code(&login)?;
    Ok(Box::new(GithubDevice { login, code }))
}

impl CodeLogin for GithubDevice {
    fn user_code(&self) -> &str {
        &self.code.user_code
    }
    fn verification_uri(&self) -> &str {
        &self.code.verification_uri
    }
    fn finish(
        self: Box<Self>,
        wait: Wait<'_>,
        _now: fn() -> EpochMs,
    ) -> Result<LoggedIn, LoginError> {
        let token = device::poll(&self.login, &self.code, wait)?;
        Ok(LoggedIn {
            profile_id: format!("{PROVIDER}:github"),
            credential: NewCredential::new(
                json!({"type": "token", "provider": PROVIDER, "token": token.expose()}),
            ),
            who: WhoLoggedIn::default(),
        })
    }
}
