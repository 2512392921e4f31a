//! The loopback callback server (RFC 8252 §7.3, `oauth-providers.md` §2.2):
//! bound to 127.0.0.1 (and [::1] when possible) before the browser opens;
//! only the exact callback path answers; a wrong or missing `state` is
//! refused without ending the attempt and never yields a code; requests are
//! bounded in size and time; the first valid callback ends it, and the
//! listener closes on success, error, timeout and cancel.

use super::pkce::states_match;
use crate::secret::Secret;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// Largest request head accepted (a callback URL is far smaller).
pub const MAX_REQUEST_BYTES: usize = 8 * 1024;
/// How long a connection may take to send its request.
pub const READ_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a login waits for the browser by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5 * 60);

#[derive(Clone, Debug)]
pub struct CallbackConfig {
    /// Ports to try in order (the provider's registered one, then its
    /// fallback); `[0]` for an ephemeral port.
    pub ports: Vec<u16>,
    /// The registered callback path, e.g. `/auth/callback`.
    pub path: String,
    pub expected_state: String,
    pub timeout: Duration,
}

/// How an attempt ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Code {
        code: Secret,
        state: String,
    },
    /// The provider redirected with `error=` (`access_denied`: the user said no).
    Denied {
        error: String,
    },
    TimedOut,
    Cancelled,
}

#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error("port{} {} on 127.0.0.1 {} in use by {}; finish with the paste box instead", if .ports.len() > 1 { "s" } else { "" }, join(.ports), if .ports.len() > 1 { "are" } else { "is" }, holder(.ports))]
    Busy { ports: Vec<u16> },
    #[error("cannot listen for the login callback: {0}")]
    Io(#[from] io::Error),
}

/// The programs holding `ports`, by name where they can be seen.
fn holder(ports: &[u16]) -> String {
    let mut names: Vec<String> = ports
        .iter()
        .filter_map(|p| super::port_owner::port_owner(*p))
        .collect();
    names.dedup();
    if names.is_empty() {
        "another program".into()
    } else {
        names.join(" and ")
    }
}

fn join(ports: &[u16]) -> String {
    ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(" and ")
}

enum Event {
    Connection(TcpStream),
    Cancel,
}

/// Cancels a waiting attempt (from another thread, the UI, app exit).
#[derive(Clone, Debug)]
pub struct Canceller(Sender<Event>);

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Connection(_) => "Connection",
            Self::Cancel => "Cancel",
        })
    }
}

impl Canceller {
    pub fn cancel(&self) {
        let _ = self.0.send(Event::Cancel);
    }
}

/// A bound callback listener.
pub struct Callback {
    port: u16,
    addrs: Vec<SocketAddr>,
    events: Receiver<Event>,
    sender: Sender<Event>,
    stop: Arc<AtomicBool>,
    config: CallbackConfig,
}

impl Callback {
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://localhost:<port><path>` — what the authorize and token
    /// requests must both carry, byte for byte.
    pub fn redirect_uri(&self, host: &str) -> String {
        format!("http://{host}:{}{}", self.port, self.config.path)
    }

    pub fn canceller(&self) -> Canceller {
        Canceller(self.sender.clone())
    }

    /// Waits for the first valid callback, an error, the timeout or a cancel.
    pub fn wait(self) -> Outcome {
        let deadline = Instant::now() + self.config.timeout;
        let outcome = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Event::Cancel) => break Outcome::Cancelled,
                Ok(Event::Connection(stream)) => {
                    if let Some(done) = handle(stream, &self.config, self.port) {
                        break done;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break Outcome::TimedOut,
                Err(RecvTimeoutError::Disconnected) => break Outcome::Cancelled,
            }
        };
        self.close();
        outcome
    }

    /// Stops the accept threads; the ports are free when this returns.
    fn close(&self) {
        self.stop.store(true, Ordering::SeqCst);
        for addr in &self.addrs {
            let _ = TcpStream::connect_timeout(addr, Duration::from_millis(200));
        }
    }
}

