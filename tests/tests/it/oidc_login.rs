//! Browser logins end to end against a real authorization server
//! (oidc-provider 9 on 127.0.0.1: PKCE required, rotating refresh tokens):
//! `authtray-cli login` listens, a scripted browser signs in and delivers
//! the redirect (or the user pastes it), and the real OpenClaw 2026.5.20
//! reads the saved profile.

use authtray_tests::cli_login::{self, finish, param};
use authtray_tests::oidc::{OidcServer, deliver, sign_in};
use authtray_tests::{OpenClaw, StateFixture};
use serde_json::{Value, json};
use std::io::Write;

const CODEX_CLIENT: &str = "codex-test-client";
const ANTHROPIC_CLIENT: &str = "anthropic-test-client";
const WEEK_SECS: i64 = 7 * 86_400;
const WEEK_MS: i64 = WEEK_SECS * 1000;

fn server() -> OidcServer {
    OidcServer::start(&json!({
        "clients": [
            {
                "client_id": CODEX_CLIENT,
                "redirect_uris": ["http://localhost:1455/auth/callback"],
                "scope": "openid profile email offline_access",
            },
            {
                "client_id": ANTHROPIC_CLIENT,
                "redirect_uris": ["http://localhost:53692/callback"],
                "scope": "org:create_api_key user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload",
            },
        ],
        // A week, like a ChatGPT access token: well outside OpenClaw's expiry warning.
        "accessTokenTtl": WEEK_SECS,
        "account": {
            "sub": "user-7",
            "email": "grace@example.test",
            "claims": {
                "https://api.openai.com/auth": {"chatgpt_account_id": "acct-7", "chatgpt_plan_type": "pro"},
                "https://api.openai.com/profile": {"email": "grace@example.test"},
            },
        },
    }))
}

fn store(f: &StateFixture) -> Value {
    let text = std::fs::read_to_string(f.state_dir().join("agents/main/agent/auth-profiles.json"))
        .expect("store written");
    serde_json::from_str(&text).expect("store is JSON")
}

