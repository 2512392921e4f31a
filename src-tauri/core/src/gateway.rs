//! Telling a running OpenClaw gateway that its credentials changed
//! (`openclaw-sqlite.md` b.7, b.9): a gateway of the SQLite era caches the
//! stores and does not see an outside write until `models.authRefresh`.
//! Authtray speaks the gateway's own WebSocket protocol (version 4) on
//! loopback: the server's `connect.challenge`, a `connect` request with the
//! gateway token from the install's config (`gateway.auth.token`, or
//! `OPENCLAW_GATEWAY_TOKEN`), then the request. No gateway listening is not
//! an error: OpenClaw reads the stores when it starts.

use crate::config::Config;
use crate::paths::Env;
use crate::secret::Secret;
use serde_json::{Value, json};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};
use tungstenite::Message;

/// OpenClaw's `DEFAULT_GATEWAY_PORT`.
pub const DEFAULT_PORT: u16 = 18789;
const CONNECT_WAIT: Duration = Duration::from_millis(300);
const REPLY_WAIT: Duration = Duration::from_secs(5);

/// Why a running gateway did not answer a request.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("cannot talk to the gateway: {0}")]
    Io(#[from] std::io::Error),
    #[error("the gateway on port {port} did not speak WebSocket: {why}")]
    NotWebSocket { port: u16, why: String },
    #[error("the gateway refused to connect: {0}")]
    Refused(String),
    #[error("the gateway did not answer in time")]
    TimedOut,
    #[error("the gateway closed the connection{}", .0.as_ref().map(|w| format!(": {w}")).unwrap_or_default())]
    Closed(Option<String>),
    #[error("the gateway sent a frame that is not JSON: {0}")]
    NotJson(String),
    /// The gateway answered the request with an error: its message.
    #[error("{0}")]
    Said(String),
}

impl crate::error::Classify for GatewayError {
    fn code(&self) -> crate::error::ErrorCode {
        // the gateway is outside Authtray; whatever it refused, nothing was written
        crate::error::ErrorCode::Unavailable
    }
}

/// Where the install's gateway would listen, and how to authenticate.
#[derive(Clone, Debug)]
pub struct Gateway {
    pub port: u16,
    token: Option<Secret>,
}

/// What telling the gateway came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Told {
    /// Nothing listens: OpenClaw reads the change when it starts.
    NotRunning,
    /// The gateway reloaded its credentials.
    Refreshed,
    /// A gateway listens but did not take it (why); restarting it applies the change.
    Refused(String),
}

impl Gateway {
    /// The gateway of an install: `OPENCLAW_GATEWAY_PORT`, else
    /// `gateway.port`, else 18789; the token from `OPENCLAW_GATEWAY_TOKEN`,
    /// else `gateway.auth.token` (a plain string; references are not resolved).
    pub fn of(env: &Env, config: &Config) -> Self {
        let gw = config.root.get("gateway");
        let port = env
            .var("OPENCLAW_GATEWAY_PORT")
            .and_then(|p| p.parse().ok())
            .or_else(|| {
                gw?.get("port")?
                    .as_u64()
                    .and_then(|p| u16::try_from(p).ok())
            })
            .unwrap_or(DEFAULT_PORT);
        let token = env
            .var("OPENCLAW_GATEWAY_TOKEN")
            .map(str::to_owned)
            .or_else(|| {
                gw?.get("auth")?
                    .get("token")?
                    .as_str()
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
            })
            .map(Secret::new);
        Self { port, token }
    }

    /// `models.authRefresh {operation, agentId?}` (`update`, `login`, `logout`).
    pub fn refresh(&self, agent_id: Option<&str>, operation: &str) -> Told {
        let mut params = json!({ "operation": operation });
        if let Some(a) = agent_id {
            params["agentId"] = json!(a);
        }
        match self.call("models.authRefresh", params) {
            Ok(None) => Told::NotRunning,
            Ok(Some(reply)) if reply["refreshed"] == true => Told::Refreshed,
            Ok(Some(reply)) => Told::Refused(format!("it answered {reply}")),
            Err(why) => Told::Refused(why.to_string()),
        }
    }

