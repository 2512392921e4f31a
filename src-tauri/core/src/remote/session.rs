//! A conversation with `authtray-cli serve --stdio` on a host: the hello
//! and its protocol check, one request and its answer at a time, and what
//! an ended connection means (not installed, too old, dropped mid-request).

use super::protocol::{self, Hello, PROTOCOL, Ran, Request, Response, Run};
use super::{Host, RemoteError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the far side may take to say hello once connected.
const HELLO_WITHIN: Duration = Duration::from_secs(30);

pub(super) fn read_lines(out: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The far side's stderr, kept (up to 64 KiB) for messages.
pub(super) fn collect(err: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let keep = text.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            let mut t = keep.lock().expect("stderr buffer");
            if t.len() < 64 * 1024 {
                t.push_str(&line);
                t.push('\n');
            }
        }
    });
    text
}

/// A conversation with `authtray-cli serve --stdio` on a host.
pub struct Session {
    pub(super) host: Host,
    pub(super) child: Child,
    pub(super) stdin: Option<ChildStdin>,
    pub(super) lines: Receiver<String>,
    pub(super) stderr: Arc<Mutex<String>>,
    pub(super) next_id: u64,
    /// What the far side said it is.
    pub hello: Hello,
}

impl Session {
    fn host_name(&self) -> String {
        self.host.dest.clone()
    }

    /// Why the far side ended without a (complete) answer.
    fn ended(&mut self, before_hello: bool) -> RemoteError {
        self.stdin.take();
        let status = self.child.wait().ok().and_then(|s| s.code());
        // The stderr reader ends with the process; give it a moment.
        std::thread::sleep(Duration::from_millis(50));
        let said = self.stderr.lock().expect("stderr buffer").clone();
        let host = self.host_name();
        match status {
            Some(255) | None => match self.host.classify(&said) {
                RemoteError::Unreachable { detail, .. } if !before_hello => RemoteError::Dropped {
                    host,
                    detail: Some(detail),
                },
                e => e,
            },
            Some(127) if before_hello => RemoteError::NotInstalled { host },
            Some(64) if before_hello && said.contains("serve") => RemoteError::Outdated { host },
            Some(_) if before_hello => RemoteError::Protocol {
                host,
                detail: format!(
                    "it exited with {}: {}",
                    status.unwrap_or(-1),
                    said.trim().lines().last().unwrap_or("")
                ),
            },
            _ => RemoteError::Dropped { host, detail: None },
        }
    }

    pub(super) fn read_hello(&mut self) -> Result<Hello, RemoteError> {
        let line = match self.lines.recv_timeout(HELLO_WITHIN) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                return Err(RemoteError::Protocol {
                    host: self.host_name(),
                    detail: format!("nothing within {} s", HELLO_WITHIN.as_secs()),
                });
            }
            Err(RecvTimeoutError::Disconnected) => return Err(self.ended(true)),
        };
        let hello: Hello = serde_json::from_str(&line)
            .ok()
            .filter(|h: &Hello| h.server == "authtray-cli")
            .ok_or_else(|| RemoteError::Protocol {
                host: self.host_name(),
                detail: format!("its first line was {:?}", truncate(&line)),
            })?;
        if hello.protocol != PROTOCOL {
            return Err(RemoteError::Incompatible {
                host: self.host_name(),
                version: hello.version,
                theirs: hello.protocol,
                ours: PROTOCOL,
            });
        }
        Ok(hello)
    }

    /// One request and its answer.
    pub fn call<P: Serialize, R: DeserializeOwned>(
        &mut self,
        method: &str,
        params: &P,
    ) -> Result<R, RemoteError> {
        let id = self.next_id;
        self.next_id += 1;
        let request = Request {
            v: PROTOCOL,
            id,
            method: method.into(),
            params: serde_json::to_value(params).expect("protocol types serialise"),
        };
        let mut line = serde_json::to_string(&request).expect("protocol types serialise");
        line.push('\n');
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin
                .write_all(line.as_bytes())
                .and_then(|()| stdin.flush()),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        drop(line);
        if sent.is_err() {
            return Err(self.ended(false));
        }
        let Ok(answer) = self.lines.recv() else {
            return Err(self.ended(false));
        };
        let protocol = |detail: String| RemoteError::Protocol {
            host: self.host_name(),
            detail,
        };
        let response: Response = serde_json::from_str(&answer)
            .map_err(|e| protocol(format!("an answer that is not JSON ({e})")))?;
        if response.id != id {
            return Err(protocol(format!(
                "the answer to request {} came for {id}",
                response.id
            )));
        }
        match (response.result, response.error) {
            (_, Some(failure)) => Err(RemoteError::Far {
                host: self.host_name(),
                failure,
            }),
            (Some(result), None) => serde_json::from_value(result)
                .map_err(|e| protocol(format!("an answer of the wrong shape ({e})"))),
            (None, None) => Err(protocol("an answer with neither result nor error".into())),
        }
    }

    /// The agent `agent` names there (its default when `None`), checked
    /// before a login opens anything here.
    pub fn agent(
        &mut self,
        place: &protocol::Place,
        agent: Option<&str>,
    ) -> Result<protocol::AgentFound, RemoteError> {
        let query = protocol::AgentQuery {
            place: place.clone(),
            agent: agent.map(str::to_owned),
        };
        self.call("agent", &query)
    }

    /// Saves a login finished here into `agent` there, through its write
    /// path (lock protocol, era, refresh lock): a new login, never a copy
    /// of a refresh token that lives somewhere else.
    pub fn save_login(
        &mut self,
        place: &protocol::Place,
        agent: &str,
        profile_id: Option<&str>,
        logged: crate::providers::LoggedIn,
        replace: bool,
    ) -> Result<protocol::LoginStored, RemoteError> {
        let request = protocol::LoginToSave {
            place: place.clone(),
            agent: Some(agent.to_owned()),
            profile_id: profile_id.map(str::to_owned),
            replace,
            login: logged.into(),
        };
        self.call("save_login", &request)
    }

    /// One of the window's verbs, performed there; its typed answer.
    pub fn perform<V: crate::app::ops::Verb>(
        &mut self,
        place: protocol::Place,
        verb: V,
        warn_ms: i64,
    ) -> Result<V::Answer, RemoteError> {
        let op = verb.into();
        self.call("app", &protocol::AppCall { place, warn_ms, op })
    }

    /// One `authtray-cli` command there (`args` without the program name).
    pub fn run(&mut self, args: Vec<String>, stdin: Option<String>) -> Result<Ran, RemoteError> {
        self.call("run", &Run { args, stdin })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.stdin.take();
        // The server ends at EOF; never leave a child behind.
        for _ in 0..20 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(120).collect()
}
