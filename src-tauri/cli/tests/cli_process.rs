//! `authtray-cli` as a process: exit codes, which stream gets what, and a
//! secret read from stdin that reaches the store but no output stream.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn cli(state: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_authtray-cli"))
        .args(args)
        .env("OPENCLAW_STATE_DIR", state)
        .env("AUTHTRAY_DATA_DIR", state.join("authtray-data"))
        .env("HOME", state)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("authtray-cli starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("authtray-cli ends")
}

#[test]
fn a_usage_error_exits_64_on_stderr_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = cli(dir.path(), &["no-such-command"], "");
    assert_eq!(out.status.code(), Some(64));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-command"));
}

#[test]
fn a_key_from_stdin_is_stored_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let key = "sk-or-v1-cli-process-test-0123456789abcdef";
    let add = cli(
        dir.path(),
        &["profiles", "add-key", "--provider", "openrouter"],
        &format!("{key}\n"),
    );
    assert_eq!(add.status.code(), Some(0), "{add:?}");
    let status = cli(dir.path(), &["status", "--json"], "");
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    for output in [&add, &status] {
        let printed = [&output.stdout[..], &output.stderr[..]].concat();
        assert!(!String::from_utf8_lossy(&printed).contains(key));
    }
    let report: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    assert!(report.to_string().contains("openrouter:default"));
    let store = std::fs::read_to_string(dir.path().join("agents/main/agent/auth-profiles.json"))
        .expect("store written");
    assert!(store.contains(key));
}
