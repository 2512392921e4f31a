//! The SQLite era against the real OpenClaw 2026.9.6 (Node 26): state made
//! by OpenClaw's own commands is listed by Authtray with the same statuses;
//! what Authtray writes, OpenClaw reads back; a browser login and a refresh
//! land where OpenClaw looks; concurrent writers lose nothing; kill -9 never
//! corrupts a database; broken databases get a clear error and are never
//! written; `doctor --fix` of a JSON-era dir is listed as before.
//! OpenClaw 2026.9.6 takes 8–16 s a command here, so one template state is
//! made once and copied into each test.

use authtray_tests::cli_login::{self, finish, param};
use authtray_tests::oidc::{OidcServer, deliver, sign_in};
use authtray_tests::{OpenClaw, Running, StateFixture};
use rusqlite::Connection;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use authtray_tests::templates::{MAIN_KEY, WORK_KEY, setup_token};

fn oc() -> OpenClaw {
    OpenClaw::locate_2026_9()
}

fn fixture() -> StateFixture {
    StateFixture::copy_of(authtray_tests::templates::sqlite_2026_9())
}

fn work_db(f: &StateFixture) -> PathBuf {
    f.state_dir()
        .join("agents/work/agent/openclaw-agent.sqlite")
}

fn state_db(f: &StateFixture) -> PathBuf {
    f.state_dir().join("state/openclaw.sqlite")
}

/// `(profileId, status)` of one agent in `authtray-cli status --json`.
fn ours(status: &Value, agent: &str) -> BTreeMap<String, String> {
    status["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agentId"] == agent)
        .unwrap_or_else(|| panic!("no agent {agent}: {status}"))["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_status)
        .collect()
}

fn id_status(p: &Value) -> (String, String) {
    (
        p["profileId"].as_str().unwrap().to_owned(),
        p["status"].as_str().unwrap().to_owned(),
    )
}

/// `(profileId, status)` of `openclaw models status --json --agent A`.
fn theirs(f: &StateFixture, agent: &str) -> BTreeMap<String, String> {
    oc().json(f, &["models", "status", "--json", "--agent", agent])["auth"]["oauth"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_status)
        .collect()
}

