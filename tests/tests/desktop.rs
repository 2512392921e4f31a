//! The real app binary in a real WebKitGTK window, driven over WebDriver
//! (tauri-driver + WebKitWebDriver) from Rust with fantoccini.

use authtray_tests::StateFixture;
use authtray_tests::artefacts_dir;
use authtray_tests::webdriver::{open_app, texts};
use fantoccini::Locator;
use std::time::Duration;

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
