//! Device-code logins (RFC 8628; `oauth-providers.md` §7.1): ask for a user
//! code, show it with the verification page, poll until the user approves —
//! first poll at once, `authorization_pending` waits the interval,
//! `slow_down` lengthens it, and the code's lifetime bounds the whole wait.

use super::http;
use super::token::error_message;
use crate::secret::Secret;
use serde_json::Value;
use std::time::{Duration, Instant};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceLogin {
    pub provider: &'static str,
    pub client_id: String,
    pub code_url: String,
    pub token_url: String,
    pub scope: &'static str,
    /// The only verification page shown to the user (None: any, for overrides).
    pub expected_verification_uri: Option<&'static str>,
}

/// What the user must do: open `verification_uri`, enter `user_code`.
#[derive(Debug)]
pub struct DeviceCode {
    pub user_code: String,
    pub verification_uri: String,
    device_code: Secret,
    interval: Duration,
    lifetime: Duration,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    #[error("the device code expired before it was approved; start the login again")]
    Expired,
    #[error("the login was cancelled on the provider's page")]
    Denied,
    #[error("the login was cancelled")]
    Cancelled,
    #[error("the provider sent an unexpected verification page or code; not shown for your safety")]
    Suspicious,
    #[error("{0}")]
    Failed(String),
}

impl From<http::HttpError> for DeviceError {
    fn from(e: http::HttpError) -> Self {
        Self::Failed(e.to_string())
    }
}

fn field<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn seconds(v: &Value, k: &str) -> Option<Duration> {
    v.get(k)
        .and_then(|x| x.as_f64().or_else(|| x.as_str()?.parse().ok()))
        .filter(|s| *s >= 0.0)
        .map(Duration::from_secs_f64)
}

/// Step 1: a user code and where to enter it.
pub fn request_code(login: &DeviceLogin) -> Result<DeviceCode, DeviceError> {
    let reply = http::post_form(
        &login.code_url,
        &[("client_id", &login.client_id), ("scope", login.scope)],
    )?;
    if !(200..300).contains(&reply.status) {
        return Err(DeviceError::Failed(error_message(
            reply.status,
            &reply.body,
        )));
    }
    let v: Value = serde_json::from_slice(&reply.body)
        .map_err(|_| DeviceError::Failed("the device-code reply is not JSON".into()))?;
    let missing = || {
        DeviceError::Failed(
            "the device-code reply lacks device_code, user_code or verification_uri".into(),
        )
    };
    let (device_code, user_code, uri) = (
        field(&v, "device_code").ok_or_else(missing)?,
        field(&v, "user_code").ok_or_else(missing)?,
        field(&v, "verification_uri").ok_or_else(missing)?,
    );
    let code_ok = (1..=64).contains(&user_code.len())
        && user_code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !code_ok || login.expected_verification_uri.is_some_and(|e| e != uri) {
        return Err(DeviceError::Suspicious);
    }
    Ok(DeviceCode {
        user_code: user_code.to_owned(),
        verification_uri: uri.to_owned(),
        device_code: Secret::new(device_code),
        interval: seconds(&v, "interval")
            .unwrap_or(Duration::from_secs(5))
            .max(Duration::from_secs(1)),
        lifetime: seconds(&v, "expires_in").unwrap_or(Duration::from_secs(900)),
    })
}

/// One poll's answer.
#[derive(Debug)]
pub enum Polled<T> {
    /// Approved: what the provider sent.
    Done(T),
    /// Not yet (`authorization_pending`, or the provider's way of saying so).
    Pending,
    /// `slow_down`: wait longer (the server's new interval, when it sent one).
    SlowDown(Option<Duration>),
}

/// The one device-code wait every code login uses (RFC 8628 §3.5): `ask`
/// at once (after `first_wait` where the provider wants a pause first),
/// then every `interval`, lengthened by `slow_down` (to the server's
/// interval, or by 5 s); `Expired` when the next poll would come after
/// `deadline`, `Cancelled` when `wait` says so.
pub fn poll_until<T, E: From<DeviceError>>(
    mut interval: Duration,
    deadline: Instant,
    first_wait: Option<Duration>,
    mut wait: impl FnMut(Duration) -> bool,
    mut ask: impl FnMut() -> Result<Polled<T>, E>,
) -> Result<T, E> {
    if let Some(first) = first_wait
        && !wait(first)
    {
        return Err(DeviceError::Cancelled.into());
    }
    loop {
        if Instant::now() >= deadline {
            return Err(DeviceError::Expired.into());
        }
        match ask()? {
            Polled::Done(answer) => return Ok(answer),
            Polled::Pending => {}
            Polled::SlowDown(asked) => {
                interval = asked
                    .filter(|i| *i > interval)
                    .unwrap_or(interval + Duration::from_secs(5))
            }
        }
        if Instant::now() + interval > deadline {
            return Err(DeviceError::Expired.into());
        }
        if !wait(interval) {
            return Err(DeviceError::Cancelled.into());
        }
    }
}

