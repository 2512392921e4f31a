//! Profiles through the command layer: API keys and tokens from the window,
//! the agent report, remove/undo/rename — and no stored secret in any reply.

use crate::common::{app_with, invoke, invoke_with};
use serde_json::{Value, json};

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

/// The window asks a provider for usage over HTTP: the command runs where
/// the blocking HTTP client may (not on the async runtime's threads, where
/// building or dropping it panics and the page never gets an answer).
#[test]
fn usage_is_asked_of_the_provider_and_answered_to_the_window() {
    let state = tempfile::tempdir().unwrap();
    let agent = state.path().join("agents/main/agent");
    std::fs::create_dir_all(&agent).unwrap();
    let later = authtray_core::time::now_ms() + 86_400_000;
    std::fs::write(
        agent.join("auth-profiles.json"),
        format!(
            r#"{{"version":1,"profiles":{{"openai-codex:ada":{{"type":"oauth","provider":"openai-codex","access":"ACCESS-ADA","refresh":"REFRESH-ADA","expires":{later}}}}}}}"#
        ),
    )
    .unwrap();
    let stub = authtray_tests::stub::Stub::start(vec![(
        200,
        r#"{"plan_type":"pro","rate_limit":{"primary_window":{"used_percent":42,"limit_window_seconds":18000,"reset_at":4102444800}}}"#.into(),
    )]);
    let data = state.path().join("data").display().to_string();
    let app = app_with(
        state.path(),
        &[
            ("AUTHTRAY_DATA_DIR", data),
            ("AUTHTRAY_USAGE_OPENAI_CODEX_URL", stub.url.clone()),
        ],
    );
    let usage = invoke_with(&app, "get_usage", json!({"agentId": "main", "now": true}))
        .expect("usage answered");
    assert!(usage.to_string().contains("42"), "{usage}");
    assert!(!usage.to_string().contains("ACCESS-ADA"), "{usage}");
    assert_eq!(stub.requests().len(), 1);
}