fn ids(list: &Value) -> Vec<String> {
    list["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn authtray_lists_what_openclaw_2026_9_stored_with_the_same_statuses() {
    let f = fixture();
    let status = f.cli_json(&["status", "--all", "--json"]);
    assert_eq!(status["format"]["era"], "sqlite-shared", "{status}");
    let main = ours(&status, "main");
    assert_eq!(
        main.get("openrouter:manual").map(String::as_str),
        Some("static")
    );
    let work = ours(&status, "work");
    assert_eq!(
        work,
        theirs(&f, "work"),
        "the same profiles, the same statuses"
    );
    let work_report = &status["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agentId"] == "work")
        .unwrap();
    let inherited: Vec<_> = work_report["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["inherited"] == true)
        .map(|p| p["profileId"].clone())
        .collect();
    assert_eq!(
        inherited,
        [json!("openrouter:manual")],
        "work inherits main's key from the shared store"
    );
    assert_eq!(
        status["agents"][0]["order"]["openrouter"],
        json!(["openrouter:manual"])
    );
    let text = String::from_utf8_lossy(&f.cli(&["status", "--all"], "").stdout).into_owned();
    assert!(
        text.contains("shared store in the state database"),
        "{text}"
    );
    assert!(
        !text.contains(MAIN_KEY) && !text.contains(WORK_KEY),
        "masked only"
    );
}

#[test]
fn what_authtray_writes_openclaw_2026_9_reads_back_and_keeps() {
    let f = fixture();
    let ok = |args: &[&str], stdin: &str| {
        let out = f.cli(args, stdin);
        assert!(
            out.status.success(),
            "authtray-cli {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let saved = ok(
        &[
            "profiles",
            "add-key",
            "--provider",
            "openrouter",
            "--profile-id",
            "openrouter:authtray",
        ],
        "sk-or-v1-authtray-9-0123456789ab",
    );
    assert!(
        saved.contains("state/openclaw.sqlite"),
        "main's keys go to the shared store: {saved}"
    );
    ok(
        &[
            "profiles",
            "add-key",
            "--agent",
            "work",
            "--provider",
            "mistral",
        ],
        "mistral-key-0123456789",
    );
    ok(
        &[
            "profiles",
            "rename",
            "--agent",
            "work",
            "mistral:default",
            "mistral:work",
        ],
        "",
    );
    ok(
        &[
            "profiles",
            "paste-token",
            "--agent",
            "work",
            "--provider",
            "zai",
            "--expires-in",
            "1d",
        ],
        "zai-token-0123456789",
    );
    ok(
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
    ok(&["profiles", "remove", "--agent", "work", "zai:manual"], "");
    ok(&["undo", "--agent", "work"], "");
    let o = oc();
    let main = o.json(&f, &["models", "auth", "list", "--agent", "main", "--json"]);
    assert!(ids(&main).contains(&"openrouter:authtray".into()), "{main}");
    let work = o.json(&f, &["models", "auth", "list", "--agent", "work", "--json"]);
    for id in [
        "mistral:work",
        "zai:manual",
        "anthropic:manual",
        "openrouter:work",
        "openrouter:manual",
    ] {
        assert!(ids(&work).contains(&id.into()), "{id} in {work}");
    }
    assert!(!ids(&work).contains(&"mistral:default".into()));
    let order = o.json(
        &f,
        &[
            "models",
            "auth",
            "order",
            "get",
            "--agent",
            "work",
            "--provider",
            "openrouter",
            "--json",
        ],
    );
    assert_eq!(
        order["order"],
        json!(["openrouter:work", "openrouter:manual"])
    );
    // OpenClaw writes next; what Authtray wrote stays.
    o.run(
        &f,
        &[
            "models",
            "auth",
            "order",
            "set",
            "--agent",
            "work",
            "--provider",
            "zai",
            "zai:manual",
        ],
    );
    let status = f.cli_json(&["status", "--agent", "work", "--json"]);
    let work = ours(&status, "work");
    assert!(
        work.contains_key("mistral:work") && work.contains_key("zai:manual"),
        "{status}"
    );
    assert_eq!(status["agents"][0]["order"]["zai"], json!(["zai:manual"]));
    assert_eq!(
        status["agents"][0]["order"]["openrouter"],
        json!(["openrouter:work", "openrouter:manual"])
    );
    // Never a temp copy renamed over a database: the same inode throughout.
    let conn = Connection::open(work_db(&f)).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

fn oidc() -> OidcServer {
    authtray_tests::oidc::codex_server("pro")
}

#[test]
fn a_browser_login_and_its_refresh_land_where_openclaw_2026_9_looks() {
    let server = oidc();
    let f = fixture();
    let env = server.login_env("openai-codex", authtray_tests::oidc::CODEX_CLIENT);
    let (child, url) = cli_login::start(&f, "openai-codex", &env, &["--agent", "main"]);
    let redirect = sign_in(url.as_str());
    assert_eq!(param(&redirect, "state"), param(&url, "state"));
    assert_eq!(deliver(&redirect).0, 200);
    let (code, err) = finish(child);
    assert_eq!(code, 0, "{err}");
    let id = "openai:ada@example.test";
    let conn = Connection::open(state_db(&f)).unwrap();
    let store: String = conn
        .query_row(
            "SELECT value_json FROM config_machine_state WHERE state_key = 'authProfiles.store'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let store: Value = serde_json::from_str(&store).unwrap();
    assert_eq!(
        store["profiles"][id]["provider"], "openai",
        "the era's provider id: {store}"
    );
    assert_eq!(store["profiles"][id]["accountId"], "acct-9");
    let before = store["profiles"][id]["refresh"]
        .as_str()
        .unwrap()
        .to_owned();
    // Authtray refreshes it under 2026.9's refresh lock, into the same store.
    let out = f.cli_with_env(
        &["refresh", "--agent", "main"],
        &env.iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect::<Vec<_>>(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("refreshed; valid for"));
    let refreshes = server
        .grants()
        .into_iter()
        .filter(|g| g["grant_type"] == "refresh_token")
        .count();
    assert_eq!(refreshes, 1);
    let status = f.cli_json(&["status", "--json"]);
    assert_eq!(
        ours(&status, "main").get(id).map(String::as_str),
        Some("ok")
    );
    let theirs = theirs(&f, "main");
    assert_eq!(
        theirs.get(id).map(String::as_str),
        Some("ok"),
        "OpenClaw 2026.9.6 reports it usable: {theirs:?}"
    );
    let conn = Connection::open(state_db(&f)).unwrap();
    let after: String = conn
        .query_row(
            "SELECT value_json FROM config_machine_state WHERE state_key = 'authProfiles.store'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(
        serde_json::from_str::<Value>(&after).unwrap()["profiles"][id]["refresh"]
            .as_str()
            .unwrap(),
        before,
        "the rotated token is saved"
    );
}

#[test]
// Unix only by nature: SQLite's file locks: Wine's (LockFileEx, kept by wineserver) and the Linux OpenClaw's (fcntl) do not see each other.
#[cfg(unix)]
fn authtray_writers_and_openclaw_2026_9_lose_nothing() {
    let f = fixture();
    let agent = f.state_dir().join("agents/work/agent");
    let mut writers = crate::store_writers(&f, &agent, 4, 40);
    let o = oc();
    for round in 0..3 {
        let ids: Vec<&str> = if round % 2 == 0 {
            vec!["openrouter:work", "openrouter:manual"]
        } else {
            vec!["openrouter:manual", "openrouter:work"]
        };
        let mut args = vec![
            "models",
            "auth",
            "order",
            "set",
            "--agent",
            "work",
            "--provider",
            "openrouter",
        ];
        args.extend(ids);
        o.run(&f, &args);
    }
    for w in &mut writers {
        let status = w
            .wait_exit(Duration::from_secs(300))
            .expect("writer finished");
        assert!(status.success(), "writer failed: {status}");
    }
    let status = f.cli_json(&["status", "--agent", "work", "--json"]);
    let work = ours(&status, "work");
    for w in 0..4 {
        for n in 0..40 {
            assert!(work.contains_key(&format!("w{w}:{n}")), "lost w{w}:{n}");
        }
    }
    assert!(work.contains_key("anthropic:manual"));
    assert_eq!(
        status["agents"][0]["order"]["openrouter"],
        json!(["openrouter:work", "openrouter:manual"]),
        "OpenClaw's last order stays"
    );
}

#[test]
fn a_transaction_held_past_the_busy_timeout_is_a_clear_busy_error_and_writes_nothing() {
    let f = fixture();
    let holder = Connection::open(work_db(&f)).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = f.cli(
        &[
            "profiles",
            "add-key",
            "--agent",
            "work",
            "--provider",
            "mistral",
        ],
        "mistral-key-0123456789",
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("is busy") && err.contains("openclaw-agent.sqlite"),
        "{err}"
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert!(
        !ours(
            &f.cli_json(&["status", "--agent", "work", "--json"]),
            "work"
        )
        .contains_key("mistral:default")
    );
}

#[test]
fn kill_9_mid_write_leaves_a_sound_database_with_the_old_or_the_new_document() {
    let f = fixture();
    let agent = f.state_dir().join("agents/work/agent");
    let db = work_db(&f);
    let mut last = 0usize;
    for trial in 0..200u64 {
        let mut child = Running::spawn(
            crate::store_writer()
                .args([
                    f.state_dir().to_str().unwrap(),
                    agent.to_str().unwrap(),
                    &format!("k{trial}"),
                    "1000",
                    "2048",
                ])
                .envs(f.env())
                .stdout(Stdio::null()),
        );
        std::thread::sleep(Duration::from_millis(5 + (trial * 7) % 40));
        let _ = child.0.kill();
        let _ = child.0.wait();
        let conn = Connection::open(&db).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "trial {trial}");
        let text: String = conn
            .query_row(
                "SELECT store_json FROM auth_profile_store WHERE store_key = 'primary'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("trial {trial}: torn document ({e})"));
        let n = doc["profiles"].as_object().unwrap().len();
        assert!(
            n >= last,
            "trial {trial}: a committed write was lost ({n} < {last})"
        );
        assert!(
            doc["profiles"]["anthropic:manual"].is_object(),
            "trial {trial}"
        );
        last = n;
    }
}

/// Breaks work's database in one way; main keeps working, work says why.
fn broken(how: &str, f: &StateFixture) {
    let db = work_db(f);
    match how {
        "garbage" => {
            std::fs::write(
                &db,
                b"this is not a database, not at all; not one page of it",
            )
            .unwrap();
        }
        other => {
            let conn = Connection::open(&db).unwrap();
            conn.execute_batch(other).unwrap();
        }
    }
}

#[test]
fn broken_databases_get_a_clear_error_naming_the_file_and_are_never_written() {
    for (how, says) in [
        // (A newer schema version alone is read by what it holds and
        // written through OpenClaw: every_openclaw.rs.)
        ("garbage", "openclaw-agent.sqlite"),
        (
            "DROP TABLE auth_profile_state",
            "no auth_profile_state table",
        ),
        (
            "UPDATE auth_profile_store SET store_json = 'not json' WHERE store_key = 'primary'",
            "not a store document",
        ),
    ] {
        let f = fixture();
        broken(how, &f);
        let db = work_db(&f);
        let before = std::fs::read(&db).unwrap();
        let out = f.cli(&["status", "--all", "--json"], "");
        assert_eq!(out.status.code(), Some(1), "{how}");
        let status: Value = serde_json::from_slice(&out.stdout).unwrap();
        let work = status["agents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["agentId"] == "work")
            .unwrap();
        let message = work["error"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{how}: {work}"));
        assert!(
            message.contains(says) && message.contains("openclaw-agent.sqlite"),
            "{how}: {message}"
        );
        let named = work["error"]["path"].as_str().expect("a path");
        if cfg!(unix) {
            assert_eq!(named, db.display().to_string(), "{how}");
        } else {
            // Under Wine it is the path openclaw.json names, which the Linux
            // OpenClaw wrote: the same file by another name.
            assert!(
                named
                    .replace('\\', "/")
                    .ends_with("/openclaw-state/agents/work/agent/openclaw-agent.sqlite"),
                "{how}: {named}"
            );
        }
        assert!(
            !ours(&status, "main").is_empty(),
            "{how}: main still listed"
        );
        let write = f.cli(
            &[
                "profiles",
                "add-key",
                "--agent",
                "work",
                "--provider",
                "mistral",
            ],
            "mistral-key-0123456789",
        );
        assert!(!write.status.success(), "{how}: refused");
        assert_eq!(std::fs::read(&db).unwrap(), before, "{how}: never written");
    }
}

#[test]
fn doctor_fix_of_a_json_era_dir_is_listed_the_same_afterwards() {
    let f = StateFixture::new();
    f.agent("main", true);
    f.agent("work", true);
    let add = |args: &[&str], stdin: &str| {
        let out = f.cli(args, stdin);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    add(
        &["profiles", "add-key", "--provider", "openrouter"],
        MAIN_KEY,
    );
    add(
        &[
            "profiles",
            "paste-token",
            "--agent",
            "work",
            "--provider",
            "anthropic",
            "--expires-in",
            "30d",
        ],
        &setup_token(),
    );
    add(
        &[
            "profiles",
            "add-key",
            "--agent",
            "work",
            "--provider",
            "mistral",
        ],
        "mistral-key-0123456789",
    );
    let before = f.cli_json(&["status", "--all", "--json"]);
    assert_eq!(before["format"]["era"], "json");
    oc().run(&f, &["doctor", "--fix", "--non-interactive"]);
    let after = f.cli_json(&["status", "--all", "--json"]);
    assert_eq!(after["format"]["era"], "sqlite-shared", "{after}");
    for agent in ["main", "work"] {
        assert_eq!(
            ours(&after, agent),
            ours(&before, agent),
            "{agent}: the same profiles and statuses"
        );
    }
    assert!(
        !Path::new(&f.state_dir().join("agents/work/agent/auth-profiles.json")).exists(),
        "archived by doctor"
    );
}

#[test]
fn profiles_stranded_in_retired_json_are_named_and_imported_only_when_asked() {
    let f = fixture();
    let dir = f.state_dir().join("agents/work/agent");
    let retired = dir.join("auth-profiles.json");
    let json = json!({"version": 1, "profiles": {
        "mistral:json": {"type": "api_key", "provider": "mistral", "key": "mistral-json-0123456789"},
        "anthropic:manual": {"type": "api_key", "provider": "anthropic", "key": "sk-ant-api03-shadowed"},
    }});
    std::fs::write(&retired, json.to_string()).unwrap();
    let status = f.cli(&["status", "--all", "--json"], "");
    let body: Value = serde_json::from_slice(&status.stdout).unwrap();
    let stranded: Vec<&Value> = body["upgrade"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["kind"] == "stranded")
        .collect();
    assert_eq!(stranded.len(), 1, "{body}");
    assert_eq!(stranded[0]["agentId"], "work");
    assert_eq!(
        stranded[0]["profiles"],
        json!(["mistral:json"]),
        "SQLite wins on anthropic:manual"
    );
    assert!(
        stranded[0]["nextStep"]
            .as_str()
            .unwrap()
            .contains("openclaw doctor --fix")
    );
    let text = String::from_utf8_lossy(&f.cli(&["upgrade"], "").stdout).into_owned();
    assert!(
        text.contains("mistral:json") && text.contains("risk: OpenClaw never reads them"),
        "{text}"
    );
    let o = oc();
    assert!(
        !ids(&o.json(&f, &["models", "auth", "list", "--agent", "work", "--json"]))
            .contains(&"mistral:json".into())
    );
    let done = f.cli(&["upgrade", "import", "--agent", "work"], "");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(!retired.exists(), "archived");
    let archive: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("auth-profiles.json.migrated-")
        })
        .collect();
    assert_eq!(archive.len(), 1);
    assert_eq!(
        std::fs::read_to_string(archive[0].path()).unwrap(),
        json.to_string(),
        "byte for byte"
    );
    let work = o.json(&f, &["models", "auth", "list", "--agent", "work", "--json"]);
    assert!(
        ids(&work).contains(&"mistral:json".into()),
        "OpenClaw 2026.9.6 reads the imported profile: {work}"
    );
    let again = f.cli_json(&["status", "--all", "--json"]);
    assert!(
        again["upgrade"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["kind"] != "stranded"),
        "{again}"
    );
}

/// `models.authStatus` of a running gateway: the profile ids it serves.
#[cfg(unix)]
fn gateway_profiles(f: &StateFixture, port: u16, token: &str) -> Vec<String> {
    let url = format!("ws://127.0.0.1:{port}");
    let status = oc().json(
        f,
        &[
            "gateway",
            "call",
            "models.authStatus",
            "--params",
            "{}",
            "--json",
            "--token",
            token,
            "--url",
            &url,
        ],
    );
    status["providers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["profiles"].as_array().unwrap().iter())
        .map(|p| p["profileId"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
// Unix only by nature: the test starts OpenClaw's gateway as its own child (Linux Node).
#[cfg(unix)]
fn a_running_gateway_of_2026_9_sees_authtrays_write_without_a_restart() {
    let f = fixture();
    let gateway = oc().start_gateway(&f);
    let (port, token) = (gateway.port, gateway.token.as_str());
    assert!(gateway_profiles(&f, port, token).contains(&"openrouter:manual".to_owned()));
    // (Not told, a 2026.9.6 gateway may keep serving what it read before —
    // openclaw-sqlite.md b.7 saw 37 s of it; whether it does depends on its
    // caches, so only the told write is asserted.)
    let out = f.cli(
        &["profiles", "add-key", "--provider", "groq"],
        "gsk-gateway-0123456789abcdef",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the running gateway"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let served = gateway_profiles(&f, port, token);
    assert!(
        served.contains(&"groq:default".to_owned()),
        "the gateway serves the new key: {served:?}"
    );
}

#[test]
// Unix only by nature: a real OpenSSH server (sshd) on 127.0.0.1.
#[cfg(unix)]
fn over_ssh_a_gateway_of_2026_9_is_listed_and_written_through_its_own_engine() {
    let remote = fixture();
    let laptop = StateFixture::new();
    let sshd = authtray_tests::sshd::Sshd::start(&remote, &laptop);
    sshd.put_cli(&remote);
    let far = |args: &[&str], stdin: &str| {
        let out = laptop.cli_run(&[&["--host", "gw"], args].concat(), stdin, &sshd.env());
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let status: Value = serde_json::from_str(&far(&["status", "--all", "--json"], "")).unwrap();
    let here = remote.cli_json(&["status", "--all", "--json"]);
    assert_eq!(status["format"]["era"], "sqlite-shared", "{status}");
    for agent in ["main", "work"] {
        assert_eq!(ours(&status, agent), ours(&here, agent), "{agent}");
    }
    assert!(
        ours(&status, "work").contains_key("anthropic:manual"),
        "{status}"
    );

    far(
        &[
            "profiles",
            "add-key",
            "--agent",
            "work",
            "--provider",
            "openrouter",
            "--profile-id",
            "openrouter:far",
        ],
        "sk-or-v1-far-9-0123456789abcdef\n",
    );
    far(
        &[
            "order",
            "set",
            "--agent",
            "work",
            "--provider",
            "openrouter",
            "openrouter:far",
            "openrouter:work",
        ],
        "",
    );
    // One 2026.9.6 call: the database there holds both, as OpenClaw reads it.
    let theirs = oc().json(
        &remote,
        &["models", "auth", "list", "--json", "--agent", "work"],
    );
    let listed = ids(&theirs);
    assert!(
        listed.contains(&"openrouter:far".to_owned())
            && listed.contains(&"openrouter:work".to_owned()),
        "{theirs}"
    );
    assert!(
        !laptop.state_dir().exists(),
        "nothing written on the laptop"
    );
}

#[test]
fn the_order_quota_suggests_is_applied_in_the_sqlite_era_and_read_by_openclaw_2026_9() {
    let f = fixture();
    let add = |id: &str, token: &str| {
        let out = f.cli(
            &[
                "profiles",
                "paste-token",
                "--agent",
                "work",
                "--provider",
                "github-copilot",
                "--profile-id",
                id,
            ],
            &format!("{token}\n"),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    add("github-copilot:busy", "ghu_BUSY");
    add("github-copilot:free", "ghu_FREE");
    let body = |left: f64| {
        json!({"copilot_plan": "individual", "quota_reset_date": "2030-01-01",
               "quota_snapshots": {"premium_interactions": {"percent_remaining": left, "unlimited": false}}})
        .to_string()
    };
    let (busy, free) = (body(10.0), body(90.0));
    let copilot =
        authtray_tests::stub::Stub::per_token(vec![("ghu_BUSY", busy), ("ghu_FREE", free)]);
    let out = f.cli_with_env(
        &[
            "order",
            "suggest",
            "--agent",
            "work",
            "--provider",
            "github-copilot",
            "--apply",
        ],
        &[("AUTHTRAY_USAGE_GITHUB_COPILOT_URL", copilot.url.clone())],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("1. github-copilot:free  90% left in its premium window"),
        "{text}"
    );
    // One 2026.9.6 call: the order is in work's database as OpenClaw reads it.
    let theirs = oc().json(
        &f,
        &[
            "models",
            "auth",
            "order",
            "get",
            "--agent",
            "work",
            "--provider",
            "github-copilot",
            "--json",
        ],
    );
    assert_eq!(
        theirs["order"],
        json!(["github-copilot:free", "github-copilot:busy"]),
        "{theirs}"
    );
}
