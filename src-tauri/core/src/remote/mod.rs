//! Installs on other machines, reached through the user's own OpenSSH: the
//! system `ssh` (so `~/.ssh/config`, the agent, known_hosts, ProxyJump and
//! hardware keys all work), or `AUTHTRAY_SSH_COMMAND` as git's
//! `GIT_SSH_COMMAND`. One multiplexed connection per host (ControlMaster,
//! sockets in Authtray's data dir); `BatchMode=yes`, so a host key is never
//! accepted and a password never asked for behind the user's back. The far
//! side is `authtray-cli serve --stdio` ([`protocol`]): every write there
//! goes through the same engine, lock protocol and era detection as here.

pub mod protocol;

use crate::error::{Classify, ErrorCode};
use crate::paths::Env;
use protocol::{Hello, PROTOCOL, Ran, RemoteFailure, Request, Response, Run};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where Authtray keeps its own `authtray-cli` on a far host.
pub const REMOTE_CLI: &str = ".local/share/authtray/bin/authtray-cli";

/// The far side's command: Authtray's own build if installed there, else
/// the `authtray-cli` on its PATH; 127 when there is none.
const SERVE: &str = "sh -c 'p=\"$HOME/.local/share/authtray/bin/authtray-cli\"; [ -x \"$p\" ] || p=$(command -v authtray-cli) || exit 127; exec \"$p\" serve --stdio'";

/// How long the far side may take to say hello once connected.
const HELLO_WITHIN: Duration = Duration::from_secs(30);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RemoteError {
    #[error("{0:?} is not a host ssh can be asked for (no spaces, not starting with '-')")]
    BadHost(String),
    #[error(
        "the host key of {host} {}; nothing was sent. Check the key (for example with `ssh {host}`) and update ~/.ssh/known_hosts — Authtray never accepts host keys itself",
        if *changed { "has CHANGED since you last connected (someone may be intercepting)" } else { "is not known yet" }
    )]
    HostKey { host: String, changed: bool },
    #[error(
        "{host} refused the login ({detail}); Authtray connects as `ssh {host}` does, without asking for passwords: add your key to ssh-agent or ~/.ssh/config"
    )]
    Auth { host: String, detail: String },
    #[error("cannot reach {host}: {detail}")]
    Unreachable { host: String, detail: String },
    #[error(
        "{host} has no authtray-cli; install this build there with `authtray-cli --host {host} --install-cli` (or the window's Install)"
    )]
    NotInstalled { host: String },
    #[error(
        "the authtray-cli on {host} is too old to serve (no `serve --stdio`); install this build there with `authtray-cli --host {host} --install-cli`"
    )]
    Outdated { host: String },
    #[error(
        "the authtray-cli on {host} ({version}) speaks protocol {theirs}, this one {ours}; install this build there with `authtray-cli --host {host} --install-cli`"
    )]
    Incompatible {
        host: String,
        version: String,
        theirs: u32,
        ours: u32,
    },
    #[error(
        "{host} is {remote}, this build is for {local}: copy an authtray-cli built for {remote} to ~/{REMOTE_CLI} there, or put one on its PATH"
    )]
    Architecture {
        host: String,
        remote: String,
        local: String,
    },
    #[error(
        "the connection to {host} dropped during the request; it may or may not have finished there — check with `authtray-cli --host {host} status`{}",
        detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
    )]
    Dropped {
        host: String,
        detail: Option<String>,
    },
    #[error("{host} did not answer as authtray-cli serve: {detail}")]
    Protocol { host: String, detail: String },
    #[error("cannot run {program}: {detail}")]
    Spawn { program: String, detail: String },
    /// An error the far side reported, as it classified it.
    #[error("on {host}: {failure}")]
    Far {
        host: String,
        failure: RemoteFailure,
    },
}

impl Classify for RemoteError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::BadHost(_) | Self::Architecture { .. } => ErrorCode::InvalidInput,
            Self::NotInstalled { .. } | Self::Outdated { .. } | Self::Incompatible { .. } => {
                ErrorCode::NotFound
            }
            Self::HostKey { .. }
            | Self::Auth { .. }
            | Self::Unreachable { .. }
            | Self::Dropped { .. }
            | Self::Spawn { .. } => ErrorCode::Unavailable,
            Self::Protocol { .. } => ErrorCode::Internal,
            Self::Far { failure, .. } => failure.code,
        }
    }
}

