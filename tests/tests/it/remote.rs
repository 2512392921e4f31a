//! Installs on other machines, through a real OpenSSH server on 127.0.0.1
//! (its own host key, user key, config and port): the laptop's
//! `authtray-cli --host gw …` reaches the gateway's install through
//! `authtray-cli serve --stdio` there. The gateway's state is made and read
//! back by the real OpenClaw 2026.5.20; a browser login against
//! oidc-provider opens here and is saved there; concurrent writers on both
//! sides lose nothing; every failure is named and leaves the store intact;
//! no secret is ever in ssh's arguments, environment or Authtray's files.
// Unix only by nature: a real OpenSSH server (sshd) on 127.0.0.1.
#![cfg(unix)]

use authtray_tests::cli_login::{self, finish, param};
use authtray_tests::oidc::{OidcServer, deliver, sign_in};
use authtray_tests::sshd::Sshd;
use authtray_tests::{OpenClaw, Running, StateFixture, poll};
use serde_json::{Value, json};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const KEY: &str = "sk-or-v1-remote-key-0123456789abcdef";

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Asserts that the command's stderr says `needle`.
fn said(out: &Output, needle: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(needle), "should say {needle:?}: {}", text(out));
}

/// The laptop: its own HOME and data dir, no OpenClaw state of its own.
struct Laptop {
    f: StateFixture,
    /// `AUTHTRAY_SSH_COMMAND`: a wrapper that records ssh's argv and
    /// environment, then runs ssh with the test's config.
    ssh_command: String,
    record: PathBuf,
}