/// Binds the first free port of `config.ports`. A port held by an earlier
/// Authtray listener is freed with `GET /cancel` and retried (§2.2.12).
pub fn listen(config: CallbackConfig) -> Result<Callback, BindError> {
    let mut busy = Vec::new();
    for &port in &config.ports {
        match bind_loopback(port) {
            Ok(listeners) => return Ok(start(listeners, config)),
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => {
                if cancel_stale_listener(port)
                    && let Some(listeners) = (0..10).find_map(|_| {
                        std::thread::sleep(Duration::from_millis(200));
                        bind_loopback(port).ok()
                    })
                {
                    return Ok(start(listeners, config));
                }
                busy.push(port);
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(BindError::Busy { ports: busy })
}

fn bind_loopback(port: u16) -> io::Result<Vec<TcpListener>> {
    let v4 = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
    let port = v4.local_addr()?.port();
    let mut out = vec![v4];
    if let Ok(v6) = TcpListener::bind((Ipv6Addr::LOCALHOST, port)) {
        out.push(v6);
    }
    Ok(out)
}

/// Asks whatever listens on `port` to cancel, Codex-CLI style; true if it
/// answered like an Authtray (or Codex) listener.
fn cancel_stale_listener(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(300)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
    let _ = write!(
        s,
        "GET /cancel HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    let mut reply = Vec::new();
    let _ = s.take(4096).read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).contains("X-Authtray-Login: cancelled")
}

fn start(listeners: Vec<TcpListener>, config: CallbackConfig) -> Callback {
    let (sender, events) = channel();
    let stop = Arc::new(AtomicBool::new(false));
    let addrs: Vec<SocketAddr> = listeners
        .iter()
        .filter_map(|l| l.local_addr().ok())
        .collect();
    let port = addrs[0].port();
    for listener in listeners {
        let (tx, stop) = (sender.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream
                    && tx.send(Event::Connection(stream)).is_err()
                {
                    break;
                }
            }
        });
    }
    Callback {
        port,
        addrs,
        events,
        sender,
        stop,
        config,
    }
}

const PAGE_DONE: &str = "<!doctype html><meta charset=utf-8><title>Authtray</title><style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:28em;text-align:center}</style><h1>You are signed in</h1><p>You can close this tab and return to Authtray.</p>";
const PAGE_STATE: &str = "<!doctype html><meta charset=utf-8><title>Authtray</title><h1>This link is not for the current login</h1><p>It belongs to an older or another attempt. Go back to Authtray and finish the login from there.</p>";
const PAGE_NO_CODE: &str = "<!doctype html><meta charset=utf-8><title>Authtray</title><h1>No authorization code</h1><p>The provider did not send a code. Try again from Authtray.</p>";
const PAGE_DENIED: &str = "<!doctype html><meta charset=utf-8><title>Authtray</title><h1>Login not completed</h1><p>The provider reported an error. Return to Authtray to see it and try again.</p>";
const PAGE_CANCELLED: &str =
    "<!doctype html><meta charset=utf-8><title>Authtray</title><h1>Login cancelled</h1>";

/// How the server answers one request, and whether it ends the attempt.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub reason: &'static str,
    /// Always one of the static pages: no input is ever reflected.
    pub body: &'static str,
    pub header: Option<&'static str>,
    pub outcome: Option<Outcome>,
}

fn reply(status: u16, reason: &'static str, body: &'static str) -> Answer {
    Answer {
        status,
        reason,
        body,
        header: None,
        outcome: None,
    }
}

/// Judges one request head (request line and headers, without the blank
/// line) against the attempt: pure, so it can be fuzzed.
pub fn answer(head: &str, config: &CallbackConfig, port: u16) -> Answer {
    let mut lines = head.lines();
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let host = lines.find_map(|l| {
        l.split_once(':')
            .filter(|(k, _)| k.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.trim().to_owned())
    });
    let allowed_hosts = [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ];
    if !host.as_ref().is_some_and(|h| allowed_hosts.contains(h)) {
        return reply(400, "Bad Request", "");
    }
    if method != "GET" {
        return reply(405, "Method Not Allowed", "");
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == "/cancel" {
        return Answer {
            header: Some("X-Authtray-Login: cancelled"),
            outcome: Some(Outcome::Cancelled),
            ..reply(200, "OK", PAGE_CANCELLED)
        };
    }
    if path != config.path {
        return reply(404, "Not Found", "");
    }
    let params = super::Query::parse(query);
    let get = |k: &str| params.get(k);
    let state_ok = get("state").is_some_and(|s| states_match(&config.expected_state, &s));
    if let Some(error) = get("error") {
        // An error for another attempt must not end this one.
        if !state_ok && get("state").is_some() {
            return reply(400, "Bad Request", PAGE_STATE);
        }
        return Answer {
            outcome: Some(Outcome::Denied { error }),
            ..reply(400, "Bad Request", PAGE_DENIED)
        };
    }
    if !state_ok {
        return reply(400, "Bad Request", PAGE_STATE);
    }
    let Some(code) = get("code") else {
        return reply(400, "Bad Request", PAGE_NO_CODE);
    };
    Answer {
        outcome: Some(Outcome::Code {
            code: Secret::new(code),
            state: config.expected_state.clone(),
        }),
        ..reply(200, "OK", PAGE_DONE)
    }
}

/// Serves one connection; `Some` ends the attempt.
fn handle(mut stream: TcpStream, config: &CallbackConfig, port: u16) -> Option<Outcome> {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(Head::TooLarge) => {
            return respond(
                &mut stream,
                431,
                "Request Header Fields Too Large",
                "",
                None,
            );
        }
        Err(Head::Incomplete) => return None,
    };
    let a = answer(&head, config, port);
    respond(&mut stream, a.status, a.reason, a.body, a.header);
    a.outcome
}

enum Head {
    TooLarge,
    Incomplete,
}

fn read_head(stream: &mut TcpStream) -> Result<String, Head> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(Head::Incomplete),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            buf.truncate(end);
            return String::from_utf8(buf).map_err(|_| Head::Incomplete);
        }
        if buf.len() > MAX_REQUEST_BYTES {
            return Err(Head::TooLarge);
        }
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    reason: &str,
    body: &str,
    extra: Option<&str>,
) -> Option<Outcome> {
    let extra = extra.map(|h| format!("{h}\r\n")).unwrap_or_default();
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\nReferrer-Policy: no-referrer\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
    None
}

impl crate::error::Classify for BindError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Busy { .. } | Self::Io(_) => crate::error::ErrorCode::Unavailable,
        }
    }
}

#[cfg(test)]
mod tests;