/// Step 2: polls until approved; `wait` sleeps (and may return false to cancel).
pub fn poll(
    login: &DeviceLogin,
    code: &DeviceCode,
    wait: impl FnMut(Duration) -> bool,
) -> Result<Secret, DeviceError> {
    let deadline = Instant::now() + code.lifetime;
    poll_until(code.interval, deadline, None, wait, || {
        let reply = http::post_form(
            &login.token_url,
            &[
                ("client_id", &login.client_id),
                ("device_code", code.device_code.expose()),
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ],
        )?;
        let v: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
        if let Some(token) =
            field(&v, "access_token").filter(|_| (200..300).contains(&reply.status))
        {
            return Ok(Polled::Done(Secret::new(token)));
        }
        match field(&v, "error") {
            Some("authorization_pending") => Ok(Polled::Pending),
            Some("slow_down") => Ok(Polled::SlowDown(seconds(&v, "interval"))),
            Some("expired_token") => Err(DeviceError::Expired),
            Some("access_denied") => Err(DeviceError::Denied),
            _ => Err(DeviceError::Failed(error_message(
                reply.status,
                &reply.body,
            ))),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    /// A provider that answers each request with the next canned JSON body.
    fn provider(
        replies: Vec<(u16, &'static str)>,
    ) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for (stream, (status, body)) in listener.incoming().flatten().zip(replies) {
                let mut r = BufReader::new(stream.try_clone().unwrap());
                let (mut len, mut first) = (0, String::new());
                r.read_line(&mut first).unwrap();
                loop {
                    let mut l = String::new();
                    r.read_line(&mut l).unwrap();
                    if l == "\r\n" {
                        break;
                    }
                    if let Some(v) = l.to_ascii_lowercase().strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap();
                    }
                }
                let mut b = vec![0; len];
                r.read_exact(&mut b).unwrap();
                log.lock().unwrap().push(format!(
                    "{} {}",
                    first.trim(),
                    String::from_utf8_lossy(&b)
                ));
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        (base, seen)
    }

    fn login(base: &str) -> DeviceLogin {
        DeviceLogin {
            provider: "github-copilot",
            client_id: "Iv1.b507a08c87ecfe98".into(),
            code_url: format!("{base}/login/device/code"),
            token_url: format!("{base}/login/oauth/access_token"),
            scope: "read:user",
            expected_verification_uri: Some("https://github.com/login/device"),
        }
    }

    const CODE: &str = r#"{"device_code":"dc","user_code":"ABCD-1234","verification_uri":"https://github.com/login/device","interval":2,"expires_in":900}"#;

    #[test]
    fn polls_at_once_then_honours_pending_and_slow_down() {
        let (base, seen) = provider(vec![
            (200, CODE),
            (200, r#"{"error":"authorization_pending"}"#),
            (200, r#"{"error":"slow_down","interval":7}"#),
            (200, r#"{"error":"authorization_pending"}"#),
            (200, r#"{"access_token":"ghu_token","token_type":"bearer"}"#),
        ]);
        let l = login(&base);
        let code = request_code(&l).unwrap();
        assert_eq!(
            (code.user_code.as_str(), code.verification_uri.as_str()),
            ("ABCD-1234", "https://github.com/login/device")
        );
        let mut waits = Vec::new();
        let token = poll(&l, &code, |d| {
            waits.push(d.as_secs());
            true
        })
        .unwrap();
        assert_eq!(token.expose(), "ghu_token");
        assert_eq!(
            waits,
            [2, 7, 7],
            "first poll immediate, then the interval, slowed down to the server's"
        );
        let requests = seen.lock().unwrap();
        assert!(
            requests[1]
                .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"),
            "{}",
            requests[1]
        );
        assert!(requests[1].contains("device_code=dc"));
    }

    #[test]
    fn expiry_denial_and_suspicious_codes() {
        let (base, _) = provider(vec![(200, CODE), (200, r#"{"error":"expired_token"}"#)]);
        let l = login(&base);
        assert_eq!(
            poll(&l, &request_code(&l).unwrap(), |_| true).unwrap_err(),
            DeviceError::Expired
        );
        let (base, _) = provider(vec![(200, CODE), (200, r#"{"error":"access_denied"}"#)]);
        let l = login(&base);
        assert_eq!(
            poll(&l, &request_code(&l).unwrap(), |_| true).unwrap_err(),
            DeviceError::Denied
        );
        let (base, _) = provider(vec![(
            200,
            r#"{"device_code":"d","user_code":"X","verification_uri":"https://evil.example/device"}"#,
        )]);
        assert_eq!(
            request_code(&login(&base)).unwrap_err(),
            DeviceError::Suspicious
        );
        let (base, _) = provider(vec![
            (200, CODE),
            (200, r#"{"error":"authorization_pending"}"#),
        ]);
        let l = login(&base);
        assert_eq!(
            poll(&l, &request_code(&l).unwrap(), |_| false).unwrap_err(),
            DeviceError::Cancelled,
            "cancel while waiting"
        );
    }
}
