//! The boundary itself: the wire shape of replies and errors, the
//! capability (ACL), every declared command registered, the era guard and a
//! broken config seen the same from every command.

use crate::common::{app, invoke, invoke_with};
use serde_json::json;

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
fn every_declared_command_is_registered() {
    let build_rs = include_str!("../../build.rs");
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
        // restart_app restarts the process (the test binary): never call it here.
        if cmd == "restart_app" {
            continue;
        }
        if let Err(e) = invoke_with(&app, cmd, json!({})) {
            let text = e.to_string();
            assert!(
                !text.contains(&format!("Command {cmd} not found")),
                "{cmd} is allowed but not registered: {text}"
            );
        }
    }
}

fn state_with(config: &str) -> tempfile::TempDir {
    let state = tempfile::tempdir().unwrap();
    for id in ["main", "work"] {
        std::fs::create_dir_all(state.path().join("agents").join(id).join("agent")).unwrap();
    }
    std::fs::write(state.path().join("openclaw.json"), config).unwrap();
    state
}

fn data_dir(state: &std::path::Path) -> Vec<(&'static str, String)> {
    vec![(
        "AUTHTRAY_DATA_DIR",
        state.join("data").display().to_string(),
    )]
}

#[test]
fn the_sqlite_era_guard_holds_in_the_window_too() {
    let state = state_with(r#"{"meta": {"lastTouchedVersion": "2026.9.6"}}"#);
    let app = crate::common::app_with(state.path(), &data_dir(state.path()));
    let err = invoke_with(
        &app,
        "save_api_key",
        json!({"agentId": "main", "provider": "openrouter", "profileId": null, "secret": "sk-or-v1-era-0123456789"}),
    )
    .unwrap_err();
    // OpenClaw 2026.9.6 wrote the config but has no database yet: the key
    // goes through OpenClaw itself, which is not installed here.
    assert_eq!(err["code"], "not_found", "{err}");
    assert!(
        err["message"].as_str().unwrap().contains(
            "goes through OpenClaw here (OpenClaw has not created its database yet), but no `openclaw` program found"
        ),
        "{err}"
    );
    assert!(
        !state
            .path()
            .join("agents/main/agent/auth-profiles.json")
            .exists()
    );
}

#[test]
fn an_unknown_agent_is_refused_before_any_login_opens() {
    let state = state_with("{}");
    let port = authtray_tests::free_port();
    let mut vars = data_dir(state.path());
    vars.push(("AUTHTRAY_OAUTH_OPENAI_CODEX_PORTS", port.to_string()));
    let app = crate::common::app_with(state.path(), &vars);
    let err = invoke_with(
        &app,
        "start_login",
        json!({"method": "browser", "provider": "openai-codex", "agentId": "nobody", "openBrowser": true, "profileId": null}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("unknown agent \"nobody\"")
    );
    std::net::TcpListener::bind(("127.0.0.1", port)).expect("no callback listener was started");
    let err = invoke_with(
        &app,
        "start_login",
        json!({"method": "code", "provider": "github-copilot", "agentId": "nobody", "openBrowser": true, "profileId": null}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
}

#[test]
fn a_broken_openclaw_json_is_one_error_in_every_store_command_and_never_written() {
    let broken = "{agents: {list: [";
    let state = state_with(broken);
    let app = crate::common::app_with(state.path(), &data_dir(state.path()));
    let agent = json!("work");
    for (cmd, args) in [
        (
            "save_api_key",
            json!({"agentId": agent, "provider": "openrouter", "profileId": null, "secret": "sk-or-v1-cfg-0123456789"}),
        ),
        (
            "save_token",
            json!({"agentId": agent, "provider": "zai", "profileId": null, "token": "t", "expiresIn": null}),
        ),
        ("sync_claude_code", json!({"agentId": agent})),
        ("move_keys_to_keyring", json!({"agentId": agent})),
        ("get_agent_report", json!({"agentId": agent})),
        (
            "remove_profile",
            json!({"agentId": agent, "profileId": "zai:manual"}),
        ),
        ("undo_change", json!({"agentId": agent})),
        (
            "rename_profile",
            json!({"agentId": agent, "from": "zai:manual", "to": "zai:x"}),
        ),
        (
            "set_order",
            json!({"agentId": agent, "provider": "zai", "profileIds": ["zai:manual"], "scope": "agent"}),
        ),
        (
            "reset_order",
            json!({"agentId": agent, "provider": "zai", "scope": "global"}),
        ),
        ("add_agent", json!({"agentId": "ops"})),
        (
            "copy_secret",
            json!({"agentId": agent, "profileId": "zai:manual"}),
        ),
        (
            "start_login",
            json!({"method": "browser", "provider": "anthropic", "agentId": agent, "openBrowser": false, "profileId": null}),
        ),
        (
            "start_login",
            json!({"method": "code", "provider": "github-copilot", "agentId": agent, "openBrowser": false, "profileId": null}),
        ),
    ] {
        let err = invoke_with(&app, cmd, args).expect_err(cmd);
        assert_eq!(err["code"], "unreadable", "{cmd}: {err}");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("openclaw.json is not valid JSON5"),
            "{cmd}: {err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(state.path().join("openclaw.json")).unwrap(),
        broken
    );
    assert!(
        !state
            .path()
            .join("agents/work/agent/auth-profiles.json")
            .exists()
    );
    let listed = invoke(&app, "list_agents").expect("the folders are still listed");
    assert_eq!(listed["agents"].as_array().unwrap().len(), 2);
    assert!(
        listed["warnings"][0]
            .as_str()
            .unwrap()
            .contains("openclaw.json")
    );
    let health = invoke(&app, "get_health").unwrap();
    assert_eq!(health["icon"], "error", "{health}");
}

#[test]
fn one_broken_store_shows_in_the_tray_and_the_others_still_report() {
    let state = state_with("{}");
    std::fs::write(
        state.path().join("agents/main/agent/auth-profiles.json"),
        r#"{"version":1,"profiles":{"openrouter:default":{"type":"api_key","provider":"openrouter","key":"sk-or-1"}}}"#,
    )
    .unwrap();
    let broken = state.path().join("agents/work/agent/auth-profiles.json");
    std::fs::write(&broken, "{\"version\":1,").unwrap();
    let app = crate::common::app_with(state.path(), &data_dir(state.path()));
    let health = invoke(&app, "get_health").unwrap();
    assert_eq!(health["icon"], "error");
    assert_eq!(health["title"], "1 unreadable");
    assert!(
        health["errors"][0].as_str().unwrap().starts_with("work: "),
        "{health}"
    );
    let main = invoke_with(&app, "get_agent_report", json!({"agentId": "main"})).unwrap();
    assert_eq!(main["profiles"][0]["profileId"], "openrouter:default");
    let work = invoke_with(&app, "get_agent_report", json!({"agentId": "work"})).unwrap_err();
    assert_eq!(work["code"], "unreadable");
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), "{\"version\":1,");
}
