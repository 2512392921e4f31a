//! OpenAI Codex device auth (`oauth-providers.md` §4.7): a user code from
//! OpenAI, approved at auth.openai.com/codex/device; the poll returns an
//! authorization code and the PKCE pair the server made, exchanged as in §4.4.
//! Endpoints: `AUTHTRAY_OAUTH_OPENAI_CODEX_DEVICE_URL` (the
//! `…/api/accounts/deviceauth` base) and `…_TOKEN_URL`, `…_CLIENT_ID`.

use super::LoggedIn;
use super::code_login::{CodeLogin, Wait};
use crate::oauth::device::{Polled, poll_until};
use crate::oauth::http;
use crate::oauth::login::LoginError;
use crate::oauth::token::{error_message, parse_tokens};
use crate::paths::Env;
use crate::secret::Secret;
use crate::time::EpochMs;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const DEVICE_BASE: &str = "https://auth.openai.com/api/accounts/deviceauth";
const VERIFY: &str = "https://auth.openai.com/codex/device";
const CALLBACK: &str = "https://auth.openai.com/deviceauth/callback";
const LIFETIME: Duration = Duration::from_secs(15 * 60);
const HEADERS: [(&str, &str); 1] = [("originator", "openclaw")];

struct CodexDevice {
    base: String,
    token_url: String,
    client_id: String,
    device_auth_id: Secret,
    user_code: String,
    verification_uri: String,
    interval: Duration,
}

pub fn start(env: &Env) -> Result<Box<dyn CodeLogin>, LoginError> {
    let login = super::get(super::openai_codex::PROVIDER)
        .and_then(|p| p.browser_client(env))
        .expect("codex has a browser client");
    let failed = |m: &str| LoginError::Provider(m.to_owned());
    let overridden = env.var("AUTHTRAY_OAUTH_OPENAI_CODEX_DEVICE_URL");
    let base = overridden
        .unwrap_or(DEVICE_BASE)
        .trim_end_matches('/')
        .to_owned();
    let reply = http::post_json_with(
        &format!("{base}/usercode"),
        &json!({"client_id": login.client_id}),
        &HEADERS,
    )?;
    if reply.status == 404 {
        return Err(failed(
            "device code login is not enabled for this OpenAI account or client; use the browser login",
        ));
    }
    if !(200..300).contains(&reply.status) {
        return Err(LoginError::Provider(error_message(
            reply.status,
            &reply.body,
        )));
    }
    let v: Value = serde_json::from_slice(&reply.body)
        .map_err(|_| failed("the device-code reply is not JSON"))?;
    let text = |k: &str| v[k].as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    let (Some(id), Some(code)) = (
        text("device_auth_id"),
        text("user_code").or_else(|| text("usercode")),
    ) else {
        return Err(failed(
            "the device-code reply lacks device_auth_id or user_code",
        ));
    };
    if !(1..=64).contains(&code.len())
        || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(failed(
            "the provider sent an unexpected code; not shown for your safety",
        ));
    }
    let interval = v["interval"]
        .as_f64()
        .or_else(|| v["interval"].as_str()?.trim().parse().ok())
        .unwrap_or(5.0)
        .max(1.0);
    Ok(Box::new(CodexDevice {
        base,
        token_url: login.token_url,
        client_id: login.client_id,
        device_auth_id: Secret::new(id),
        user_code: code,
        // An overridden server (self-hosted, tests) names its own page.
        verification_uri: match overridden {
            Some(_) => text("verification_uri").unwrap_or_else(|| VERIFY.into()),
            None => VERIFY.into(),
        },
        interval: Duration::from_secs_f64(interval),
    }))
}

impl CodeLogin for CodexDevice {
    fn user_code(&self) -> &str {
        &self.user_code
    }
    fn verification_uri(&self) -> &str {
        &self.verification_uri
    }
    fn finish(
        self: Box<Self>,
        wait: Wait<'_>,
        now: fn() -> EpochMs,
    ) -> Result<LoggedIn, LoginError> {
        let failed = |m: &str| LoginError::Provider(m.to_owned());
        let deadline = Instant::now() + LIFETIME;
        let approved = poll_until(self.interval, deadline, None, wait, || {
            let reply = http::post_json_with(
                &format!("{}/token", self.base),
                &json!({"device_auth_id": self.device_auth_id.expose(), "user_code": self.user_code}),
                &HEADERS,
            )?;
            match reply.status {
                200..=299 => serde_json::from_slice::<Value>(&reply.body)
                    .map(Polled::Done)
                    .map_err(|_| failed("the approval reply is not JSON")),
                // Not approved yet.
                403 | 404 => Ok(Polled::Pending),
                status => Err(LoginError::Provider(error_message(status, &reply.body))),
            }
        })?;
        let (Some(code), Some(verifier)) = (
            approved["authorization_code"].as_str(),
            approved["code_verifier"].as_str(),
        ) else {
            return Err(failed(
                "the approval lacks authorization_code or code_verifier",
            ));
        };
        let reply = http::post_form(
            &self.token_url,
            &[
                ("grant_type", "authorization_code"),
                ("client_id", &self.client_id),
                ("code", code),
                ("code_verifier", verifier),
                ("redirect_uri", CALLBACK),
            ],
        )?;
        if !(200..300).contains(&reply.status) {
            return Err(LoginError::Exchange(error_message(
                reply.status,
                &reply.body,
            )));
        }
        let tokens = parse_tokens(&reply.body).map_err(|e| LoginError::Exchange(e.to_string()))?;
        super::openai_codex::from_tokens(&tokens, now())
    }
}
