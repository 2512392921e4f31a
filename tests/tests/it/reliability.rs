//! The write path under stress: concurrent processes, kill -9 mid-write,
//! hostile files and held locks — through real processes.

use authtray_tests::{Running, StateFixture};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn profiles(f: &StateFixture) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(f.state_dir().join("agents/main/agent/auth-profiles.json"))
        .expect("store exists");
    let v: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("store does not parse ({e}):\n{text}"));
    v["profiles"].as_object().expect("profiles object").clone()
}

#[test]
fn eight_processes_times_200_updates_lose_nothing() {
    let f = StateFixture::new();
    let agent = f.agent("main", true);
    let started = Instant::now();
    let mut writers = crate::store_writers(&f, &agent, 8, 200);
    for w in &mut writers {
        let status = w
            .wait_exit(Duration::from_secs(300))
            .expect("writer finished");
        assert!(status.success(), "writer failed: {status}");
    }
    let elapsed = started.elapsed();
    let profiles = profiles(&f);
    for w in 0..8 {
        for n in 0..200 {
            assert!(
                profiles.contains_key(&format!("w{w}:{n}")),
                "lost update w{w}:{n}"
            );
        }
    }
    assert_eq!(profiles.len(), 1600);
    println!(
        "8 processes x 200 updates: {:.1} s, {:.0} updates/s",
        elapsed.as_secs_f64(),
        1600.0 / elapsed.as_secs_f64()
    );
}

#[test]
fn kill_9_mid_write_leaves_the_old_or_the_new_version() {
    let f = StateFixture::new();
    let agent = f.agent("main", true);
    let mut rng_state = 0x2545_f491_4f6c_dd1du64;
    let mut next_delay = || {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        Duration::from_micros(rng_state % 25_000)
    };
    for trial in 0..200 {
        let mut w = Running::spawn(
            crate::store_writer()
                .args([
                    f.state_dir().to_str().unwrap(),
                    agent.to_str().unwrap(),
                    &format!("t{trial}"),
                    "1000",
                    "2048",
                ])
                .envs(f.env())
                .stdout(Stdio::piped()),
        );
        // Killed at a random point once it writes (a process starts in
        // milliseconds on Linux, in a tenth of a second under Wine).
        let mut said = BufReader::new(w.0.stdout.take().expect("stdout"));
        let mut first = String::new();
        said.read_line(&mut first).expect("the writer writes");
        std::thread::sleep(next_delay());
        w.0.kill().expect("kill -9");
        w.0.wait().expect("reaped");
        let reported = 1 + said.lines().count();
        let profiles = profiles(&f);
        let n = profiles
            .keys()
            .filter(|k| k.starts_with(&format!("t{trial}:")))
            .count();
        for i in 0..n {
            assert!(
                profiles.contains_key(&format!("t{trial}:{i}")),
                "trial {trial}: a torn sequence"
            );
        }
        assert!(
            n >= reported,
            "trial {trial}: {reported} reported committed, {n} stored"
        );
        let lock = agent.join("auth-profiles.json.lock");
        if let Ok(text) = std::fs::read_to_string(&lock) {
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|_| {
                panic!("trial {trial}: a torn lock file {text:?} would block OpenClaw forever")
            });
            assert!(
                v["pid"].as_u64().is_some(),
                "trial {trial}: lock without pid: {text}"
            );
        }
    }
    // The last killed writer may have left its lock: a dead pid is reclaimed.
    let out = f.cli(
        &[
            "profiles",
            "add-key",
            "--provider",
            "groq",
            "--profile-id",
            "groq:after",
        ],
        "gsk-after-123456",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn hostile_store_files_get_a_clear_error_and_are_never_modified() {
    let deep = "[".repeat(5000);
    let huge = format!(
        "{{\"version\":1,\"profiles\":{{}},\"pad\":\"{}\"}}",
        "x".repeat(17 * 1024 * 1024)
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            b"{\"version\": 1, \"profiles\": {\"a\": {\"type\": \"api".to_vec(),
            "line 1",
        ),
        ("binary", vec![0x00, 0xff, 0xfe, 0x13, 0x37, 0x00], "line 1"),
        ("deeply nested", deep.into_bytes(), "recursion limit"),
        ("wrong type", b"[1, 2, 3]\n".to_vec(), "not a JSON object"),
        (
            "flat legacy",
            b"{\"openrouter\": {\"apiKey\": \"sk-or\"}}".to_vec(),
            "openclaw doctor --fix",
        ),
        (
            "duplicate key",
            b"{\n  \"version\": 1,\n  \"profiles\": {},\n  \"profiles\": {}\n}\n".to_vec(),
            "duplicate key \"profiles\" (line 4",
        ),
        ("huge", huge.into_bytes(), "too large"),
    ];
    for (name, bytes, expected) in cases {
        let f = StateFixture::new();
        let store = f.agent("main", false).join("auth-profiles.json");
        std::fs::write(&store, &bytes).unwrap();
        let out = f.cli(
            &["profiles", "add-key", "--provider", "openrouter"],
            "sk-or-v1-new-key-123456",
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(store.to_str().unwrap()),
            "{name}: names the file: {stderr}"
        );
        assert!(
            stderr.contains(expected),
            "{name}: says {expected:?}: {stderr}"
        );
        assert!(stderr.lines().count() == 1, "{name}: one line: {stderr}");
        assert!(
            std::fs::read(&store).unwrap() == bytes,
            "{name}: the file was modified"
        );
        let status = f.cli(&["status"], "");
        assert_eq!(
            status.status.code(),
            Some(1),
            "{name}: status reports it too"
        );
    }
}

