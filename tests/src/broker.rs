//! The Windows tests' way to the Linux-side peers: they run under Wine,
//! where this machine's Node cannot be started, so `scripts/xplat/test.sh`
//! starts `tests/oidc/broker.mjs` and names it in
//! `AUTHTRAY_TEST_OIDC_BROKER`; the broker starts authorization servers and
//! runs OpenClaw for them.

use serde_json::{Value, json};
use std::process::Output;

/// `POST <broker>/<path>` with `body`; its JSON answer.
pub(crate) fn post(path: &str, body: &Value) -> Value {
    let broker = std::env::var("AUTHTRAY_TEST_OIDC_BROKER").expect(
        "AUTHTRAY_TEST_OIDC_BROKER: the Windows tests run from scripts/xplat/test.sh, which starts the broker",
    );
    reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(300))
        .build()
        .expect("http client")
        .post(format!("{broker}/{path}"))
        .body(body.to_string())
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .unwrap_or_else(|e| panic!("the broker's /{path}: {e}"))
}

/// Runs `argv` on the Linux side with `env` added (Windows paths in both
/// become the Linux paths Wine maps them to) and `stdin` piped in.
pub(crate) fn run(argv: Vec<String>, env: Vec<(String, String)>, stdin: &str) -> Output {
    let env: serde_json::Map<String, Value> = env
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let done = post("run", &json!({"argv": argv, "env": env, "stdin": stdin}));
    let text = |k: &str| done[k].as_str().unwrap_or_default().as_bytes().to_vec();
    Output {
        status: exit_status(done["code"].as_i64().expect("exit code")),
        stdout: text("stdout"),
        stderr: text("stderr"),
    }
}

#[cfg(windows)]
fn exit_status(code: i64) -> std::process::ExitStatus {
    use std::os::windows::process::ExitStatusExt;
    std::process::ExitStatus::from_raw(code as u32)
}

#[cfg(unix)]
fn exit_status(code: i64) -> std::process::ExitStatus {
    use std::os::unix::process::ExitStatusExt;
    std::process::ExitStatus::from_raw((code as i32) << 8)
}

/// `path` as the Linux-side peers see it (and write it into their files).
pub(crate) fn unix_path(path: &std::path::Path) -> String {
    let answer = post("path", &json!({"path": path.to_string_lossy()}));
    answer["path"].as_str().expect("a path").to_owned()
}