    /// One request on a fresh connection: `Ok(None)` when nothing listens.
    pub fn call(&self, method: &str, params: Value) -> Result<Option<Value>, GatewayError> {
        match self.connect(REPLY_WAIT)? {
            None => Ok(None),
            Some(mut session) => session.call(method, params).map(Some),
        }
    }

    /// A connection that passed the handshake (`Ok(None)`: nothing
    /// listens), knowing the methods this gateway offers; each answer is
    /// waited for up to `wait`.
    pub fn connect(&self, wait: Duration) -> Result<Option<Session>, GatewayError> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let Ok(stream) = TcpStream::connect_timeout(&addr, CONNECT_WAIT) else {
            return Ok(None);
        };
        stream.set_read_timeout(Some(wait))?;
        let url = format!("ws://127.0.0.1:{}", self.port);
        let (ws, _) =
            tungstenite::client(url.as_str(), stream).map_err(|e| GatewayError::NotWebSocket {
                port: self.port,
                why: e.to_string(),
            })?;
        let mut session = Session {
            ws,
            wait,
            methods: Vec::new(),
            version: None,
            next_id: 0,
        };
        // The server opens with a challenge; the connect request answers it.
        loop {
            let frame = session.next(Instant::now() + wait)?;
            if frame["event"] == "connect.challenge" {
                break;
            }
        }
        let mut connect = json!({
            "minProtocol": 4,
            "maxProtocol": 4,
            "client": {"id": "cli", "version": env!("CARGO_PKG_VERSION"), "platform": std::env::consts::OS, "mode": "cli"},
            "role": "operator",
            "scopes": ["operator.admin"],
        });
        if let Some(t) = &self.token {
            connect["auth"] = json!({"token": t.expose()});
        }
        let hello = session.request("connect", connect).map_err(|e| match e {
            GatewayError::Said(why) => GatewayError::Refused(why),
            other => other,
        })?;
        if hello["type"] != "hello-ok" {
            return Err(GatewayError::Refused(hello.to_string()));
        }
        session.methods = hello["features"]["methods"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        session.version = hello["server"]["version"].as_str().map(str::to_owned);
        Ok(Some(session))
    }
}

/// A gateway connection after its handshake.
pub struct Session {
    ws: tungstenite::WebSocket<TcpStream>,
    wait: Duration,
    /// What this gateway offers (`hello-ok` `features.methods`).
    pub methods: Vec<String>,
    /// Its OpenClaw version, when it says.
    pub version: Option<String>,
    next_id: u64,
}

impl Session {
    /// Whether the gateway offers `method`.
    pub fn offers(&self, method: &str) -> bool {
        self.methods.iter().any(|m| m == method)
    }

    /// `method` with `params`: its answer, or the gateway's error message.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, GatewayError> {
        self.request(method, params)
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, GatewayError> {
        self.next_id += 1;
        let id = format!("{method}-{}", self.next_id);
        self.ws
            .send(Message::text(
                json!({"type": "req", "id": id, "method": method, "params": params}).to_string(),
            ))
            .map_err(|e| GatewayError::Closed(Some(e.to_string())))?;
        let deadline = Instant::now() + self.wait;
        loop {
            let frame = self.next(deadline)?;
            if frame["type"] == "res" && frame["id"] == id.as_str() {
                if frame["ok"] == true {
                    return Ok(frame["payload"].clone());
                }
                let e = &frame["error"];
                return Err(GatewayError::Said(
                    e["message"]
                        .as_str()
                        .map_or_else(|| e.to_string(), str::to_owned),
                ));
            }
        }
    }

    fn next(&mut self, deadline: Instant) -> Result<Value, GatewayError> {
        loop {
            if Instant::now() > deadline {
                return Err(GatewayError::TimedOut);
            }
            match self
                .ws
                .read()
                .map_err(|e| GatewayError::Closed(Some(e.to_string())))?
            {
                Message::Text(t) => {
                    return serde_json::from_str(t.as_str())
                        .map_err(|e| GatewayError::NotJson(e.to_string()));
                }
                Message::Close(_) => return Err(GatewayError::Closed(None)),
                _ => continue,
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.ws.close(None);
    }
}
