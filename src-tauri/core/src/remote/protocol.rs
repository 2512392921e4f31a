//! The protocol between Authtray and `authtray-cli serve --stdio` on
//! another machine: newline-delimited JSON over the SSH session's stdin and
//! stdout. The server speaks first ([`Hello`], with its protocol version);
//! then each [`Request`] gets exactly one [`Response`] with the same id.
//! Errors are `{code, message}` as everywhere else. Secrets (a pasted key,
//! a finished login) travel only inside these messages, never in ssh's
//! arguments or environment.

use crate::providers::{LoggedIn, WhoLoggedIn};
use crate::store::NewCredential;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The protocol version this build speaks. A server with another one is
/// refused with what to do (install this build there).
pub const PROTOCOL: u32 = 1;

/// The first line the server writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// Always `"authtray-cli"`: tells a server from a shell banner.
    pub server: String,
    pub protocol: u32,
    /// The server's `authtray-cli` version, for messages.
    pub version: String,
}

impl Hello {
    pub fn ours() -> Self {
        Self {
            server: "authtray-cli".into(),
            protocol: PROTOCOL,
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// One call. `params` is read by `method` (unknown ones get an error with
/// the request's id, so a newer client can tell what the server lacks).
#[derive(Clone, Serialize, Deserialize)]
pub struct Request {
    pub v: u32,
    pub id: u64,
    pub method: String,
    #[serde(default)]
    pub params: Value,
}

/// The answer to the request with the same `id`: `result` or `error`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Response {
    pub id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::error::Failure>,
}

/// `run`: one `authtray-cli` command there, as if typed in its shell, with
/// `stdin` as its standard input (a secret read on this machine).
#[derive(Clone, Serialize, Deserialize)]
pub struct Run {
    pub args: Vec<String>,
    #[serde(default)]
    pub stdin: Option<String>,
}

/// What a `run` printed and its exit code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ran {
    pub exit: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Which install on the far side (`--state-dir`, `--lock-timeout` there).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    #[serde(default)]
    pub state_dir: Option<String>,
    #[serde(default)]
    pub lock_timeout: Option<u64>,
}

/// `agent`: is there such an agent? Asked before a browser opens.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AgentQuery {
    #[serde(flatten)]
    pub place: Place,
    #[serde(default)]
    pub agent: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentFound {
    pub id: String,
    /// The era as people read it.
    pub format: String,
    pub state_dir: String,
}

/// `app`: one of the window's verbs, performed there by the same
/// [`crate::app::ops::perform`] as here.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppCall {
    #[serde(flatten)]
    pub place: Place,
    /// The warning window of the asking Authtray (its user's setting).
    pub warn_ms: i64,
    pub op: crate::app::ops::Op,
}

/// `save_login`: a login finished on this machine, saved there through its
/// own write path (lock protocol, era, refresh lock).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginToSave {
    #[serde(flatten)]
    pub place: Place,
    #[serde(default)]
    pub agent: Option<String>,
    /// Save under this id instead of the login's own.
    #[serde(default)]
    pub profile_id: Option<String>,
    #[serde(default)]
    pub replace: bool,
    pub login: WireLogin,
}

/// A [`LoggedIn`] on the wire.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireLogin {
    pub profile_id: String,
    pub credential: Value,
    #[serde(default)]
    pub who: WireWho,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireWho {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub plan: Option<String>,
}

impl From<LoggedIn> for WireLogin {
    fn from(l: LoggedIn) -> Self {
        Self {
            profile_id: l.profile_id,
            credential: l.credential.into_json(),
            who: l.who.into(),
        }
    }
}

impl From<WireLogin> for LoggedIn {
    fn from(w: WireLogin) -> Self {
        Self {
            profile_id: w.profile_id,
            credential: NewCredential::new(w.credential),
            who: w.who.into(),
        }
    }
}

impl From<WhoLoggedIn> for WireWho {
    fn from(w: WhoLoggedIn) -> Self {
        Self {
            email: w.email,
            account: w.account,
            plan: w.plan,
        }
    }
}

impl From<WireWho> for WhoLoggedIn {
    fn from(w: WireWho) -> Self {
        Self {
            email: w.email,
            account: w.account,
            plan: w.plan,
        }
    }
}

/// What `save_login` did there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginStored {
    pub profile_id: String,
    /// Where it was written, on the far side (empty when it waits).
    pub store_path: String,
    pub config_updated: bool,
    #[serde(default)]
    pub config_backup: Option<String>,
    /// Set when the login is another account's than the profile it would
    /// replace: nothing was written; why, in words.
    #[serde(default)]
    pub needs_confirmation: Option<String>,
    /// What telling the gateway there came to.
    #[serde(default)]
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn an_unknown_error_code_from_a_newer_server_reads_as_internal() {
        let r: Response =
            serde_json::from_str(r#"{"id":3,"error":{"code":"quota_gone","message":"m"}}"#)
                .unwrap();
        let e = r.error.unwrap();
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::Internal, "m"));
        let r: Response =
            serde_json::from_str(r#"{"id":3,"error":{"code":"busy","message":"m"}}"#).unwrap();
        assert_eq!(r.error.unwrap().code, ErrorCode::Busy);
    }

    #[test]
    fn a_login_survives_the_wire_whole() {
        let logged = LoggedIn {
            profile_id: "openai-codex:a@b".into(),
            credential: NewCredential::new(serde_json::json!({
                "type": "oauth", "provider": "openai-codex", "access": "A", "refresh": "R", "expires": 5, "x": {"kept": true}
            })),
            who: WhoLoggedIn {
                email: Some("a@b".into()),
                account: None,
                plan: Some("pro".into()),
            },
        };
        let text = serde_json::to_string(&WireLogin::from(logged.clone())).unwrap();
        let back: LoggedIn = serde_json::from_str::<WireLogin>(&text).unwrap().into();
        assert_eq!(back.profile_id, logged.profile_id);
        assert!(back.credential == logged.credential);
        assert_eq!(back.who, logged.who);
    }
}
