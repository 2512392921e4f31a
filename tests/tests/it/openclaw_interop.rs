//! authtray-cli and the real OpenClaw 2026.5.20 on one state dir, both
//! directions: what one writes, the other reads identically.
// Unix only by nature: each test needs OpenClaw on the same system as
// Authtray — it follows the agent directories Authtray writes into
// openclaw.json (Windows paths under Wine), checks the store lock's holder
// by pid (Wine's pids are not Linux pids), or answers 2026.5.20's
// paste-token prompt in a pseudo-terminal (util-linux script). The
// SQLite-era interop (openclaw_sqlite.rs) runs under Wine.
#![cfg(unix)]

use authtray_tests::{OpenClaw, StateFixture};
use serde_json::{Value, json};
use std::collections::BTreeSet;

const SETUP_TOKEN_TAIL: &str =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrst";

fn setup_token() -> String {
    format!("sk-ant-oat01-{SETUP_TOKEN_TAIL}")
}

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `models auth list --json` profiles, comparable fields only.
fn listed(v: &Value) -> Vec<Value> {
    v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!({"id": p["id"], "provider": p["provider"], "type": p["type"], "label": p["label"], "expiresAt": p["expiresAt"]}))
        .collect()
}

type Health = BTreeSet<(String, String, String, String, Option<i64>)>;

/// (id, provider, type, status, expiresAt) of every profile in a list.
fn health(profiles: &Value, id_key: &str) -> Health {
    let row = |p: &Value| {
        let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
        (
            s(id_key),
            s("provider"),
            s("type"),
            s("status"),
            p["expiresAt"].as_i64(),
        )
    };
    profiles
        .as_array()
        .expect("a list of profiles")
        .iter()
        .map(row)
        .collect()
}

/// OpenClaw's per-profile health from `models status --json`.
fn openclaw_statuses(v: &Value) -> Health {
    health(&v["auth"]["oauth"]["profiles"], "profileId")
}

/// Authtray's, from `status --json`.
fn authtray_statuses(v: &Value, agent: &str) -> Health {
    let agent = v["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agentId"] == agent)
        .expect("agent in report");
    health(&agent["profiles"], "profileId")
}

#[test]
fn openclaw_reads_what_authtray_writes() {
    let oc = OpenClaw::locate();
    let f = StateFixture::new();
    ok(f.cli(&["agents", "add", "main"], ""));
    ok(f.cli(&["agents", "add", "work"], ""));
    ok(f.cli(
        &["profiles", "add-key", "--provider", "openrouter"],
        "sk-or-v1-0123456789abcdef0123456789\n",
    ));
    ok(f.cli(
        &[
            "profiles",
            "paste-token",
            "--provider",
            "anthropic",
            "--profile-id",
            "anthropic:team",
            "--expires-in",
            "3h",
        ],
        &setup_token(),
    ));
    ok(f.cli(
        &[
            "profiles",
            "paste-token",
            "--provider",
            "anthropic",
            "--profile-id",
            "anthropic:old",
            "--expires-in",
            "365d",
        ],
        &setup_token(),
    ));
    ok(f.cli(
        &[
            "profiles",
            "add-key",
            "--provider",
            "Z.AI",
            "--agent",
            "work",
        ],
        "zai-key-0123456789",
    ));
    ok(f.cli(
        &[
            "order",
            "set",
            "--provider",
            "anthropic",
            "anthropic:old",
            "anthropic:team",
        ],
        "",
    ));

    for agent in ["main", "work"] {
        let theirs = oc.json(&f, &["models", "auth", "list", "--json", "--agent", agent]);
        let ours = f.cli_json(&["profiles", "list", "--json", "--agent", agent]);
        assert_eq!(
            listed(&ours),
            listed(&theirs),
            "models auth list, agent {agent}"
        );

        let theirs = oc.json(&f, &["models", "status", "--json", "--agent", agent]);
        let ours = f.cli_json(&["status", "--json", "--agent", agent]);
        assert_eq!(
            authtray_statuses(&ours, agent),
            openclaw_statuses(&theirs),
            "models status, agent {agent}"
        );
    }
    let theirs = oc.json(
        &f,
        &[
            "models",
            "auth",
            "order",
            "get",
            "--provider",
            "anthropic",
            "--json",
        ],
    );
    let ours = f.cli_json(&["order", "get", "--provider", "anthropic", "--json"]);
    assert_eq!(ours["order"], json!(["anthropic:old", "anthropic:team"]));
    assert_eq!(ours["order"], theirs["order"]);
    // OpenClaw prints paths under the home as `~/…`.
    let home = f.home().display().to_string();
    assert_eq!(
        ours["authStatePath"]
            .as_str()
            .unwrap()
            .replacen(&home, "~", 1),
        theirs["authStatePath"].as_str().unwrap()
    );
}