/// A host as `ssh` names it (an alias of `~/.ssh/config`, `user@host`, …).
#[derive(Clone, Debug)]
pub struct Host {
    dest: String,
    program: String,
    program_args: Vec<String>,
    /// Where the multiplexing sockets live; `None` where OpenSSH has no
    /// ControlMaster (Windows): every call is its own connection.
    control_dir: Option<PathBuf>,
}

impl Host {
    /// `data_dir` is Authtray's (the control sockets and ssh's log go there).
    pub fn new(env: &Env, dest: &str, data_dir: &Path) -> Result<Self, RemoteError> {
        if dest.is_empty()
            || dest.starts_with('-')
            || dest.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(RemoteError::BadHost(dest.to_owned()));
        }
        let mut words = env
            .var("AUTHTRAY_SSH_COMMAND")
            .unwrap_or("ssh")
            .split_whitespace()
            .map(str::to_owned);
        let program = words.next().unwrap_or_else(|| "ssh".into());
        Ok(Self {
            dest: dest.to_owned(),
            program,
            program_args: words.collect(),
            control_dir: cfg!(unix).then(|| data_dir.join("ssh")),
        })
    }

    pub fn name(&self) -> &str {
        &self.dest
    }

    /// `ssh <opts> <extra> DEST <remote>`.
    fn ssh(&self, extra: &[&str], remote: Option<&str>) -> Command {
        let mut c = Command::new(&self.program);
        c.args(&self.program_args)
            .args(["-o", "BatchMode=yes", "-o", "ConnectTimeout=15"])
            .args([
                "-o",
                "ServerAliveInterval=15",
                "-o",
                "ServerAliveCountMax=3",
            ]);
        if let Some(dir) = &self.control_dir {
            c.arg("-o").arg(format!("ControlPath={}/%C", dir.display()));
        }
        c.args(extra).arg("-T").arg(&self.dest);
        if let Some(r) = remote {
            c.arg(r);
        }
        c
    }

    fn spawn_error(&self, e: std::io::Error) -> RemoteError {
        RemoteError::Spawn {
            program: self.program.clone(),
            detail: e.to_string(),
        }
    }

    /// Makes sure the shared connection is up, opening it if not. Its
    /// stderr goes to a file in the control dir: a pipe would be held open
    /// by the backgrounded master for as long as it lives.
    pub fn ensure_master(&self) -> Result<(), RemoteError> {
        let Some(dir) = &self.control_dir else {
            return Ok(());
        };
        if self.master_alive() {
            return Ok(());
        }
        crate::store::io::create_private_dir(dir).map_err(|e| RemoteError::Spawn {
            program: self.program.clone(),
            detail: format!("cannot create {}: {e}", dir.display()),
        })?;
        let log_path = dir.join("connect.log");
        let log = std::fs::File::create(&log_path).map_err(|e| self.spawn_error(e))?;
        let status = self
            .ssh(
                &[
                    "-o",
                    "ControlMaster=yes",
                    "-o",
                    "ControlPersist=300",
                    "-N",
                    "-f",
                ],
                None,
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .status()
            .map_err(|e| self.spawn_error(e))?;
        if status.success() {
            return Ok(());
        }
        let said = std::fs::read_to_string(&log_path).unwrap_or_default();
        Err(self.classify(&said))
    }

    fn master_alive(&self) -> bool {
        self.control_dir.is_some()
            && self
                .ssh(&["-O", "check"], None)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
    }

    /// Closes the shared connection (no error when there is none).
    pub fn disconnect(&self) {
        if self.control_dir.is_some() {
            let _ = self
                .ssh(&["-O", "exit"], None)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }

    /// What ssh's own words mean (its exit status is 255 for all of them).
    fn classify(&self, stderr: &str) -> RemoteError {
        let host = self.dest.clone();
        let has = |s: &str| stderr.contains(s);
        let line = stderr
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty() && !l.starts_with('@'))
            .unwrap_or("ssh failed without saying why")
            .to_owned();
        if has("REMOTE HOST IDENTIFICATION HAS CHANGED") {
            RemoteError::HostKey {
                host,
                changed: true,
            }
        } else if has("Host key verification failed") {
            RemoteError::HostKey {
                host,
                changed: false,
            }
        } else if has("Permission denied") || has("Too many authentication failures") {
            RemoteError::Auth { host, detail: line }
        } else {
            RemoteError::Unreachable { host, detail: line }
        }
    }

    /// Runs a short command there and returns its stdout (stdin from `input`).
    fn exec(&self, remote: &str, input: Option<&[u8]>) -> Result<String, RemoteError> {
        self.ensure_master()?;
        let mut child = self
            .ssh(&[], Some(remote))
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.spawn_error(e))?;
        if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
            let _ = stdin.write_all(bytes);
        }
        let out = child.wait_with_output().map_err(|e| self.spawn_error(e))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
            Some(255) | None => Err(self.classify(&stderr)),
            Some(n) => Err(RemoteError::Protocol {
                host: self.dest.clone(),
                detail: format!("`{remote}` exited with {n}: {}", stderr.trim()),
            }),
        }
    }

    /// Copies `binary` (this build's `authtray-cli`) to ~/[`REMOTE_CLI`]
    /// there, 0700, over the same connection — after checking with
    /// `uname -sm` that it can run there. Returns the path there.
    pub fn install_cli(&self, binary: &Path) -> Result<String, RemoteError> {
        let remote = self.exec("uname -sm", None)?.trim().to_owned();
        let local = local_uname();
        if remote != local {
            return Err(RemoteError::Architecture {
                host: self.dest.clone(),
                remote,
                local,
            });
        }
        let bytes = std::fs::read(binary).map_err(|e| RemoteError::Spawn {
            program: binary.display().to_string(),
            detail: e.to_string(),
        })?;
        let script = format!(
            "sh -c 'umask 077 && d=\"$HOME/{dir}\" && mkdir -p \"$d\" && cat > \"$d/authtray-cli.part\" && chmod 700 \"$d/authtray-cli.part\" && mv -f \"$d/authtray-cli.part\" \"$d/authtray-cli\" && echo \"$d/authtray-cli\"'",
            dir = REMOTE_CLI.trim_end_matches("/authtray-cli")
        );
        Ok(self.exec(&script, Some(&bytes))?.trim().to_owned())
    }

    /// Opens a session with `authtray-cli serve --stdio` there.
    pub fn connect(&self) -> Result<Session, RemoteError> {
        self.ensure_master()?;
        let mut child = self
            .ssh(&[], Some(SERVE))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.spawn_error(e))?;
        let stdin = child.stdin.take().expect("piped");
        let lines = read_lines(child.stdout.take().expect("piped"));
        let stderr = collect(child.stderr.take().expect("piped"));
        let mut session = Session {
            host: self.clone(),
            child,
            stdin: Some(stdin),
            lines,
            stderr,
            next_id: 1,
            hello: Hello::ours(),
        };
        session.hello = session.read_hello()?;
        Ok(session)
    }
}

