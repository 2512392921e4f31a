//! WebDriver sessions with the real app (tauri-driver + WebKitWebDriver),
//! shared by the desktop end-to-end tests.

use crate::{
    Running, StateFixture, app_binary, free_port, no_app_left_running, require_display,
    wait_for_port,
};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::process::Command;
use std::time::Duration;

/// Starts tauri-driver and a WebDriver session with the app binary in
/// `fixture`'s environment; both end with the returned values.
pub async fn open_app(fixture: &StateFixture) -> (Running, Client) {
    open_app_with(fixture, &[]).await
}

/// [`open_app`] with `extra` environment on top of the fixture's.
pub async fn open_app_with(fixture: &StateFixture, extra: &[(&str, String)]) -> (Running, Client) {
    let mut env: Vec<(String, String)> = fixture
        .env()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.display().to_string()))
        .collect();
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    open_app_in(&env).await
}

/// A WebDriver session with the app in exactly `env` (on top of the test's
/// own: display, session bus).
pub async fn open_app_in(env: &[(String, String)]) -> (Running, Client) {
    require_display();
    no_app_left_running();
    let (port, native_port) = (free_port(), free_port());
    let driver = Running::spawn(
        Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env_remove("OPENCLAW_STATE_DIR")
            .envs(env.iter().map(|(k, v)| (k, v))),
    );
    assert!(
        wait_for_port(port, Duration::from_secs(20)),
        "tauri-driver did not listen on {port}"
    );
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert(
        "tauri:options".into(),
        // The window process itself (the tray process has no webview).
        json!({ "application": app_binary(), "args": ["--window"] }),
    );
    // tauri-driver proxies to WebKitWebDriver, which it starts itself: a
    // session request before that one listens is dropped. Wait for both,
    // and give a busy machine one more try.
    assert!(
        wait_for_port(native_port, Duration::from_secs(20)),
        "WebKitWebDriver did not listen on {native_port}"
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(caps);
    let client = match builder.connect(&url).await {
        Ok(client) => client,
        Err(first) => {
            eprintln!("first WebDriver session attempt failed ({first}); retrying");
            tokio::time::sleep(Duration::from_secs(2)).await;
            builder
                .connect(&url)
                .await
                .expect("WebDriver session with the app")
        }
    };
    (driver, client)
}

/// The whitespace-folded `textContent` of every element matching `css`. Not
/// WebDriver's rendered text: WebKitWebDriver drops `overflow: hidden` text.
pub async fn texts(client: &Client, css: &str) -> Vec<String> {
    let script = "return [...document.querySelectorAll(arguments[0])]\
                  .map(e => e.textContent.replace(/\\s+/g, ' ').trim())";
    let value = client
        .execute(script, vec![json!(css)])
        .await
        .expect("script");
    serde_json::from_value(value).expect("list of strings")
}
