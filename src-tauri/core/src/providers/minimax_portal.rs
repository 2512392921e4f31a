//! MiniMax portal login (`oauth-providers.md` §9): a user code with PKCE
//! and a `state` the server must echo; polled until `status: success`.
//! Global by default; `AUTHTRAY_OAUTH_MINIMAX_PORTAL_BASE_URL` selects
//! another base (China: `https://api.minimaxi.com`).

use super::code_login::{CodeLogin, Wait};
use super::{LoggedIn, WhoLoggedIn};
use crate::oauth::device::{Polled, poll_until};
use crate::oauth::http;
use crate::oauth::login::LoginError;
use crate::oauth::pkce::{Pkce, new_state, states_match};
use crate::oauth::token::error_message;
use crate::paths::Env;
use crate::store::NewCredential;
use crate::time::EpochMs;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

pub const PROVIDER: &str = "minimax-portal";
const BASE: &str = "https://api.minimax.io";
const CLIENT_ID: &str = "78257093-7e40-4613-99e0-527b14b39113";
const SCOPE: &str = "group_id profile model.completion";
const GRANT: &str = "urn:ietf:params:oauth:grant-type:user_code";

/// `expired_in` as epoch ms, whatever unit the server used (§9).
pub fn expiry_ms(raw: f64, now: EpochMs) -> EpochMs {
    if raw >= 1e12 {
        raw as EpochMs
    } else if raw >= 1e9 {
        (raw * 1000.0) as EpochMs
    } else {
        now + (raw * 1000.0) as EpochMs
    }
}

struct MinimaxPortal {
    base: String,
    pkce: Pkce,
    user_code: String,
    verification_uri: String,
    interval_ms: u64,
    deadline: EpochMs,
}

fn request_id() -> String {
    let b = rand::random::<[u8; 16]>();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_str()?.trim().parse().ok())
}

pub fn start(env: &Env) -> Result<Box<dyn CodeLogin>, LoginError> {
    let base = env
        .var("AUTHTRAY_OAUTH_MINIMAX_PORTAL_BASE_URL")
        .unwrap_or(BASE)
        .trim_end_matches('/')
        .to_owned();
    let (pkce, state) = (Pkce::generate(), new_state());
    let rid = request_id();
    let reply = http::post_form_with(
        &format!("{base}/oauth/code"),
        &[
            ("response_type", "code"),
            ("client_id", CLIENT_ID),
            ("scope", SCOPE),
            ("code_challenge", &pkce.challenge),
            ("code_challenge_method", "S256"),
            ("state", &state),
        ],
        &[("x-request-id", &rid)],
    )?;
    if !(200..300).contains(&reply.status) {
        return Err(LoginError::Provider(error_message(
            reply.status,
            &reply.body,
        )));
    }
    let v: Value = serde_json::from_slice(&reply.body)
        .map_err(|_| LoginError::Provider("the user-code reply is not JSON".into()))?;
    if !v["state"].as_str().is_some_and(|s| states_match(&state, s)) {
        return Err(LoginError::Provider(
            "the user-code reply does not carry our state (possible CSRF attack); not shown".into(),
        ));
    }
    let text = |k: &str| v[k].as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    let (Some(code), Some(uri), Some(expired)) = (
        text("user_code"),
        text("verification_uri"),
        number(&v["expired_in"]),
    ) else {
        return Err(LoginError::Provider(
            "the user-code reply lacks user_code, verification_uri or expired_in".into(),
        ));
    };
    Ok(Box::new(MinimaxPortal {
        base,
        pkce,
        user_code: code,
        verification_uri: uri,
        interval_ms: number(&v["interval"]).map_or(2000, |i| i.max(0.0) as u64),
        deadline: expiry_ms(expired, crate::time::now_ms()),
    }))
}

impl CodeLogin for MinimaxPortal {
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
        // MiniMax wants a pause before the first poll, and 2 s at least between polls.
        let left = u64::try_from(self.deadline - now()).unwrap_or(0);
        let deadline = Instant::now() + Duration::from_millis(left);
        let first = Duration::from_millis(self.interval_ms);
        let interval = Duration::from_millis(self.interval_ms.max(2000));
        poll_until(interval, deadline, Some(first), wait, || {
            let rid = request_id();
            let reply = http::post_form_with(
                &format!("{}/oauth/token", self.base),
                &[
                    ("grant_type", GRANT),
                    ("client_id", CLIENT_ID),
                    ("user_code", &self.user_code),
                    ("code_verifier", self.pkce.verifier.expose()),
                ],
                &[("x-request-id", &rid)],
            )?;
            let v: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
            if !(200..300).contains(&reply.status) {
                return Err(LoginError::Provider(
                    v["base_resp"]["status_msg"]
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| error_message(reply.status, &reply.body)),
                ));
            }
            match v["status"].as_str() {
                Some("success") => saved(&v, now()).map(Polled::Done),
                Some("error") => Err(LoginError::Denied(
                    v["base_resp"]["status_msg"]
                        .as_str()
                        .unwrap_or("MiniMax refused the login")
                        .to_owned(),
                )),
                _ => Ok(Polled::Pending),
            }
        })
    }
}

fn saved(v: &Value, now: EpochMs) -> Result<LoggedIn, LoginError> {
    let text = |k: &str| v[k].as_str().filter(|s| !s.is_empty());
    let (Some(access), Some(refresh), Some(expired)) = (
        text("access_token"),
        text("refresh_token"),
        number(&v["expired_in"]),
    ) else {
        return Err(LoginError::Provider(
            "MiniMax's reply lacks access_token, refresh_token or expired_in".into(),
        ));
    };
    Ok(LoggedIn {
        profile_id: format!("{PROVIDER}:default"),
        credential: NewCredential::new(
            json!({"type": "oauth", "provider": PROVIDER, "access": access, "refresh": refresh, "expires": expiry_ms(expired, now)}),
        ),
        who: WhoLoggedIn::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_in_is_stored_as_epoch_ms_whatever_its_unit() {
        let now = 1_790_000_000_000;
        assert_eq!(expiry_ms(1_790_000_600_000.0, now), 1_790_000_600_000);
        assert_eq!(expiry_ms(1_790_000_600.0, now), 1_790_000_600_000);
        assert_eq!(expiry_ms(600.0, now), now + 600_000);
    }
}
