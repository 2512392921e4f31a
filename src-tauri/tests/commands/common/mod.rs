//! The app on Tauri's mock runtime with a chosen environment, and IPC calls
//! into it as the webview makes them (through the capability ACL).

#![allow(dead_code)] // each test file uses what it needs

use authtray_core::Env;
use authtray_lib::build_app;
use serde_json::{Value, json};
use std::path::Path;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewUrl, WebviewWindowBuilder};

pub fn app(state_dir: &Path) -> App<MockRuntime> {
    app_with(state_dir, &[])
}

pub fn app_with(state_dir: &Path, vars: &[(&str, String)]) -> App<MockRuntime> {
    let mut env = Env::new(
        [(
            "OPENCLAW_STATE_DIR".to_string(),
            state_dir.display().to_string(),
        )],
        None,
        "/".into(),
    );
    for (k, v) in vars {
        env = env.with_var(k, v);
    }
    let commands = authtray_lib::window_commands!(MockRuntime);
    let app = build_app(mock_builder(), env, &commands)
        .build(tauri::generate_context!(test = true))
        .expect("mock app builds");
    commands.mount_events(&app);
    app
}

pub fn invoke(app: &App<MockRuntime>, cmd: &str) -> Result<Value, Value> {
    invoke_with(app, cmd, json!({}))
}

pub fn invoke_with(app: &App<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let webview = match app.get_webview_window("main") {
        Some(w) => w,
        None => WebviewWindowBuilder::new(app, "main", WebviewUrl::default())
            .build()
            .expect("mock webview"),
    };
    get_ipc_response(
        &webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The app's own origin: tauri://localhost, http://tauri.localhost on Windows.
            url: if cfg!(windows) {
                "http://tauri.localhost"
            } else {
                "tauri://localhost"
            }
            .parse()
            .unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json reply"))
}