impl Laptop {
    fn new(sshd: &Sshd, f: StateFixture) -> Self {
        let record = f.home().join("ssh-record.txt");
        let wrapper = f.home().join("record-ssh");
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\n{{ echo \"ARGV: $*\"; env; }} >> {}\nexec {} \"$@\"\n",
                record.display(),
                sshd.ssh_command()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
        Self {
            f,
            ssh_command: wrapper.display().to_string(),
            record,
        }
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![("AUTHTRAY_SSH_COMMAND", self.ssh_command.clone())]
    }

    fn cli(&self, args: &[&str], stdin: &str) -> Output {
        self.f.cli_run(args, stdin, &self.env())
    }

    fn ok(&self, args: &[&str], stdin: &str) -> String {
        let out = self.cli(args, stdin);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Everything the laptop side kept: ssh's recorded argv/env and every
    /// file in its home (Authtray's data dir, logs, control dir).
    fn everything_kept(&self) -> String {
        let mut all = std::fs::read_to_string(&self.record).unwrap_or_default();
        read_tree(self.f.home(), &mut all);
        all
    }
}

fn read_tree(dir: &Path, into: &mut String) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let ty = e.file_type().unwrap();
        if ty.is_dir() {
            read_tree(&e.path(), into);
        } else if ty.is_file() {
            into.push_str(&String::from_utf8_lossy(
                &std::fs::read(e.path()).unwrap_or_default(),
            ));
        }
    }
}

fn store_path(f: &StateFixture, agent: &str) -> PathBuf {
    f.state_dir()
        .join("agents")
        .join(agent)
        .join("agent/auth-profiles.json")
}

fn store(f: &StateFixture, agent: &str) -> Value {
    serde_json::from_slice(&std::fs::read(store_path(f, agent)).expect("store")).expect("JSON")
}

/// A gateway whose state OpenClaw 2026.5.20 made (agent `research`), with
/// this build's `authtray-cli` installed by `--install-cli`.
fn gateway() -> (StateFixture, Sshd, Laptop) {
    let remote = StateFixture::new();
    remote.agent("main", true);
    let oc = OpenClaw::locate();
    let ws = remote.home().join("ws");
    let out = oc.run(
        &remote,
        &[
            "agents",
            "add",
            "research",
            "--non-interactive",
            "--workspace",
            ws.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let laptop_f = StateFixture::new();
    let sshd = Sshd::start(&remote, &laptop_f);
    let laptop = Laptop::new(&sshd, laptop_f);
    (remote, sshd, laptop)
}

#[test]
fn a_gateway_made_by_openclaw_is_listed_written_over_ssh_and_read_back_there() {
    let (remote, _sshd, laptop) = gateway();

    let out = laptop.ok(&["--host", "gw", "--install-cli"], "");
    let installed = remote.home().join(".local/share/authtray/bin/authtray-cli");
    assert!(out.contains(&installed.display().to_string()), "{out}");
    let mode = std::fs::metadata(&installed).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "installed 0700");

    let status: Value =
        serde_json::from_str(&laptop.ok(&["--host", "gw", "status", "--all", "--json"], ""))
            .expect("status --json over ssh is JSON");
    let agents: Vec<&str> = status["agents"]
        .as_array()
        .expect("agents")
        .iter()
        .map(|a| a["agentId"].as_str().unwrap_or_default())
        .collect();
    assert!(
        agents.contains(&"main") && agents.contains(&"research"),
        "{status}"
    );

    let add = ["--host", "gw", "profiles", "add-key", "--agent", "research"];
    let out = laptop.ok(
        &[&add[..], &["--provider", "openrouter"]].concat(),
        &format!("{KEY}\n"),
    );
    assert!(out.contains("openrouter:default"), "{out}");
    let spare = [
        "--provider",
        "openrouter",
        "--profile-id",
        "openrouter:spare",
    ];
    laptop.ok(
        &[&add[..], &spare].concat(),
        "sk-or-v1-remote-spare-0123456789\n",
    );
    laptop.ok(
        &[
            "--host",
            "gw",
            "order",
            "set",
            "--agent",
            "research",
            "--provider",
            "openrouter",
            "openrouter:spare",
            "openrouter:default",
        ],
        "",
    );

    // The gateway's own OpenClaw reads what arrived.
    let oc = OpenClaw::locate();
    let theirs = oc.json(
        &remote,
        &["models", "auth", "list", "--json", "--agent", "research"],
    );
    let ids: Vec<&str> = theirs["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str().or(p["profileId"].as_str()))
        .collect();
    assert!(
        ids.contains(&"openrouter:default") && ids.contains(&"openrouter:spare"),
        "{theirs}"
    );
    let order = oc.json(
        &remote,
        &[
            "models",
            "auth",
            "order",
            "get",
            "--provider",
            "openrouter",
            "--agent",
            "research",
            "--json",
        ],
    );
    assert_eq!(
        order["order"],
        json!(["openrouter:spare", "openrouter:default"]),
        "{order}"
    );
    assert_eq!(
        store(&remote, "research")["profiles"]["openrouter:default"]["key"],
        KEY
    );

    // Nothing landed on the laptop, and the key was never in ssh's argv or
    // environment nor in any file the laptop side keeps.
    assert!(
        !laptop.f.state_dir().exists(),
        "no state dir made on the laptop"
    );
    let kept = laptop.everything_kept();
    assert!(kept.contains("ARGV:"), "the wrapper recorded ssh's calls");
    assert!(!kept.contains(KEY), "the key is only inside the protocol");
}

fn oidc() -> OidcServer {
    authtray_tests::oidc::codex_server("plus")
}

#[test]
fn a_browser_login_here_is_saved_there_and_its_tokens_never_touch_the_laptop() {
    let (remote, sshd, laptop) = gateway();
    sshd.put_cli(&remote);
    let server = oidc();
    let mut env: Vec<(String, String)> =
        server.login_env("openai-codex", authtray_tests::oidc::CODEX_CLIENT);
    env.extend(laptop.env().into_iter().map(|(k, v)| (k.to_owned(), v)));

    // An agent the gateway does not have is refused before anything opens.
    let out = laptop.f.cli_run(
        &[
            "--host",
            "gw",
            "login",
            "--provider",
            "openai-codex",
            "--agent",
            "nobody",
            "--no-browser",
        ],
        "",
        &env.iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect::<Vec<_>>(),
    );
    assert_eq!(out.status.code(), Some(64), "{}", text(&out));
    said(&out, "unknown agent \"nobody\"");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("http://"),
        "no link shown"
    );

    let (child, url) = cli_login::start(
        &laptop.f,
        "openai-codex",
        &env,
        &["--host", "gw", "--agent", "research"],
    );
    let redirect = sign_in(url.as_str());
    assert_eq!(param(&redirect, "state"), param(&url, "state"));
    let (status, page) = deliver(&redirect);
    assert_eq!(status, 200, "{page}");
    let (code, err) = finish(child);
    assert_eq!(code, 0, "{err}");
    let grants = server.grants();
    assert_eq!(
        grants.len(),
        1,
        "one code exchange, by the laptop: {grants:?}"
    );

    let saved = &store(&remote, "research")["profiles"]["openai-codex:ada@example.test"];
    assert_eq!(saved["type"], "oauth", "{saved}");
    assert_eq!(saved["accountId"], "acct-9");
    let (access, refresh) = (
        saved["access"].as_str().unwrap(),
        saved["refresh"].as_str().unwrap(),
    );
    assert!(!refresh.is_empty());
    let theirs = OpenClaw::locate().json(
        &remote,
        &["models", "status", "--json", "--agent", "research"],
    );
    let ok = theirs["auth"]["oauth"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["profileId"] == "openai-codex:ada@example.test" && p["status"] == "ok");
    assert!(ok, "OpenClaw there reads the login: {theirs}");

    let kept = laptop.everything_kept();
    assert!(
        !kept.contains(access) && !kept.contains(refresh),
        "no token kept on the laptop or in ssh's args/env"
    );
    assert!(!laptop.f.state_dir().exists());
}

#[test]
fn local_and_remote_writers_at_once_lose_nothing() {
    let (remote, sshd, laptop) = gateway();
    sshd.put_cli(&remote);
    let laptop = std::sync::Arc::new(laptop);
    let remote = std::sync::Arc::new(remote);
    let mut threads = vec![];
    for i in 0..8 {
        let l = laptop.clone();
        threads.push(std::thread::spawn(move || {
            let id = format!("openrouter:far{i}");
            l.ok(
                &[
                    "--host",
                    "gw",
                    "profiles",
                    "add-key",
                    "--provider",
                    "openrouter",
                    "--profile-id",
                    &id,
                ],
                &format!("sk-or-v1-far-{i}-0123456789\n"),
            );
        }));
        let r = remote.clone();
        threads.push(std::thread::spawn(move || {
            let id = format!("openrouter:near{i}");
            let out = r.cli(
                &[
                    "profiles",
                    "add-key",
                    "--provider",
                    "openrouter",
                    "--profile-id",
                    &id,
                ],
                &format!("sk-or-v1-near-{i}-0123456789\n"),
            );
            assert!(out.status.success(), "{}", text(&out));
        }));
    }
    for t in threads {
        t.join().expect("writer");
    }
    let profiles = store(&remote, "main")["profiles"].clone();
    for i in 0..8 {
        for side in ["far", "near"] {
            let id = format!("openrouter:{side}{i}");
            assert_eq!(
                profiles[&id]["key"],
                format!("sk-or-v1-{side}-{i}-0123456789"),
                "{id} lost: {profiles}"
            );
        }
    }
}

/// A stand-in for the far side's authtray-cli.
fn fake_cli(remote: &StateFixture, script: &str) {
    let path = remote.home().join(".local/share/authtray/bin/authtray-cli");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn every_failure_is_named_and_leaves_the_remote_store_intact() {
    let (remote, mut sshd, laptop) = gateway();
    let before = std::fs::read(store_path(&remote, "main")).unwrap();
    let add_key = [
        "--host",
        "gw",
        "profiles",
        "add-key",
        "--provider",
        "openrouter",
    ];
    let fails = |args: &[&str], exit: i32, says: &str| {
        let out = laptop.cli(args, &format!("{KEY}\n"));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(exit), "{args:?}: {}", text(&out));
        assert!(err.contains(says), "{args:?} should say {says:?}: {err}");
        assert!(!err.contains(KEY));
        assert_eq!(
            std::fs::read(store_path(&remote, "main")).unwrap(),
            before,
            "store intact"
        );
        err
    };

    fails(
        &add_key,
        64,
        "gw has no authtray-cli; install this build there with `authtray-cli --host gw --install-cli`",
    );
    fake_cli(
        &remote,
        "echo \"error: unrecognized subcommand 'serve'\" >&2; exit 64",
    );
    fails(&add_key, 64, "too old to serve");
    fake_cli(
        &remote,
        "echo '{\"server\":\"authtray-cli\",\"protocol\":99,\"version\":\"9.9.9\"}'; cat >/dev/null",
    );
    fails(&add_key, 64, "(9.9.9) speaks protocol 99, this one 1");
    fake_cli(&remote, "echo 'Welcome to the gateway!'; cat >/dev/null");
    fails(
        &add_key,
        1,
        "did not answer as authtray-cli serve: its first line was \"Welcome to the gateway!\"",
    );

    sshd.put_cli(&remote);
    sshd.forget_host_key();
    fails(&add_key, 1, "the host key of gw has CHANGED");
    sshd.restore_host_key();
    fails(
        &["--host", "stranger", "status"],
        1,
        "stranger refused the login",
    );

    // The host drops while the write waits for a lock OpenClaw holds there.
    let holder = crate::live_process();
    let lock = store_path(&remote, "main").with_extension("json.lock");
    std::fs::write(
        &lock,
        format!(
            "{{\"pid\": {}, \"createdAt\": \"2026-12-03T10:00:00.000Z\"}}\n",
            holder.0.id()
        ),
    )
    .unwrap();
    let mut waiting = Running::spawn(
        Command::new(authtray_tests::cli_binary())
            .args(add_key)
            .envs(laptop.f.env())
            .envs(laptop.env())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped()),
    );
    {
        use std::io::Write;
        let mut stdin = waiting.0.stdin.take().unwrap();
        writeln!(stdin, "{KEY}").unwrap();
    }
    let serving = poll(Duration::from_secs(20), || {
        let ps = Command::new("pgrep")
            .args(["-f", "authtray-cli serve --stdio"])
            .output()
            .ok()?;
        (!ps.stdout.is_empty()).then_some(())
    });
    assert!(serving.is_some(), "the far side started");
    std::thread::sleep(Duration::from_millis(500));
    sshd.kill_sessions();
    let exited = waiting
        .wait_exit(Duration::from_secs(30))
        .expect("the client ends when the host drops");
    let mut err = String::new();
    std::io::Read::read_to_string(&mut waiting.0.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(exited.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "the connection to gw dropped during the request; it may or may not have finished there"
        ),
        "{err}"
    );
    drop(holder);
    assert_eq!(
        std::fs::read(store_path(&remote, "main")).unwrap(),
        before,
        "store intact"
    );

    sshd.stop();
    sshd.end_shared_connections();
    let out = laptop.cli(&["--host", "gw", "status"], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    said(&out, "cannot reach gw");
    said(&out, "Connection refused");
}
