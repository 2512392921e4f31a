//! `authtray-cli login` end to end on loopback: a local token endpoint
//! stands in for the provider, this test plays the browser (or the user
//! pasting), and the real OpenClaw reads the saved profile.

use authtray_tests::cli_login::{self, finish, param};
use authtray_tests::provider::{TokenEndpoint, read_request_body};
use authtray_tests::{OpenClaw, StateFixture, cli_binary};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Starts a Codex login against `endpoint`.
fn start_login(f: &StateFixture, endpoint: &TokenEndpoint, extra: &[&str]) -> (Child, url::Url) {
    let base = format!("http://127.0.0.1:{}", endpoint.port);
    let env = [
        (
            "AUTHTRAY_OAUTH_OPENAI_CODEX_AUTHORIZE_URL",
            format!("{base}/authorize"),
        ),
        (
            "AUTHTRAY_OAUTH_OPENAI_CODEX_TOKEN_URL",
            format!("{base}/oauth/token"),
        ),
        ("AUTHTRAY_OAUTH_OPENAI_CODEX_PORTS", "0".into()),
    ]
    .map(|(k, v)| (k.to_owned(), v));
    cli_login::start(f, "openai-codex", &env, extra)
}

/// The browser following the redirect to the loopback callback.
fn browser_get(redirect_uri: &str, query: &str) -> u16 {
    let u = url::Url::parse(redirect_uri).unwrap();
    let mut s = TcpStream::connect(("127.0.0.1", u.port().unwrap())).unwrap();
    write!(
        s,
        "GET {}?{query} HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        u.path(),
        u.port().unwrap()
    )
    .unwrap();
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    reply
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn browser_login_saves_a_profile_openclaw_reads_and_hostile_callbacks_get_nothing() {
    let f = StateFixture::new();
    f.agent("main", true);
    let endpoint = TokenEndpoint::start("acct-42", "ada@example.com");
    let (child, url) = start_login(&f, &endpoint, &[]);
    let (redirect, state) = (param(&url, "redirect_uri"), param(&url, "state"));
    assert_eq!(param(&url, "code_challenge_method"), "S256");
    assert_eq!(param(&url, "client_id"), "app_EMoamEEZ73f0CkXaXp7hrann");

    assert_eq!(browser_get(&redirect, "code=stolen&state=wrong"), 400);
    assert_eq!(browser_get(&redirect, "code=stolen"), 400);
    assert_eq!(browser_get(&redirect, &format!("state={state}")), 400);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        endpoint.bodies.lock().unwrap().is_empty(),
        "no token request before a valid callback"
    );

    assert_eq!(
        browser_get(&redirect, &format!("code=the-code&state={state}")),
        200
    );
    let (code, err) = finish(child);
    assert_eq!(code, 0, "{err}");

    let bodies = endpoint.bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 1);
    let form: Vec<(String, String)> = url::form_urlencoded::parse(bodies[0].as_bytes())
        .into_owned()
        .collect();
    let field = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        (field("grant_type").as_str(), field("code").as_str()),
        ("authorization_code", "the-code")
    );
    assert_eq!(
        field("redirect_uri"),
        redirect,
        "the same redirect_uri in both requests"
    );
    assert_eq!(field("code_verifier").len(), 43);

    let listed = f.cli_json(&["profiles", "list", "--json"]);
    let profile = &listed["profiles"][0];
    assert_eq!(
        (profile["id"].as_str(), profile["type"].as_str()),
        (Some("openai-codex:ada@example.com"), Some("oauth"))
    );
    let theirs = OpenClaw::locate().json(&f, &["models", "auth", "list", "--json"]);
    assert_eq!(theirs["profiles"][0]["id"], "openai-codex:ada@example.com");
    assert_eq!(theirs["profiles"][0]["type"], "oauth");
}

#[test]
fn a_pasted_redirect_url_wins_the_race_and_another_account_is_not_overwritten() {
    let f = StateFixture::new();
    f.agent("main", true);
    let endpoint = TokenEndpoint::start("acct-1", "ada@example.com");
    let (mut child, url) = start_login(&f, &endpoint, &[]);
    let (redirect, state) = (param(&url, "redirect_uri"), param(&url, "state"));
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{redirect}?code=pasted&state=not-this-attempt").unwrap();
    writeln!(stdin, "'{redirect}?code=pasted&state={state}'").unwrap();
    let (code, err) = finish(child);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Not accepted: the pasted link belongs to another login attempt"),
        "{err}"
    );
    assert!(endpoint.bodies.lock().unwrap()[0].contains("code=pasted"));

    // The same profile id, a different account: refused, nothing changed.
    let other = TokenEndpoint::start("acct-2", "ada@example.com");
    let (child, url) = start_login(&f, &other, &[]);
    assert_eq!(
        browser_get(
            &param(&url, "redirect_uri"),
            &format!("code=c&state={}", param(&url, "state"))
        ),
        200
    );
    let (code, err) = finish(child);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("belongs to account acct-1, but this login is account acct-2"),
        "{err}"
    );
    let store: Value = serde_json::from_str(
        &std::fs::read_to_string(f.state_dir().join("agents/main/agent/auth-profiles.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        store["profiles"]["openai-codex:ada@example.com"]["accountId"],
        "acct-1"
    );
}

/// A provider answering each request with the next canned JSON body.
fn canned(replies: Vec<&'static str>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for (stream, body) in listener.incoming().flatten().zip(replies) {
            read_request_body(&stream);
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

#[test]
fn github_copilot_device_login_saves_the_token_profile_openclaw_expects() {
    let f = StateFixture::new();
    f.agent("main", true);
    let port = canned(vec![
        r#"{"device_code":"dc","user_code":"WXYZ-9876","verification_uri":"http://127.0.0.1/device","interval":1,"expires_in":60}"#,
        r#"{"error":"authorization_pending"}"#,
        r#"{"access_token":"ghu_devicetoken0123456789","token_type":"bearer"}"#,
    ]);
    let out = Command::new(cli_binary())
        .args(["login", "--provider", "github-copilot", "--no-browser"])
        .envs(f.env())
        .env(
            "AUTHTRAY_OAUTH_GITHUB_COPILOT_CODE_URL",
            format!("http://127.0.0.1:{port}/login/device/code"),
        )
        .env(
            "AUTHTRAY_OAUTH_GITHUB_COPILOT_TOKEN_URL",
            format!("http://127.0.0.1:{port}/login/oauth/access_token"),
        )
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("WXYZ-9876"), "shows the code: {stdout}");
    assert!(
        !stdout.contains("ghu_devicetoken0123456789"),
        "never prints the token: {stdout}"
    );
    let theirs = OpenClaw::locate().json(&f, &["models", "auth", "list", "--json"]);
    assert_eq!(theirs["profiles"][0]["id"], "github-copilot:github");
    assert_eq!(theirs["profiles"][0]["type"], "token");
}
