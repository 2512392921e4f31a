//! The command layer on Tauri's mock runtime: real commands, real managed
//! state, the app's real capabilities (ACL) — no window system needed.

use authtray_core::Env;
use authtray_lib::build_app;
use serde_json::{Value, json};
use std::path::Path;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewUrl, WebviewWindowBuilder};

fn app(state_dir: &Path) -> App<MockRuntime> {
    let env = Env::new(
        [(
            "OPENCLAW_STATE_DIR".to_string(),
            state_dir.display().to_string(),
        )],
        None,
        "/".into(),
    );
    build_app(mock_builder(), env)
        .build(tauri::generate_context!(test = true))
        .expect("mock app builds")
}

fn invoke(app: &App<MockRuntime>, cmd: &str) -> Result<Value, Value> {
    let webview = WebviewWindowBuilder::new(app, "main", WebviewUrl::default())
        .build()
        .expect("mock webview");
    get_ipc_response(
        &webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::default(),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json reply"))
}

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
