//! One browser login attempt (`oauth-providers.md` §1–3): PKCE and state,
//! the loopback listener bound before the browser opens, the callback raced
//! by pastes (first valid wins), then the token exchange. No state check
//! passes, no token request is made.

use super::callback::{self, BindError, CallbackConfig, Canceller, Outcome};
use super::client::{RedirectLogin, TokenEncoding, authorize_url};
use super::http::{self, HttpError};
use super::paste::{self, PasteError};
use super::pkce::{Pkce, new_state};
use super::token::{Tokens, error_message, parse_tokens};
use crate::secret::Secret;
use serde_json::json;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("the login was cancelled")]
    Cancelled,
    #[error("no answer from the browser within {0} minutes; start the login again")]
    TimedOut(u64),
    #[error("the provider refused the login: {0}")]
    Denied(String),
    #[error("the token exchange failed: {0}")]
    Exchange(String),
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error(transparent)]
    Bind(#[from] BindError),
    /// The provider needs something from the user first (Chutes: a client id).
    #[error("{0}")]
    Setup(&'static str),
    #[error("the code expired before it was approved; start the login again")]
    CodeExpired,
    /// The provider answered in a way that ends the login (what it said).
    #[error("{0}")]
    Provider(String),
}

impl From<super::device::DeviceError> for LoginError {
    fn from(e: super::device::DeviceError) -> Self {
        use super::device::DeviceError;
        match e {
            DeviceError::Expired => Self::CodeExpired,
            DeviceError::Cancelled => Self::Cancelled,
            DeviceError::Denied => Self::Denied("cancelled on the provider's page".into()),
            DeviceError::Suspicious | DeviceError::Failed(_) => Self::Provider(e.to_string()),
        }
    }
}

/// Progress a surface shows while it waits.
#[derive(Debug, PartialEq, Eq)]
pub enum Progress {
    /// A paste was not accepted; the attempt goes on.
    PasteRejected(PasteError),
    Exchanging,
}

enum Input {
    Callback(Outcome),
    Paste(String),
    Cancel,
}

/// Feeds pasted text into a running attempt (from a UI or stdin).
#[derive(Clone)]
pub struct PasteBox(Sender<Input>);

impl PasteBox {
    pub fn paste(&self, text: impl Into<String>) {
        let _ = self.0.send(Input::Paste(text.into()));
    }
    pub fn cancel(&self) {
        let _ = self.0.send(Input::Cancel);
    }
}

/// A started attempt: the URL to open and the ways to answer it.
pub struct Attempt {
    login: RedirectLogin,
    pkce: Pkce,
    state: String,
    redirect_uri: String,
    /// `None` when every port was busy: paste only.
    listening: Option<(u16, Canceller)>,
    busy: Option<String>,
    inputs: Sender<Input>,
    events: Receiver<Input>,
    timeout: Duration,
}

impl Attempt {
    /// Binds the listener (or falls back to paste-only) and prepares the URL.
    pub fn start(login: RedirectLogin, timeout: Duration) -> Result<Self, LoginError> {
        if login.client_id.is_empty() {
            return Err(LoginError::Setup(
                login
                    .missing_client
                    .unwrap_or("no OAuth client id is configured"),
            ));
        }
        let pkce = Pkce::generate();
        let state = if login.state_is_verifier {
            pkce.verifier.expose().to_owned()
        } else {
            new_state()
        };
        let (inputs, events) = channel();
        let config = CallbackConfig {
            ports: login.ports.clone(),
            path: login.path.clone(),
            expected_state: state.clone(),
            timeout,
        };
        let (redirect_uri, listening, busy) = match callback::listen(config) {
            Ok(cb) => {
                let uri = cb.redirect_uri(&login.host);
                let (port, canceller) = (cb.port(), cb.canceller());
                let tx = inputs.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(Input::Callback(cb.wait()));
                });
                (uri, Some((port, canceller)), None)
            }
            Err(BindError::Busy { ports }) => {
                let port = ports.first().copied().unwrap_or(0);
                let note = BindError::Busy { ports }.to_string();
                (
                    format!("http://{}:{port}{}", login.host, login.path),
                    None,
                    Some(note),
                )
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Self {
            login,
            pkce,
            state,
            redirect_uri,
            listening,
            busy,
            inputs,
            events,
            timeout,
        })
    }

    pub fn authorize_url(&self) -> String {
        authorize_url(
            &self.login,
            &self.redirect_uri,
            &self.pkce.challenge,
            &self.state,
        )
    }

    /// The port the callback listens on; `None` in paste-only mode.
    pub fn port(&self) -> Option<u16> {
        self.listening.as_ref().map(|(p, _)| *p)
    }

    /// Why the callback could not listen, when it could not.
    pub fn busy_note(&self) -> Option<&str> {
        self.busy.as_deref()
    }

    pub fn paste_box(&self) -> PasteBox {
        PasteBox(self.inputs.clone())
    }

    /// Waits for the callback or a valid paste, then exchanges the code.
    pub fn finish(self, mut progress: impl FnMut(Progress)) -> Result<Tokens, LoginError> {
        let deadline = Instant::now() + self.timeout;
        let stop_listening = || {
            if let Some((_, c)) = &self.listening {
                c.cancel();
            }
        };
        let code = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Input::Callback(Outcome::Code { code, .. })) => break code,
                Ok(Input::Callback(Outcome::Denied { error })) => {
                    return Err(LoginError::Denied(error));
                }
                Ok(Input::Callback(Outcome::TimedOut)) | Err(RecvTimeoutError::Timeout) => {
                    stop_listening();
                    return Err(LoginError::TimedOut(self.timeout.as_secs().div_ceil(60)));
                }
                Ok(Input::Callback(Outcome::Cancelled))
                | Ok(Input::Cancel)
                | Err(RecvTimeoutError::Disconnected) => {
                    stop_listening();
                    return Err(LoginError::Cancelled);
                }
                Ok(Input::Paste(text)) => match paste::accept(&text, &self.state, self.login.paste)
                {
                    Ok((code, _)) => {
                        stop_listening();
                        break code;
                    }
                    Err(PasteError::Denied(e)) => {
                        stop_listening();
                        return Err(LoginError::Denied(e));
                    }
                    Err(e) => progress(Progress::PasteRejected(e)),
                },
            }
        };
        progress(Progress::Exchanging);
        exchange(
            &self.login,
            &code,
            &self.pkce.verifier,
            &self.state,
            &self.redirect_uri,
        )
    }
}

