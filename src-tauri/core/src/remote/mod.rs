//! Installs on other machines, reached through the user's own OpenSSH: the
//! system `ssh` (so `~/.ssh/config`, the agent, known_hosts, ProxyJump and
//! hardware keys all work), or `AUTHTRAY_SSH_COMMAND` as git's
//! `GIT_SSH_COMMAND`. One multiplexed connection per host (ControlMaster,
//! sockets in Authtray's data dir); `BatchMode=yes`, so a host key is never
//! accepted and a password never asked for behind the user's back. The far
//! side is `authtray-cli serve --stdio` ([`protocol`]): every write there
//! goes through the same engine, lock protocol and era detection as here.

mod error;
pub mod login;
pub mod protocol;
mod session;

pub use error::RemoteError;
pub use session::Session;

use crate::paths::Env;
use protocol::Hello;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where Authtray keeps its own `authtray-cli` on a far host.
pub const REMOTE_CLI: &str = ".local/share/authtray/bin/authtray-cli";

/// The far side's command: Authtray's own build if installed there, else
/// the `authtray-cli` on its PATH; 127 when there is none.
const SERVE: &str = "sh -c 'p=\"$HOME/.local/share/authtray/bin/authtray-cli\"; [ -x \"$p\" ] || p=$(command -v authtray-cli) || exit 127; exec \"$p\" serve --stdio'";

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
        crate::files::create_private_dir(dir).map_err(|e| RemoteError::Spawn {
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
        let lines = session::read_lines(child.stdout.take().expect("piped"));
        let stderr = session::collect(child.stderr.take().expect("piped"));
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
        // Windows' OpenSSH has no ControlMaster: every call its own connection.
        assert_eq!(
            args.iter().any(|a| a.starts_with("ControlPath=")),
            cfg!(unix),
            "{args:?}"
        );
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