#[test]
fn authtray_reads_what_openclaw_writes() {
    let oc = OpenClaw::locate();
    let f = StateFixture::new();
    let workspace = f.home().join("ws");
    oc.run(
        &f,
        &[
            "agents",
            "add",
            "research",
            "--non-interactive",
            "--workspace",
            workspace.to_str().unwrap(),
            "--json",
        ],
    );
    ok(f.cli(
        &["profiles", "add-key", "--provider", "openrouter"],
        "sk-or-v1-0123456789abcdef0123456789",
    ));
    ok(f.cli(
        &[
            "profiles",
            "add-key",
            "--provider",
            "openrouter",
            "--profile-id",
            "openrouter:spare",
        ],
        "sk-or-v1-spare-0123456789abcdef",
    ));
    let out = oc.run_in_pty(
        &f,
        &[
            "models",
            "auth",
            "paste-token",
            "--provider",
            "github-copilot",
            "--expires-in",
            "30d",
        ],
        "ghu_pastedthroughapty0123456789",
    );
    assert!(
        out.status.success(),
        "paste-token in a pty: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    oc.run(
        &f,
        &[
            "models",
            "auth",
            "order",
            "set",
            "--provider",
            "openrouter",
            "openrouter:spare",
            "openrouter:default",
        ],
    );

    let agents = f.cli_json(&["agents", "list", "--json"]);
    let ids: Vec<&str> = agents["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["main", "research"]);

    let theirs = oc.json(&f, &["models", "auth", "list", "--json"]);
    let ours = f.cli_json(&["profiles", "list", "--json"]);
    assert_eq!(listed(&ours), listed(&theirs));
    assert!(
        listed(&ours)
            .iter()
            .any(|p| p["id"] == "github-copilot:manual" && p["type"] == "token")
    );

    let ours = f.cli_json(&["order", "get", "--provider", "openrouter", "--json"]);
    assert_eq!(
        ours["order"],
        json!(["openrouter:spare", "openrouter:default"])
    );
    let research = f.cli_json(&["status", "--json", "--agent", "research"]);
    let theirs = oc.json(&f, &["models", "status", "--json", "--agent", "research"]);
    assert_eq!(
        authtray_statuses(&research, "research"),
        openclaw_statuses(&theirs)
    );
}

#[test]
fn concurrent_openclaw_order_set_loses_no_authtray_write() {
    let oc = OpenClaw::locate();
    let f = StateFixture::new();
    ok(f.cli(&["agents", "add", "main"], ""));
    ok(f.cli(
        &[
            "profiles",
            "add-key",
            "--provider",
            "openrouter",
            "--profile-id",
            "openrouter:a",
        ],
        "sk-or-a-0123456789",
    ));
    ok(f.cli(
        &[
            "profiles",
            "add-key",
            "--provider",
            "openrouter",
            "--profile-id",
            "openrouter:b",
        ],
        "sk-or-b-0123456789",
    ));

    let orders = [
        ["openrouter:a", "openrouter:b"],
        ["openrouter:b", "openrouter:a"],
    ];
    std::thread::scope(|scope| {
        let openclaw = scope.spawn(|| {
            for i in 0..6 {
                let ids = orders[i % 2];
                oc.run(
                    &f,
                    &[
                        "models",
                        "auth",
                        "order",
                        "set",
                        "--provider",
                        "openrouter",
                        ids[0],
                        ids[1],
                    ],
                );
            }
        });
        let mut n = 0;
        while !openclaw.is_finished() || n < 10 {
            ok(f.cli(
                &[
                    "profiles",
                    "add-key",
                    "--provider",
                    "groq",
                    "--profile-id",
                    &format!("groq:k{n}"),
                ],
                &format!("gsk-{n:04}-0123456789"),
            ));
            n += 1;
            // Still far above real use, and leaves OpenClaw's lock attempts
            // (a bounded back-off) room: a writer looping without a pause
            // can starve them on a loaded 2-core machine.
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        openclaw.join().expect("openclaw loop");
        let listed = f.cli_json(&["profiles", "list", "--json", "--provider", "groq"]);
        assert_eq!(
            listed["profiles"].as_array().unwrap().len(),
            n,
            "every Authtray write survived"
        );
    });
    let order = oc.json(
        &f,
        &[
            "models",
            "auth",
            "order",
            "get",
            "--provider",
            "openrouter",
            "--json",
        ],
    );
    assert_eq!(
        order["order"],
        json!(orders[1]),
        "OpenClaw's last write survived"
    );
}