/// The hosts `~/.ssh/config` names (its `Host` lines, without patterns),
/// to offer when an install is added.
pub fn config_hosts(env: &Env) -> Vec<String> {
    let path = env.user_home().join(".ssh/config");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut hosts: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        if !words.next().is_some_and(|w| w.eq_ignore_ascii_case("host")) {
            continue;
        }
        for h in words {
            if !h.contains(['*', '?', '!']) && !hosts.iter().any(|x| x == h) {
                hosts.push(h.to_owned());
            }
        }
    }
    hosts
}

/// `uname -sm` of the machine this build runs on.
fn local_uname() -> String {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "Linux x86_64".into(),
        ("linux", "aarch64") => "Linux aarch64".into(),
        ("macos", "aarch64") => "Darwin arm64".into(),
        ("macos", "x86_64") => "Darwin x86_64".into(),
        (os, arch) => format!("{os} {arch}"),
    }
}

fn read_lines(out: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The far side's stderr, kept (up to 64 KiB) for messages.
fn collect(err: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let keep = text.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            let mut t = keep.lock().expect("stderr buffer");
            if t.len() < 64 * 1024 {
                t.push_str(&line);
                t.push('\n');
            }
        }
    });
    text
}

/// A conversation with `authtray-cli serve --stdio` on a host.
pub struct Session {
    host: Host,
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
    next_id: u64,
    /// What the far side said it is.
    pub hello: Hello,
}

