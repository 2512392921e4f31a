//! The real authorization server of the login and refresh tests
//! (oidc-provider 9, `tests/oidc/server.mjs`), and a scripted browser that
//! signs in there and delivers the redirect to the app's loopback callback.

use crate::{Running, peer_node, workspace_root};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

pub struct OidcServer {
    pub issuer: String,
    _process: Option<Running>,
}

impl OidcServer {
    /// Starts a server with `config` (see `server.mjs`) on a free port.
    /// A Windows test (under Wine, where this machine's Node cannot be
    /// started) asks the broker `scripts/xplat/test.sh` runs
    /// (`tests/oidc/broker.mjs`) to start it.
    pub fn start(config: &Value) -> Self {
        if cfg!(windows) {
            let started = crate::broker::post("start", config);
            return Self {
                issuer: started["issuer"].as_str().expect("issuer").to_owned(),
                _process: None,
            };
        }
        let dir = workspace_root().join("tests/oidc");
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "oidc-provider missing: run `npm install` in tests/oidc (make test does)"
        );
        let mut process = Running::spawn(
            Command::new(peer_node())
                .arg(dir.join("server.mjs"))
                .arg(config.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        );
        let mut out = BufReader::new(process.0.stdout.take().expect("stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("server output");
        let started: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("oidc server did not start ({e}): {line:?}"));
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Self {
            issuer: started["issuer"].as_str().expect("issuer").to_owned(),
            _process: Some(process),
        }
    }

    /// Every token request the server has seen, in order:
    /// `{grant_type, refresh_token, ok, error}`.
    pub fn grants(&self) -> Vec<Value> {
        client()
            .get(format!("{}/_test/grants", self.issuer))
            .send()
            .and_then(|r| r.json::<Vec<Value>>())
            .expect("grants")
    }
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

/// Plays the user in the browser: opens `authorize_url`, signs in and
/// consents (the server's interaction does both), and returns the redirect
/// to the client's redirect URI, not yet delivered.
pub fn sign_in(authorize_url: &str) -> url::Url {
    let client = client();
    let start = url::Url::parse(authorize_url).expect("authorize URL");
    let mut cookies = BTreeMap::<String, String>::new();
    let mut at = start.clone();
    for _ in 0..10 {
        let header = cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let reply = client
            .get(at.clone())
            .header("cookie", header)
            .send()
            .expect("authorization server answers");
        for c in reply.headers().get_all("set-cookie") {
            let pair = c.to_str().unwrap_or("").split(';').next().unwrap_or("");
            if let Some((k, v)) = pair.split_once('=') {
                if v.is_empty() {
                    cookies.remove(k);
                } else {
                    cookies.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        let location = reply
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_else(|| panic!("no redirect from {at}: {}", reply.status()));
        let next = at.join(location).expect("redirect URL");
        if next.origin() != start.origin() {
            return next;
        }
        at = next;
    }
    panic!("no redirect to the client after 10 hops")
}

/// Delivers a redirect as the browser would; returns status and page.
pub fn deliver(redirect: &url::Url) -> (u16, String) {
    let reply = client()
        .get(redirect.clone())
        .send()
        .expect("callback answers");
    let status = reply.status().as_u16();
    (status, reply.text().unwrap_or_default())
}

/// The Codex client id of [`codex_server`].
pub const CODEX_CLIENT: &str = "codex-test-client";

/// A server with OpenAI Codex's public client (redirect on port 1455) and
/// one account, ada@example.test (ChatGPT account acct-9 on `plan`), whose
/// access tokens last a week.
pub fn codex_server(plan: &str) -> OidcServer {
    OidcServer::start(&serde_json::json!({
        "clients": [{
            "client_id": CODEX_CLIENT,
            "redirect_uris": ["http://localhost:1455/auth/callback"],
            "scope": "openid profile email offline_access",
        }],
        "accessTokenTtl": 7 * 86_400,
        "account": {
            "sub": "user-9",
            "email": "ada@example.test",
            "claims": {
                "https://api.openai.com/auth": {"chatgpt_account_id": "acct-9", "chatgpt_plan_type": plan},
                "https://api.openai.com/profile": {"email": "ada@example.test"},
            },
        },
    }))
}

impl OidcServer {
    /// The `AUTHTRAY_OAUTH_<PROVIDER>_*` overrides that point `provider`'s
    /// browser login at this server (any free callback port).
    pub fn login_env(&self, provider: &str, client_id: &str) -> Vec<(String, String)> {
        let token_path = if provider == "anthropic" {
            "/anthropic/token"
        } else {
            "/token"
        };
        let prefix = format!(
            "AUTHTRAY_OAUTH_{}_",
            provider.to_ascii_uppercase().replace('-', "_")
        );
        [
            ("AUTHORIZE_URL", format!("{}/auth", self.issuer)),
            ("TOKEN_URL", format!("{}{token_path}", self.issuer)),
            ("CLIENT_ID", client_id.to_owned()),
            ("PORTS", "0".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (format!("{prefix}{k}"), v))
        .collect()
    }
}