#[test]
fn a_live_lock_holder_is_waited_for_then_named_and_a_dead_one_is_reclaimed() {
    let f = StateFixture::new();
    let agent = f.agent("main", true);
    let before = std::fs::read(agent.join("auth-profiles.json")).unwrap();
    let holder = crate::live_process();
    let lock = agent.join("auth-profiles.json.lock");
    std::fs::write(
        &lock,
        format!(
            "{{\n  \"pid\": {},\n  \"createdAt\": \"2026-05-20T12:34:56.789Z\"\n}}\n",
            holder.0.id()
        ),
    )
    .unwrap();

    let started = Instant::now();
    let out = f.cli(
        &[
            "--lock-timeout",
            "2",
            "profiles",
            "add-key",
            "--provider",
            "openrouter",
        ],
        "sk-or-v1-key-123456",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "it waited first"
    );
    assert!(
        stderr.contains(&format!(
            "lock busy: held by pid {} since 2026-05-20T12:34:56.789Z",
            holder.0.id()
        )),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(agent.join("auth-profiles.json")).unwrap(),
        before,
        "no write"
    );
    assert!(lock.exists(), "a live holder's lock is left alone");

    drop(holder); // kill and reap: the pid is now dead
    let out = f.cli(
        &[
            "--lock-timeout",
            "2",
            "profiles",
            "add-key",
            "--provider",
            "openrouter",
        ],
        "sk-or-v1-key-123456",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!lock.exists(), "reclaimed, then released");
}

#[test]
fn one_broken_store_never_hides_the_others_in_status_all_and_is_never_written() {
    let f = StateFixture::new();
    f.agent("main", true);
    f.agent("ops", true);
    let work = f.agent("work", true);
    let saved = f.cli(
        &[
            "profiles",
            "add-key",
            "--provider",
            "openrouter",
            "--agent",
            "ops",
        ],
        "sk-or-v1-ops-0123456789abcdef",
    );
    assert!(saved.status.success(), "{saved:?}");
    let broken = work.join("auth-profiles.json");
    let truncated = "{\"version\": 1, \"profiles\": {\"openrouter:x\": {\"type\": \"api";
    std::fs::write(&broken, truncated).unwrap();

    let text = f.cli(&["status", "--all"], "");
    let out = String::from_utf8_lossy(&text.stdout);
    assert_eq!(text.status.code(), Some(1), "{out}");
    assert!(out.contains("openrouter:default"), "ops is listed: {out}");
    assert!(
        out.contains("work  ")
            && out.contains("cannot read this agent's store")
            && out.contains("auth-profiles.json"),
        "{out}"
    );

    let json = f.cli(&["status", "--all", "--json"], "");
    assert_eq!(json.status.code(), Some(1));
    let body: Value = serde_json::from_slice(&json.stdout).expect("JSON even with a broken agent");
    let agents = body["agents"].as_array().unwrap();
    let ids: Vec<&str> = agents
        .iter()
        .map(|a| a["agentId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["main", "ops", "work"]);
    let work_report = &agents[2];
    assert_eq!(work_report["profiles"], serde_json::json!([]));
    assert_eq!(work_report["error"]["code"], "unreadable");
    assert_eq!(work_report["error"]["path"], broken.display().to_string());
    assert!(
        work_report["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
    assert!(agents[1].get("error").is_none());

    let check = f.cli(&["status", "--all", "--check"], "");
    assert_eq!(check.status.code(), Some(1), "unreadable fails --check");
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        truncated,
        "never written"
    );
}

#[test]
fn the_cli_checks_a_new_profile_id_on_rename_like_the_window() {
    let f = StateFixture::new();
    f.agent("main", true);
    let saved = f.cli(
        &["profiles", "add-key", "--provider", "openrouter"],
        "sk-or-v1-rename-0123456789abcdef",
    );
    assert!(saved.status.success());
    let store = f.state_dir().join("agents/main/agent/auth-profiles.json");
    let before = std::fs::read(&store).unwrap();
    for bad in ["no-colon", "openrouter:", ":x", "openrouter:two words"] {
        let out = f.cli(&["profiles", "rename", "openrouter:default", bad], "");
        assert_eq!(out.status.code(), Some(64), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("is not a profile id"),
            "{bad}: {out:?}"
        );
    }
    assert_eq!(std::fs::read(&store).unwrap(), before, "nothing written");
    let ok = f.cli(
        &[
            "profiles",
            "rename",
            "openrouter:default",
            "openrouter:work",
        ],
        "",
    );
    assert!(ok.status.success(), "{ok:?}");
}
