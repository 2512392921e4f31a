//! Agents and priority through the command layer: add an agent, set its
//! order or the global one, reset to automatic; refusals are words, not
//! writes; a broken openclaw.json is never written over.

use crate::common::{app_with, invoke_with};
use serde_json::{Value, json};
use std::path::Path;

fn setup() -> (tempfile::TempDir, tauri::App<tauri::test::MockRuntime>) {
    let state = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(state.path().join("agents/main/agent")).unwrap();
    let data = state.path().join("data").display().to_string();
    let app = app_with(state.path(), &[("AUTHTRAY_DATA_DIR", data)]);
    (state, app)
}

fn save_key(app: &tauri::App<tauri::test::MockRuntime>, agent: &str, id: &str, key: &str) {
    invoke_with(
        app,
        "save_api_key",
        json!({"agentId": agent, "provider": "openai", "profileId": id, "secret": key}),
    )
    .expect("saved");
}

fn effective(app: &tauri::App<tauri::test::MockRuntime>, agent: &str) -> Value {
    let report = invoke_with(app, "get_agent_report", json!({"agentId": agent})).expect("report");
    report["effectiveOrder"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["provider"] == "openai")
        .cloned()
        .expect("openai order")
}

fn tried(order: &Value) -> Vec<String> {
    order["tried"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["profileId"].as_str().unwrap().to_owned())
        .collect()
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn an_added_agent_gets_an_order_of_its_own_and_a_reset_returns_to_automatic() {
    let (state, app) = setup();
    let list = invoke_with(&app, "add_agent", json!({"agentId": "work"})).expect("added");
    let ids: Vec<&str> = list["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["main", "work"]);
    let dup = invoke_with(&app, "add_agent", json!({"agentId": "work"})).unwrap_err();
    assert_eq!(dup["code"], "invalid_input");
    assert!(
        dup["message"].as_str().unwrap().contains("already exists"),
        "{dup}"
    );
    let bad = invoke_with(&app, "add_agent", json!({"agentId": "My Agent"})).unwrap_err();
    assert!(
        bad["message"].as_str().unwrap().contains("my-agent"),
        "{bad}"
    );

    save_key(&app, "work", "openai:a", "sk-a-0123456789");
    save_key(&app, "work", "openai:b", "sk-b-0123456789");
    invoke_with(
        &app,
        "set_order",
        json!({"agentId": "work", "provider": "openai", "profileIds": ["openai:b", "openai:a"], "scope": "agent"}),
    )
    .expect("order set");
    let state_file = state.path().join("agents/work/agent/auth-state.json");
    assert_eq!(
        read(&state_file)["order"]["openai"],
        json!(["openai:b", "openai:a"])
    );
    let order = effective(&app, "work");
    assert_eq!(order["source"], "stored");
    assert_eq!(tried(&order), ["openai:b", "openai:a"]);

    invoke_with(
        &app,
        "set_order",
        json!({"agentId": "work", "provider": "openai", "profileIds": ["openai:a"], "scope": "agent"}),
    )
    .expect("shorter order");
    let order = effective(&app, "work");
    assert_eq!(order["excluded"][0]["profileId"], "openai:b");
    assert_eq!(order["excluded"][0]["why"]["kind"], "notInOrder");

    invoke_with(
        &app,
        "reset_order",
        json!({"agentId": "work", "provider": "openai", "scope": "agent"}),
    )
    .expect("reset");
    // An empty state is deleted, as OpenClaw does.
    assert!(!state_file.exists() || read(&state_file)["order"].get("openai").is_none());
    assert_eq!(effective(&app, "work")["source"], "automatic");
}

#[test]
fn a_global_order_is_written_to_openclaw_json_and_refusals_write_nothing() {
    let (state, app) = setup();
    save_key(&app, "main", "openai:a", "sk-a-0123456789");
    save_key(&app, "main", "openai:b", "sk-b-0123456789");
    let config = state.path().join("openclaw.json");
    invoke_with(
        &app,
        "set_order",
        json!({"agentId": "main", "provider": "openai", "profileIds": ["openai:b", "openai:a"], "scope": "global"}),
    )
    .expect("global order");
    assert_eq!(
        read(&config)["auth"]["order"]["openai"],
        json!(["openai:b", "openai:a"])
    );
    assert_eq!(effective(&app, "main")["source"], "config");

    let before = std::fs::read(&config).unwrap();
    for ids in [
        json!(["openai:nope"]),
        json!([]),
        json!(["openai:a", "openai:a"]),
    ] {
        let err = invoke_with(
            &app,
            "set_order",
            json!({"agentId": "main", "provider": "openai", "profileIds": ids, "scope": "global"}),
        )
        .unwrap_err();
        assert_eq!(err["code"], "invalid_input", "{err}");
    }
    assert_eq!(std::fs::read(&config).unwrap(), before);

    std::fs::write(&config, b"{ auth: { order: ").unwrap();
    let broken = invoke_with(
        &app,
        "reset_order",
        json!({"agentId": "main", "provider": "openai", "scope": "global"}),
    )
    .unwrap_err();
    assert_eq!(broken["code"], "unreadable");
    assert!(
        broken["message"]
            .as_str()
            .unwrap()
            .contains("openclaw.json"),
        "{broken}"
    );
    assert_eq!(std::fs::read(&config).unwrap(), b"{ auth: { order: ");
}
