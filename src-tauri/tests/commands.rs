//! The command layer on Tauri's mock runtime: real commands, real managed
//! state, the app's real capabilities (ACL) — no window system needed.

mod common;

use common::{app, app_with, invoke, invoke_with};
use serde_json::{Value, json};
use tauri::{Listener, Manager};

#[test]
fn list_agents_replies_with_the_agents_on_disk() {
    let state = tempfile::tempdir().unwrap();
    for id in ["work", "main"] {
        std::fs::create_dir_all(state.path().join("agents").join(id).join("agent")).unwrap();
    }
    std::fs::write(
        state.path().join("agents/work/agent/auth-profiles.json"),
        "{}",
    )
    .unwrap();

    let reply = invoke(&app(state.path()), "list_agents").expect("command succeeds");

    assert_eq!(reply["stateDir"]["path"], json!(state.path()));
    assert_eq!(reply["stateDir"]["source"], "env");
    assert_eq!(reply["stateDir"]["exists"], true);
    let agents: Vec<_> = reply["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["hasStore"].as_bool().unwrap()))
        .collect();
    assert_eq!(agents, [("main", false), ("work", true)]);
}

#[test]
fn list_agents_errors_have_the_wire_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-dir");
    std::fs::write(&file, "").unwrap();

    let err = invoke(&app(&file), "list_agents").expect_err("command fails");

    assert_eq!(err["code"], "invalid_layout");
    assert_eq!(
        err["message"],
        format!("{} is not a directory", file.display())
    );
    assert_eq!(
        err.as_object().unwrap().len(),
        2,
        "exactly {{code, message}}: {err}"
    );
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let state = tempfile::tempdir().unwrap();
    // The window API exists in every Tauri app; the webview is not granted it.
    let err = invoke(&app(state.path()), "plugin:window|close").expect_err("not granted");
    assert!(
        err.as_str().is_some_and(|s| s.contains("not allowed")),
        "refusal reason: {err}"
    );
}

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
        json!({"provider": "openai-codex", "agentId": "main", "openBrowser": false, "profileId": "openai-codex:work"}),
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
        json!({"provider": "openrouter", "agentId": "main", "openBrowser": false}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    assert!(
        err["message"].as_str().unwrap().contains("add an API key"),
        "{err}"
    );
}

#[test]
fn every_declared_command_is_registered() {
    let build_rs = include_str!("../build.rs");
    let state = tempfile::tempdir().unwrap();
    let app = app(state.path());
    let declared: Vec<&str> = build_rs
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix("\","))
        .collect();
    assert!(
        declared.len() >= 8,
        "read the command list from build.rs: {declared:?}"
    );
    for cmd in declared {
        if let Err(e) = invoke_with(&app, cmd, json!({})) {
            let text = e.to_string();
            assert!(
                !text.contains(&format!("Command {cmd} not found")),
                "{cmd} is allowed but not registered: {text}"
            );
        }
    }
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
        json!({"provider": "openai-codex", "agentId": "main", "openBrowser": false}),
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
    let theirs = authtray_tests::OpenClaw::locate().json(&f, &["models", "status", "--json"]);
    let profiles = theirs["auth"]["oauth"]["profiles"].as_array().unwrap();
    assert!(
        profiles
            .iter()
            .any(|p| p["profileId"] == "openai-codex:lin@example.test" && p["status"] == "ok"),
        "{profiles:?}"
    );
}

