//! The real app binary in a real WebKitGTK window, driven over WebDriver
//! (tauri-driver + WebKitWebDriver) from Rust with fantoccini.

use authtray_tests::{
    Running, StateFixture, app_binary, artefacts_dir, free_port, no_app_left_running,
    require_display, wait_for_port,
};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::process::Command;
use std::time::Duration;

async fn open_app(fixture: &StateFixture) -> (Running, Client) {
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
            .envs(fixture.env()),
    );
    assert!(
        wait_for_port(port, Duration::from_secs(20)),
        "tauri-driver did not listen on {port}"
    );
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert(
        "tauri:options".into(),
        json!({ "application": app_binary() }),
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
async fn texts(client: &Client, css: &str) -> Vec<String> {
    let script = "return [...document.querySelectorAll(arguments[0])]\
                  .map(e => e.textContent.replace(/\\s+/g, ' ').trim())";
    let value = client
        .execute(script, vec![json!(css)])
        .await
        .expect("script");
    serde_json::from_value(value).expect("list of strings")
}

#[tokio::test]
#[ignore = "desktop E2E: needs Xvfb and tauri-driver; run by `make test`"]
async fn window_lists_the_agents_of_the_state_dir() {
    let fixture = StateFixture::new();
    fixture.agent("main", true);
    fixture.agent("research", false);
    fixture.agent("ops", true);
    let (_driver, client) = open_app(&fixture).await;

    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=agent-list]"))
        .await
        .expect("agent list rendered");
    let names = texts(&client, "[data-testid=agent-list] button").await;
    let shown_dir = texts(&client, "[data-testid=state-dir-path]").await;

    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(artefacts_dir().join("desktop-agents.png"), png).unwrap();
    client.close().await.expect("end session");

    assert_eq!(names, ["main default", "ops", "research no credentials"]);
    assert_eq!(shown_dir, [fixture.state_dir().display().to_string()]);
}

#[tokio::test]
#[ignore = "desktop E2E: needs Xvfb and tauri-driver; run by `make test`"]
async fn window_explains_a_missing_state_dir() {
    let fixture = StateFixture::new();
    let (_driver, client) = open_app(&fixture).await;

    let notice = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=notice]"))
        .await
        .expect("empty state rendered");
    drop(notice);
    let text = texts(&client, "[data-testid=notice]").await.join(" ");
    client.close().await.expect("end session");

    assert!(text.contains("No OpenClaw state found"), "{text}");
    assert!(
        text.contains(&fixture.state_dir().display().to_string()),
        "{text}"
    );
}
