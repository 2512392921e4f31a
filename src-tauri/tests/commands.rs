//! The command layer on Tauri's mock runtime: real commands, real managed
//! state, the app's real capabilities (ACL) — no window system needed.

mod common;

use common::{app, invoke, invoke_with};
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