impl Session {
    fn host_name(&self) -> String {
        self.host.dest.clone()
    }

    /// Why the far side ended without a (complete) answer.
    fn ended(&mut self, before_hello: bool) -> RemoteError {
        self.stdin.take();
        let status = self.child.wait().ok().and_then(|s| s.code());
        // The stderr reader ends with the process; give it a moment.
        std::thread::sleep(Duration::from_millis(50));
        let said = self.stderr.lock().expect("stderr buffer").clone();
        let host = self.host_name();
        match status {
            Some(255) | None => match self.host.classify(&said) {
                RemoteError::Unreachable { detail, .. } if !before_hello => RemoteError::Dropped {
                    host,
                    detail: Some(detail),
                },
                e => e,
            },
            Some(127) if before_hello => RemoteError::NotInstalled { host },
            Some(64) if before_hello && said.contains("serve") => RemoteError::Outdated { host },
            Some(_) if before_hello => RemoteError::Protocol {
                host,
                detail: format!(
                    "it exited with {}: {}",
                    status.unwrap_or(-1),
                    said.trim().lines().last().unwrap_or("")
                ),
            },
            _ => RemoteError::Dropped { host, detail: None },
        }
    }

    fn read_hello(&mut self) -> Result<Hello, RemoteError> {
        let line = match self.lines.recv_timeout(HELLO_WITHIN) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                return Err(RemoteError::Protocol {
                    host: self.host_name(),
                    detail: format!("nothing within {} s", HELLO_WITHIN.as_secs()),
                });
            }
            Err(RecvTimeoutError::Disconnected) => return Err(self.ended(true)),
        };
        let hello: Hello = serde_json::from_str(&line)
            .ok()
            .filter(|h: &Hello| h.server == "authtray-cli")
            .ok_or_else(|| RemoteError::Protocol {
                host: self.host_name(),
                detail: format!("its first line was {:?}", truncate(&line)),
            })?;
        if hello.protocol != PROTOCOL {
            return Err(RemoteError::Incompatible {
                host: self.host_name(),
                version: hello.version,
                theirs: hello.protocol,
                ours: PROTOCOL,
            });
        }
        Ok(hello)
    }

    /// One request and its answer.
    pub fn call<P: Serialize, R: DeserializeOwned>(
        &mut self,
        method: &str,
        params: &P,
    ) -> Result<R, RemoteError> {
        let id = self.next_id;
        self.next_id += 1;
        let request = Request {
            v: PROTOCOL,
            id,
            method: method.into(),
            params: serde_json::to_value(params).expect("protocol types serialise"),
        };
        let mut line = serde_json::to_string(&request).expect("protocol types serialise");
        line.push('\n');
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin
                .write_all(line.as_bytes())
                .and_then(|()| stdin.flush()),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        drop(line);
        if sent.is_err() {
            return Err(self.ended(false));
        }
        let Ok(answer) = self.lines.recv() else {
            return Err(self.ended(false));
        };
        let protocol = |detail: String| RemoteError::Protocol {
            host: self.host_name(),
            detail,
        };
        let response: Response = serde_json::from_str(&answer)
            .map_err(|e| protocol(format!("an answer that is not JSON ({e})")))?;
        if response.id != id {
            return Err(protocol(format!(
                "the answer to request {} came for {id}",
                response.id
            )));
        }
        match (response.result, response.error) {
            (_, Some(failure)) => Err(RemoteError::Far {
                host: self.host_name(),
                failure,
            }),
            (Some(result), None) => serde_json::from_value(result)
                .map_err(|e| protocol(format!("an answer of the wrong shape ({e})"))),
            (None, None) => Err(protocol("an answer with neither result nor error".into())),
        }
    }

    /// The agent `agent` names there (its default when `None`), checked
    /// before a login opens anything here.
    pub fn agent(
        &mut self,
        place: &protocol::Place,
        agent: Option<&str>,
    ) -> Result<protocol::AgentFound, RemoteError> {
        let query = protocol::AgentQuery {
            place: place.clone(),
            agent: agent.map(str::to_owned),
        };
        self.call("agent", &query)
    }

    /// Saves a login finished here into `agent` there, through its write
    /// path (lock protocol, era, refresh lock): a new login, never a copy
    /// of a refresh token that lives somewhere else.
    pub fn save_login(
        &mut self,
        place: &protocol::Place,
        agent: &str,
        profile_id: Option<&str>,
        logged: crate::providers::LoggedIn,
        replace: bool,
    ) -> Result<protocol::LoginStored, RemoteError> {
        let request = protocol::LoginToSave {
            place: place.clone(),
            agent: Some(agent.to_owned()),
            profile_id: profile_id.map(str::to_owned),
            replace,
            login: logged.into(),
        };
        self.call("save_login", &request)
    }

    /// One of the window's verbs, performed there; its answer as JSON.
    pub fn perform(
        &mut self,
        place: protocol::Place,
        op: crate::app::ops::Op,
        warn_ms: i64,
    ) -> Result<serde_json::Value, RemoteError> {
        self.call("app", &protocol::AppCall { place, warn_ms, op })
    }

    /// One `authtray-cli` command there (`args` without the program name).
    pub fn run(&mut self, args: Vec<String>, stdin: Option<String>) -> Result<Ran, RemoteError> {
        self.call("run", &Run { args, stdin })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.stdin.take();
        // The server ends at EOF; never leave a child behind.
        for _ in 0..20 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Env {
        Env::new([], None, PathBuf::from("/"))
    }

    fn host(cmd: Option<&str>) -> Host {
        let env = match cmd {
            Some(c) => env().with_var("AUTHTRAY_SSH_COMMAND", c),
            None => env(),
        };
        Host::new(&env, "gw", Path::new("/d")).unwrap()
    }

    #[test]
    fn a_host_that_would_be_an_option_or_two_words_is_refused() {
        let env = env();
        for bad in ["", "-oProxyCommand=x", "a b", "a\nb"] {
            assert!(matches!(
                Host::new(&env, bad, Path::new("/d")),
                Err(RemoteError::BadHost(_))
            ));
        }
    }

    #[test]
    fn the_ssh_command_is_the_users_with_batch_mode_and_a_shared_connection() {
        let h = host(Some("ssh -F /cfg  -p 2222"));
        let c = h.ssh(&[], Some("true"));
        let args: Vec<_> = c
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(c.get_program(), "ssh");
        assert_eq!(&args[..4], ["-F", "/cfg", "-p", "2222"]);
        assert!(args.contains(&"BatchMode=yes".to_owned()));
        assert!(args.contains(&"ControlPath=/d/ssh/%C".to_owned()));
        assert_eq!(&args[args.len() - 2..], ["gw", "true"]);
    }

    #[test]
    fn hosts_come_from_the_users_ssh_config_without_patterns() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".ssh")).unwrap();
        std::fs::write(
            home.path().join(".ssh/config"),
            "Host gw pi\n  HostName 10.0.0.2\nhost *.internal !bad\nHost vps gw\nMatch all\n",
        )
        .unwrap();
        let env = Env::new(
            [("HOME".to_owned(), home.path().display().to_string())],
            None,
            PathBuf::from("/"),
        );
        assert_eq!(config_hosts(&env), ["gw", "pi", "vps"]);
    }

    #[test]
    fn ssh_failures_are_named() {
        let h = host(None);
        let changed = "@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n";
        assert!(matches!(
            h.classify(changed),
            RemoteError::HostKey { changed: true, .. }
        ));
        assert!(matches!(
            h.classify("Host key verification failed.\n"),
            RemoteError::HostKey { changed: false, .. }
        ));
        assert!(matches!(
            h.classify("root@127.0.0.1: Permission denied (publickey).\n"),
            RemoteError::Auth { .. }
        ));
        let e = h.classify("ssh: connect to host 127.0.0.1 port 1: Connection refused\n");
        assert!(e.to_string().contains("Connection refused"), "{e}");
    }
}