/// `openclaw models status --json`: the OAuth profiles it reports, by id.
fn openclaw_oauth_status(f: &StateFixture) -> Vec<(String, String)> {
    let theirs = OpenClaw::locate().json(f, &["models", "status", "--json"]);
    theirs["auth"]["oauth"]["profiles"]
        .as_array()
        .expect("oauth profiles")
        .iter()
        .map(|p| {
            (
                p["profileId"].as_str().unwrap_or("").to_owned(),
                p["status"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn codex_login_through_the_cli_is_saved_and_read_by_openclaw() {
    let oidc = server();
    let f = StateFixture::new();
    f.agent("main", true);
    let (child, url) = cli_login::start(
        &f,
        "openai-codex",
        &oidc.login_env("openai-codex", CODEX_CLIENT),
        &[],
    );
    let redirect = sign_in(url.as_str());
    assert_eq!(param(&redirect, "state"), param(&url, "state"));
    let (status, page) = deliver(&redirect);
    assert_eq!(status, 200, "{page}");
    let (code, err) = finish(child);
    assert_eq!(code, 0, "{err}");

    let grants = oidc.grants();
    assert_eq!(grants.len(), 1, "{grants:?}");
    assert_eq!(
        (&grants[0]["grant_type"], &grants[0]["ok"]),
        (&json!("authorization_code"), &json!(true)),
        "the server accepted the code, verifier and redirect_uri"
    );
    let saved = &store(&f)["profiles"]["openai-codex:grace@example.test"];
    assert_eq!(saved["type"], "oauth");
    assert_eq!(saved["accountId"], "acct-7");
    assert!(saved["refresh"].as_str().is_some_and(|r| !r.is_empty()));
    let expires = saved["expires"].as_i64().expect("expires");
    let now = authtray_core::time::now_ms();
    assert!(
        (now + WEEK_MS - 60_000..=now + WEEK_MS).contains(&expires),
        "expires = now + expires_in: {expires} vs {now}"
    );

    assert!(
        openclaw_oauth_status(&f)
            .iter()
            .any(|(id, status)| id == "openai-codex:grace@example.test" && status == "ok"),
        "{:?}",
        openclaw_oauth_status(&f)
    );
}

#[test]
fn anthropic_login_with_a_pasted_redirect_is_saved_and_read_by_openclaw() {
    let oidc = server();
    let f = StateFixture::new();
    f.agent("main", true);
    let (mut child, url) = cli_login::start(
        &f,
        "anthropic",
        &oidc.login_env("anthropic", ANTHROPIC_CLIENT),
        &[],
    );
    // Anthropic's state is the PKCE verifier.
    assert_eq!(param(&url, "state").len(), 43);
    // The user copies the address bar instead of letting the browser
    // reach the callback (remote host): the paste wins the race.
    let redirect = sign_in(url.as_str());
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{redirect}").expect("paste");
    let (code, err) = finish(child);
    assert_eq!(code, 0, "{err}");

    let grants = oidc.grants();
    assert_eq!(grants.len(), 1, "{grants:?}");
    assert_eq!(grants[0]["ok"], true, "{grants:?}");
    let saved = &store(&f)["profiles"]["anthropic:default"];
    assert_eq!(saved["type"], "oauth");
    let expires = saved["expires"].as_i64().expect("expires");
    let now = authtray_core::time::now_ms();
    assert!(
        (now + WEEK_MS - 360_000..=now + WEEK_MS - 300_000).contains(&expires),
        "expires = now + expires_in − 5 min: {expires} vs {now}"
    );
    assert!(
        openclaw_oauth_status(&f)
            .iter()
            .any(|(id, status)| id == "anthropic:default" && status == "ok"),
        "{:?}",
        openclaw_oauth_status(&f)
    );
}

#[test]
fn hostile_callbacks_never_reach_the_token_endpoint() {
    let oidc = server();
    let f = StateFixture::new();
    f.agent("main", true);
    let (child, url) = cli_login::start(
        &f,
        "openai-codex",
        &oidc.login_env("openai-codex", CODEX_CLIENT),
        &[],
    );
    let redirect = sign_in(url.as_str());
    let code = param(&redirect, "code");
    let with_query = |query: &str| {
        let mut u = redirect.clone();
        u.set_query(Some(query));
        u
    };
    for (query, why) in [
        (format!("code={code}&state=forged"), "wrong state"),
        (format!("code={code}"), "missing state"),
        (format!("state={}", param(&url, "state")), "missing code"),
    ] {
        assert_eq!(deliver(&with_query(&query)).0, 400, "{why}");
    }
    let mut elsewhere = redirect.clone();
    elsewhere.set_path("/favicon.ico");
    assert_eq!(deliver(&elsewhere).0, 404, "other paths");
    assert!(oidc.grants().is_empty(), "{:?}", oidc.grants());

    // The real redirect still works: the attempt was not consumed.
    assert_eq!(deliver(&redirect).0, 200);
    let (exit, err) = finish(child);
    assert_eq!(exit, 0, "{err}");
    // A replay of the code after success reaches nothing: the listener is gone.
    let replay = reqwest::blocking::get(redirect.as_str());
    assert!(replay.is_err(), "listener closed after success");
    assert_eq!(oidc.grants().len(), 1);
}

#[test]
fn an_access_denied_redirect_ends_the_login_with_the_reason_and_no_token_request() {
    let oidc = server();
    let f = StateFixture::new();
    f.agent("main", true);
    let store_path = f.state_dir().join("agents/main/agent/auth-profiles.json");
    let before = std::fs::read(&store_path).expect("store");
    let (child, url) = cli_login::start(
        &f,
        "openai-codex",
        &oidc.login_env("openai-codex", CODEX_CLIENT),
        &[],
    );
    let mut denied = url::Url::parse(&param(&url, "redirect_uri")).expect("redirect_uri");
    denied.set_query(Some(&format!(
        "error=access_denied&error_description=The+user+said+no&state={}",
        param(&url, "state")
    )));
    deliver(&denied);
    let (exit, err) = finish(child);
    assert_ne!(exit, 0);
    assert!(err.contains("access_denied"), "{err}");
    assert!(oidc.grants().is_empty());
    assert_eq!(std::fs::read(&store_path).expect("store"), before);
}
