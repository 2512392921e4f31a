//! The window may start exactly the logins of the programs that own their
//! tokens (capabilities/cli-logins-linux.json), through the shell plugin and
//! the capability ACL as the webview calls it: the listed names with their
//! fixed arguments run; any other program, name or argument does not.
//!
//! The terminal is a stand-in `x-terminal-emulator` that writes down its
//! arguments: the test runs itself again (one inner test) with that first
//! on PATH, so no real terminal ever opens and no global state changes.

#![cfg(target_os = "linux")]

use crate::common::{app, invoke_with};
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const INNER: &str = "cli_logins::inner_only_the_listed_logins_start";

fn spawn(
    app: &tauri::App<tauri::test::MockRuntime>,
    program: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, String> {
    invoke_with(
        app,
        "plugin:shell|spawn",
        json!({ "program": program, "args": args, "options": {}, "onEvent": "__CHANNEL__:1" }),
    )
    .map_err(|e| e.to_string())
}

/// Waits for the stand-in terminal to have written its arguments.
fn recorded(file: &Path) -> Vec<String> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Ok(text) = std::fs::read_to_string(file)
            && text.ends_with("<end>\n")
        {
            let _ = std::fs::remove_file(file);
            return text
                .lines()
                .take_while(|l| *l != "<end>")
                .map(str::to_owned)
                .collect();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the stand-in terminal never ran");
}

#[test]
#[ignore = "run by only_the_listed_programs_and_arguments_can_be_started, with a stand-in terminal on PATH"]
fn inner_only_the_listed_logins_start() {
    let record = std::path::PathBuf::from(
        std::env::var("AUTHTRAY_TEST_RECORD").expect("run by the outer test"),
    );
    let state = tempfile::tempdir().unwrap();
    let app = app(state.path());

    for (name, want) in [
        (
            "claude-setup-token",
            ["-e", "claude", "setup-token"].as_slice(),
        ),
        ("claude-login", ["-e", "claude"].as_slice()),
        ("codex-login", ["-e", "codex", "login"].as_slice()),
    ] {
        spawn(&app, name, json!([])).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(recorded(&record), want, "{name}");
    }
    // Arguments from the page never replace the listed ones.
    let _ = spawn(
        &app,
        "claude-setup-token",
        json!(["-e", "sh", "-c", "touch /tmp/pwned"]),
    );
    assert_eq!(recorded(&record), ["-e", "claude", "setup-token"]);

    // Nothing that is not listed by name starts.
    for program in [
        "x-terminal-emulator",
        "sh",
        "/bin/sh",
        "claude",
        "codex",
        "gemini-login",
        "",
    ] {
        let err = spawn(&app, program, json!(["-e", "claude"])).expect_err(program);
        assert!(
            err.contains("not found") || err.contains("not allowed") || err.contains("scope"),
            "{program}: {err}"
        );
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(!record.exists(), "no refused program ran");
    // The other shell commands are not granted at all.
    for cmd in [
        "plugin:shell|execute",
        "plugin:shell|open",
        "plugin:shell|kill",
    ] {
        let err = invoke_with(&app, cmd, json!({ "program": "claude-setup-token", "args": [], "options": {}, "path": "https://example.com", "pid": 1 }))
            .expect_err(cmd)
            .to_string();
        assert!(err.contains("not allowed"), "{cmd}: {err}");
    }
}

#[test]
fn only_the_listed_programs_and_arguments_can_be_started() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("terminal-args");
    let terminal = dir.path().join("x-terminal-emulator");
    std::fs::write(
        &terminal,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" '<end>' > '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&terminal, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            INNER,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("PATH", path)
        .env("AUTHTRAY_TEST_RECORD", &record)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && text.contains("1 passed"), "{text}");
}
