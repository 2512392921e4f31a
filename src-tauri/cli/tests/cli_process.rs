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

#[test]
fn serve_answers_every_line_and_refuses_what_it_must() {
    let dir = tempfile::tempdir().unwrap();
    let key = "sk-or-v1-served-key-0123456789abcdef";
    let requests = [
        serde_json::json!({"v": 1, "id": 1, "method": "run", "params": {
            "args": ["profiles", "add-key", "--provider", "openrouter"], "stdin": format!("{key}\n")}}),
        serde_json::json!({"v": 1, "id": 2, "method": "run", "params": {"args": ["status", "--json"]}}),
        serde_json::json!({"v": 1, "id": 3, "method": "run", "params": {"args": ["login", "--provider", "anthropic"]}}),
        serde_json::json!({"v": 1, "id": 4, "method": "run", "params": {"args": ["--host", "x", "status"]}}),
        serde_json::json!({"v": 1, "id": 5, "method": "agent", "params": {"agent": "nobody"}}),
        serde_json::json!({"v": 1, "id": 6, "method": "agent", "params": {}}),
        serde_json::json!({"v": 2, "id": 7, "method": "agent", "params": {}}),
        serde_json::json!({"v": 1, "id": 8, "method": "teleport", "params": {}}),
    ];
    let mut input: String = requests.iter().map(|r| format!("{r}\n")).collect();
    input.push_str("this is not json\n");
    let out = cli(dir.path(), &["serve", "--stdio"], &input);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    assert_eq!(
        lines.len(),
        1 + requests.len() + 1,
        "hello, then one answer per line"
    );
    assert_eq!(lines[0]["server"], "authtray-cli");
    assert_eq!(lines[0]["protocol"], 1);
    let answer = |id: u64| &lines[id as usize];
    for id in 1..=8 {
        assert_eq!(answer(id)["id"], id);
    }
    assert_eq!(answer(1)["result"]["exit"], 0, "{}", answer(1));
    let status: serde_json::Value =
        serde_json::from_str(answer(2)["result"]["stdout"].as_str().unwrap()).unwrap();
    assert!(status.to_string().contains("openrouter:default"));
    for (id, code) in [
        (3, "invalid_input"),
        (4, "invalid_input"),
        (5, "not_found"),
        (7, "invalid_input"),
        (8, "not_found"),
    ] {
        assert_eq!(answer(id)["error"]["code"], code, "{}", answer(id));
    }
    assert_eq!(answer(6)["result"]["id"], "main");
    assert_eq!(lines[9]["id"], 0);
    assert_eq!(lines[9]["error"]["code"], "invalid_input");
    let printed = format!("{lines:?}{}", String::from_utf8_lossy(&out.stderr));
    assert!(!printed.contains(key), "the served key is never echoed");
}