#[test]
fn api_keys_and_tokens_are_saved_from_the_window_and_bad_ones_refused() {
    let state = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(state.path().join("agents/main/agent")).unwrap();
    let data = state.path().join("data").display().to_string();
    let app = app_with(state.path(), &[("AUTHTRAY_DATA_DIR", data)]);

    let providers = invoke(&app, "list_providers").expect("catalog");
    let openrouter = providers
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "openrouter")
        .expect("openrouter in the catalog");
    assert_eq!(openrouter["methods"], json!(["apiKey", "token"]));

    let key = "sk-or-v1-window-0123456789abcdef";
    let saved = invoke_with(
        &app,
        "save_api_key",
        json!({"agentId": "main", "provider": "openrouter", "profileId": null, "secret": format!("{key}\n")}),
    )
    .expect("saved");
    assert_eq!(saved["profileId"], "openrouter:default");
    assert!(
        !saved.to_string().contains(key),
        "only the masked key comes back"
    );

    let refused = invoke_with(
        &app,
        "save_token",
        json!({"agentId": "main", "provider": "anthropic", "profileId": null, "token": "sk-ant-api03-nope", "expiresIn": null}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "invalid_input");
    let bad_duration = invoke_with(
        &app,
        "save_token",
        json!({"agentId": "main", "provider": "zai", "profileId": null, "token": "t", "expiresIn": "soon"}),
    )
    .unwrap_err();
    assert_eq!(bad_duration["code"], "invalid_input");
    invoke_with(
        &app,
        "save_token",
        json!({"agentId": "main", "provider": "zai", "profileId": null, "token": "zai-token", "expiresIn": "30d"}),
    )
    .expect("token saved");

    let store: Value = serde_json::from_str(
        &std::fs::read_to_string(state.path().join("agents/main/agent/auth-profiles.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(store["profiles"]["openrouter:default"]["key"], key);
    assert_eq!(store["profiles"]["zai:manual"]["type"], "token");
    assert!(
        store["profiles"]["zai:manual"]["expires"]
            .as_i64()
            .is_some()
    );
    assert!(store["profiles"].get("anthropic:manual").is_none());
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
    let args = json!({"provider": "github-copilot", "agentId": "main", "openBrowser": false, "profileId": null});
    let started = invoke_with(&app, "start_code_login", args.clone()).expect("started");
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
    let started = invoke_with(&app, "start_code_login", args).expect("started");
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

#[test]
fn no_reply_to_the_webview_carries_a_stored_secret() {
    let f = authtray_tests::StateFixture::new();
    let agent = f.agent("main", false);
    let now = authtray_core::time::now_ms();
    let secrets = [
        "sk-or-v1-ipc-redaction-0123456789",
        "sk-ant-oat01-ipc-redaction-token-abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop",
        "ipc-redaction-access-value",
        "ipc-redaction-refresh-value",
        "ipc-claude-access-value",
        "ipc-claude-refresh-value",
    ];
    std::fs::write(
        agent.join("auth-profiles.json"),
        json!({"version": 1, "profiles": {
            "openrouter:default": {"type": "api_key", "provider": "openrouter", "key": secrets[0]},
            "anthropic:manual": {"type": "token", "provider": "anthropic", "token": secrets[1], "expires": now + 3_600_000},
            "openai-codex:x": {"type": "oauth", "provider": "openai-codex", "access": secrets[2], "refresh": secrets[3], "expires": now - 86_400_000},
        }})
        .to_string(),
    )
    .unwrap();
    std::fs::create_dir_all(f.home().join(".claude")).unwrap();
    std::fs::write(
        f.home().join(".claude/.credentials.json"),
        json!({"claudeAiOauth": {"accessToken": secrets[4], "refreshToken": secrets[5], "expiresAt": now + 3_600_000}}).to_string(),
    )
    .unwrap();
    let vars: Vec<(&str, String)> = f
        .env()
        .into_iter()
        .map(|(k, v)| (k, v.display().to_string()))
        .collect();
    let app = app_with(&f.state_dir(), &vars);
    let mut replies = Vec::new();
    for cmd in [
        "list_agents",
        "get_health",
        "list_external",
        "list_providers",
    ] {
        replies.push(invoke(&app, cmd).expect(cmd).to_string());
    }
    replies.push(
        invoke_with(&app, "get_agent_report", json!({"agentId": "main"}))
            .expect("report")
            .to_string(),
    );
    replies.push(
        invoke_with(
            &app,
            "save_api_key",
            json!({"agentId": "main", "provider": "groq", "profileId": null, "secret": "gsk-ipc-redaction-new-key-0123456789"}),
        )
        .expect("saved")
        .to_string(),
    );
    let all = replies.join("\n");
    assert!(
        all.contains("anthropic:manual"),
        "the replies are about these profiles: {all}"
    );
    for s in secrets
        .iter()
        .chain(&["gsk-ipc-redaction-new-key-0123456789"])
    {
        assert!(
            !all.contains(&s[..16]),
            "a secret reached the webview: {all}"
        );
    }
}

#[test]
fn profiles_are_reported_masked_removed_and_restored_with_undo() {
    let f = authtray_tests::StateFixture::new();
    f.agent("main", false);
    let vars: Vec<(&str, String)> = f
        .env()
        .into_iter()
        .map(|(k, v)| (k, v.display().to_string()))
        .collect();
    let app = app_with(&f.state_dir(), &vars);
    invoke_with(
        &app,
        "save_api_key",
        json!({"agentId": "main", "provider": "openrouter", "profileId": null, "secret": "sk-or-v1-report-0123456789abcdef"}),
    )
    .expect("saved");
    let report = invoke_with(&app, "get_agent_report", json!({"agentId": "main"})).expect("report");
    let profile = &report["profiles"][0];
    assert_eq!(profile["profileId"], "openrouter:default");
    assert_eq!(profile["status"], "static");
    assert!(
        !report.to_string().contains("report-0123456789"),
        "masked only: {report}"
    );

    invoke_with(
        &app,
        "remove_profile",
        json!({"agentId": "main", "profileId": "openrouter:default"}),
    )
    .expect("removed");
    let after = invoke_with(&app, "get_agent_report", json!({"agentId": "main"})).unwrap();
    assert_eq!(after["profiles"], json!([]));
    let again = invoke_with(
        &app,
        "remove_profile",
        json!({"agentId": "main", "profileId": "openrouter:default"}),
    )
    .unwrap_err();
    assert_eq!(again["code"], "not_found");
    invoke_with(&app, "undo_change", json!({"agentId": "main"})).expect("undone");
    let back = invoke_with(&app, "get_agent_report", json!({"agentId": "main"})).unwrap();
    assert_eq!(back["profiles"][0]["profileId"], "openrouter:default");

    let bad = invoke_with(
        &app,
        "rename_profile",
        json!({"agentId": "main", "from": "openrouter:default", "to": "no-colon"}),
    )
    .unwrap_err();
    assert_eq!(bad["code"], "invalid_input");
    invoke_with(
        &app,
        "rename_profile",
        json!({"agentId": "main", "from": "openrouter:default", "to": "openrouter:work"}),
    )
    .expect("renamed");
    let renamed = invoke_with(&app, "get_agent_report", json!({"agentId": "main"})).unwrap();
    assert_eq!(renamed["profiles"][0]["profileId"], "openrouter:work");
}
