//! Keys moved into a real Secret Service (gnome-keyring on the test's
//! session bus) and resolved by the real OpenClaw 2026.5.20 through the exec
//! SecretRef provider `authtray-cli secrets resolve`; and back out. Run by
//! `make test` under `dbus-run-session`.
// Unix only by nature: the Secret Service (gnome-keyring) on a Linux session bus.
#![cfg(unix)]

use authtray_tests::{OpenClaw, StateFixture};
use serde_json::Value;

const KEY: &str = "sk-or-v1-keyring-e2e-0123456789abcdef";

fn secret_service() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no session bus: run under `dbus-run-session` (make test does)"
    );
    // Replace whatever answered first (it may hold a locked keyring) with an
    // unlocked one, as a desktop login would.
    let out = std::process::Command::new("sh")
        .args([
            "-c",
            "echo | gnome-keyring-daemon --replace --unlock --components=secrets",
        ])
        .output()
        .expect("gnome-keyring-daemon (Debian package gnome-keyring)");
    assert!(out.status.success(), "{out:?}");
    std::thread::sleep(std::time::Duration::from_millis(500));
}

fn audit(f: &StateFixture) -> Value {
    let out = OpenClaw::locate()
        .command(f, &["secrets", "audit", "--allow-exec", "--json"])
        .output()
        .expect("openclaw runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "audit JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn store_text(f: &StateFixture) -> String {
    std::fs::read_to_string(f.state_dir().join("agents/main/agent/auth-profiles.json")).unwrap()
}

#[test]
#[ignore = "needs a session bus with a Secret Service; run by `make test`"]
fn a_key_in_the_keyring_is_resolved_by_openclaw_and_can_come_back() {
    secret_service();
    let f = StateFixture::new();
    assert!(f.cli(&["agents", "add", "main"], "").status.success());
    let added = f.cli(
        &["profiles", "add-key", "--provider", "openrouter"],
        &format!("{KEY}\n"),
    );
    assert!(added.status.success(), "{added:?}");
    assert!(audit(&f)["summary"]["plaintextCount"].as_u64() >= Some(1));

    let moved = f.cli(
        &["secrets", "move", "--profile-id", "openrouter:default"],
        "",
    );
    let text = String::from_utf8_lossy(&moved.stdout);
    assert!(
        moved.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    assert!(!text.contains(KEY), "never printed: {text}");
    assert!(
        !store_text(&f).contains(KEY),
        "the store holds a ref, not the key"
    );

    let report = audit(&f);
    assert_eq!(report["summary"]["plaintextCount"], 0, "{report}");
    assert_eq!(report["summary"]["unresolvedRefCount"], 0, "{report}");
    assert_eq!(report["resolution"]["refsChecked"], 1, "{report}");
    assert_eq!(report["resolution"]["skippedExecRefs"], 0, "{report}");

    // OpenClaw's exec protocol answered directly, too.
    let answered = f.cli(
        &["secrets", "resolve"],
        r#"{"protocolVersion":1,"provider":"authtray","ids":["main/openrouter:default","main/nope"]}"#,
    );
    let answer: Value = serde_json::from_slice(&answered.stdout).expect("protocol JSON");
    assert_eq!(answer["values"]["main/openrouter:default"], KEY);
    assert!(answer["errors"]["main/nope"]["message"].is_string());

    // The desktop binary answers the same protocol (keys moved from the window
    // name it as their resolver), without opening a window.
    let mut app = std::process::Command::new(authtray_tests::app_binary())
        .args(["secrets", "resolve"])
        .envs(f.env())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("app starts");
    std::io::Write::write_all(
        &mut app.stdin.take().unwrap(),
        br#"{"protocolVersion":1,"provider":"authtray","ids":["main/openrouter:default"]}"#,
    )
    .unwrap();
    let out = app.wait_with_output().unwrap();
    let answer: Value = serde_json::from_slice(&out.stdout).expect("protocol JSON from the app");
    assert_eq!(answer["values"]["main/openrouter:default"], KEY);

    let restored = f.cli(
        &["secrets", "restore", "--profile-id", "openrouter:default"],
        "",
    );
    assert!(restored.status.success(), "{restored:?}");
    assert!(store_text(&f).contains(KEY), "plaintext again");
    let gone = f.cli(
        &["secrets", "resolve"],
        r#"{"protocolVersion":1,"provider":"authtray","ids":["main/openrouter:default"]}"#,
    );
    let gone: Value = serde_json::from_slice(&gone.stdout).unwrap();
    assert!(
        gone["errors"]["main/openrouter:default"].is_object(),
        "keyring entry removed"
    );
}

#[test]
#[ignore = "needs a session bus; run by `make test`"]
fn without_a_keyring_the_key_stays_where_it_was() {
    let f = StateFixture::new();
    assert!(f.cli(&["agents", "add", "main"], "").status.success());
    f.cli(
        &["profiles", "add-key", "--provider", "openrouter"],
        &format!("{KEY}\n"),
    );
    let before = store_text(&f);
    let out = f.cli_with_env(
        &["secrets", "move", "--profile-id", "openrouter:default"],
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/bus".into(),
        )],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(64), "{err}");
    assert!(
        err.contains("the keyring is not available") && err.contains("stays in the store"),
        "{err}"
    );
    assert_eq!(store_text(&f), before, "nothing changed");
}