/// `grant_type=authorization_code` with the verifier and the same
/// `redirect_uri` (form for Codex, JSON with `state` for Anthropic).
fn exchange(
    login: &RedirectLogin,
    code: &Secret,
    verifier: &Secret,
    state: &str,
    redirect_uri: &str,
) -> Result<Tokens, LoginError> {
    let reply = match login.encoding {
        TokenEncoding::Form => {
            let mut form = vec![
                ("grant_type", "authorization_code"),
                ("client_id", login.client_id.as_str()),
                ("code", code.expose()),
                ("code_verifier", verifier.expose()),
                ("redirect_uri", redirect_uri),
            ];
            if let Some(secret) = &login.client_secret {
                form.push(("client_secret", secret));
            }
            http::post_form(&login.token_url, &form)?
        }
        TokenEncoding::Json => http::post_json(
            &login.token_url,
            &json!({
                "grant_type": "authorization_code",
                "client_id": login.client_id,
                "code": code.expose(),
                "state": state,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier.expose(),
            }),
        )?,
    };
    if !(200..300).contains(&reply.status) {
        return Err(LoginError::Exchange(error_message(
            reply.status,
            &reply.body,
        )));
    }
    let tokens = parse_tokens(&reply.body).map_err(|e| LoginError::Exchange(e.to_string()))?;
    if login.require_refresh && tokens.refresh.is_none() {
        return Err(LoginError::Exchange(
            "no refresh token was received; please try again".into(),
        ));
    }
    Ok(tokens)
}

impl crate::error::Classify for LoginError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Cancelled => crate::error::ErrorCode::NotFound,
            Self::TimedOut(_) | Self::CodeExpired => crate::error::ErrorCode::NotFound,
            Self::Denied(_) | Self::Exchange(_) | Self::Provider(_) => {
                crate::error::ErrorCode::Unavailable
            }
            Self::Http(e) => e.code(),
            Self::Bind(e) => e.code(),
            Self::Setup(_) => crate::error::ErrorCode::InvalidInput,
        }
    }
}
