//! The real app binary in a real WebKitGTK window, driven over WebDriver
//! (tauri-driver + WebKitWebDriver) from Rust with fantoccini.
// Unix only by nature: the Linux desktop under Xvfb with WebKitWebDriver.
#![cfg(unix)]

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

    let welcome = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=welcome]"))
        .await
        .expect("the welcome view rendered");
    drop(welcome);
    let text = texts(&client, "[data-testid=welcome]").await.join(" ");
    client.close().await.expect("end session");

    assert!(
        text.contains("No OpenClaw state directory was found"),
        "{text}"
    );
    assert!(
        text.contains(&fixture.state_dir().display().to_string()),
        "{text}"
    );
}

#[tokio::test]
#[ignore = "desktop E2E: needs Xvfb and tauri-driver; run by `make test`"]
async fn a_first_run_welcomes_and_picking_a_folder_shows_its_agents() {
    use authtray_tests::webdriver::open_app_in;
    let empty = StateFixture::new();
    let elsewhere = StateFixture::new();
    elsewhere.agent("main", true);
    elsewhere.agent("work", true);
    // An empty HOME and no OPENCLAW_STATE_DIR: nothing to find.
    let env: Vec<(String, String)> = empty
        .env()
        .into_iter()
        .filter(|(k, _)| *k != "OPENCLAW_STATE_DIR")
        .map(|(k, v)| (k.to_owned(), v.display().to_string()))
        .collect();
    let (driver, client) = open_app_in(&env).await;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=welcome]"))
        .await
        .expect("the welcome view");
    let text = texts(&client, "[data-testid=welcome]").await.join(" ");
    let home_dir = empty.home().join(".openclaw");
    assert!(
        text.contains(&format!(
            "{} (default location): does not exist",
            home_dir.display()
        )),
        "{text}"
    );
    client
        .find(Locator::Css("#welcome-folder"))
        .await
        .unwrap()
        .send_keys(&elsewhere.state_dir().display().to_string())
        .await
        .unwrap();
    // The app restarts on the folder (outside this WebDriver session): the
    // click may lose its answer to the restart, so what it did is checked
    // on disk.
    let _ = client
        .find(Locator::Css("[data-testid=welcome] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await;
    let settings = empty.home().join("authtray-data/settings.json");
    let saved = authtray_tests::poll(Duration::from_secs(10), || {
        std::fs::read_to_string(&settings)
            .ok()
            .filter(|t| t.contains(&elsewhere.state_dir().display().to_string()))
    });
    assert!(saved.is_some(), "the folder is kept in Authtray's settings");
    drop(client);
    drop(driver);
    let _ = std::process::Command::new("pkill")
        .args(["-f", &authtray_tests::app_process_pattern()])
        .status();

    // The next start shows that folder's agents.
    let (_driver, client) = open_app_in(&env).await;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=agent-list] li + li"))
        .await
        .expect("agents of the picked folder");
    let agents = texts(&client, "[data-testid=agent-list] button").await;
    client.close().await.expect("end session");
    assert!(
        agents[0].starts_with("main") && agents[1].starts_with("work"),
        "{agents:?}"
    );
}

/// The README's picture (scripts/readme-screenshot.sh copies it to
/// docs/screenshot.png): an agent with profiles of two providers, two
/// OpenAI keys in a stored order with one cooling down, and a token that
/// expires in three hours — the window says so and offers Reconnect.
#[tokio::test]
#[ignore = "desktop E2E: needs Xvfb and tauri-driver; run by `make test`"]
async fn the_window_shows_profiles_priority_and_an_alert() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let fixture = StateFixture::new();
    let main = fixture.agent("main", false);
    fixture.agent("research", true);
    std::fs::write(
        main.join("auth-profiles.json"),
        serde_json::json!({"version": 1, "profiles": {
            "anthropic:work": {"type": "token", "provider": "anthropic", "token": "sk-ant-oat01-readme-picture-0123456789", "expires": now + 3 * 3_600_000 - 60_000},
            "openai:work": {"type": "api_key", "provider": "openai", "key": "sk-proj-readme-work-0123456789abcdef"},
            "openai:personal": {"type": "api_key", "provider": "openai", "key": "sk-proj-readme-personal-0123456789ab"}
        }})
        .to_string(),
    )
    .unwrap();
    std::fs::write(
        main.join("auth-state.json"),
        serde_json::json!({"version": 1,
            "order": {"openai": ["openai:personal", "openai:work"]},
            "usageStats": {"openai:personal": {"lastUsed": now - 60_000, "cooldownUntil": now + 40 * 60_000, "cooldownReason": "rate_limit"}}
        })
        .to_string(),
    )
    .unwrap();
    let (_driver, client) = open_app(&fixture).await;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=priority-openai] ol li + li"))
        .await
        .expect("the priority of openai");
    // As tall as the test display allows, so the priority shows too.
    client
        .set_window_size(1100, 800)
        .await
        .expect("window size");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let alerts = texts(&client, "[data-testid=agent-alerts] li").await;
    let order = texts(&client, "[data-testid=priority-openai] ol li").await;
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(artefacts_dir().join("readme-window.png"), png).unwrap();
    client.close().await.expect("end session");

    assert!(
        alerts
            .iter()
            .any(|a| a.contains("anthropic:work") && a.contains("Reconnect")),
        "{alerts:?}"
    );
    // Stored first, but cooling down: the effective order tries it last.
    assert!(order[0].contains("openai:work"), "{order:?}");
    assert!(
        order[1].contains("openai:personal") && order[1].contains("cooling down"),
        "{order:?}"
    );
}
