//! A real OpenSSH server on 127.0.0.1 for the remote-install tests: its own
//! throwaway host key, user key, config and port, started and stopped by
//! the test. Logins land in the *remote* fixture (sshd sets its HOME and
//! OpenClaw state dir); the client side is the *local* fixture, whose ssh
//! config names the host `gw` (and `stranger`: a key the server refuses;
//! `down`: a port nothing listens on).

use crate::{StateFixture, poll, run};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

pub struct Sshd {
    dir: tempfile::TempDir,
    child: std::process::Child,
    pub port: u16,
    local_data: PathBuf,
}

fn keygen(path: &Path) {
    let out = run(
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "authtray-test",
            "-f",
            path.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "ssh-keygen: {out:?}");
}

fn public_key(path: &Path) -> String {
    let text = std::fs::read_to_string(path.with_extension("pub")).expect("public key");
    text.split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Sshd {
    /// Starts sshd; sessions get `remote`'s environment (HOME, state dir,
    /// Authtray data dir).
    pub fn start(remote: &StateFixture, local: &StateFixture) -> Self {
        let dir = tempfile::tempdir().expect("sshd dir");
        let d = dir.path();
        for key in ["host_key", "other_host_key", "user_key", "stranger_key"] {
            keygen(&d.join(key));
        }
        std::fs::write(
            d.join("authorized_keys"),
            format!("{}\n", public_key(&d.join("user_key"))),
        )
        .expect("authorized_keys");
        let port = crate::free_port();
        let user = String::from_utf8(run("id", &["-un"]).stdout).expect("user");
        let user = user.trim();
        let set_env: Vec<String> = remote
            .env()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", v.display()))
            .collect();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nUsePAM no\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n\
             PermitRootLogin prohibit-password\nAllowUsers {user}\nPermitUserEnvironment no\n\
             SetEnv {}\nLogLevel VERBOSE\n",
            set_env.join(" "),
            d = d.display()
        );
        std::fs::write(d.join("sshd_config"), config).expect("sshd_config");
        let _ = std::fs::create_dir_all("/run/sshd");
        let log = std::fs::File::create(d.join("sshd.log")).expect("sshd log");
        let child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("sshd starts (make test installs openssh-server)");
        let up = poll(Duration::from_secs(10), || {
            TcpStream::connect(("127.0.0.1", port)).ok()
        });
        assert!(
            up.is_some(),
            "sshd did not listen: {}",
            std::fs::read_to_string(d.join("sshd.log")).unwrap_or_default()
        );
        let host = |alias: &str, key: &str| {
            format!(
                "Host {alias}\n  HostName 127.0.0.1\n  Port {port}\n  User {user}\n  IdentityFile {d}/{key}\n  IdentitiesOnly yes\n  IdentityAgent none\n  UserKnownHostsFile {d}/known_hosts\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  LogLevel ERROR\n",
                d = d.display()
            )
        };
        // `down`: a host nothing listens for (a machine that is off).
        let down = host("down", "user_key").replace(
            &format!("Port {port}"),
            &format!("Port {}", crate::free_port()),
        );
        std::fs::write(
            d.join("ssh_config"),
            format!(
                "{}{}{down}",
                host("gw", "user_key"),
                host("stranger", "stranger_key")
            ),
        )
        .expect("ssh_config");
        let sshd = Self {
            child,
            port,
            local_data: local.home().join("authtray-data"),
            dir,
        };
        sshd.trust_host_key("host_key");
        sshd
    }

    fn trust_host_key(&self, key: &str) {
        let line = format!(
            "[127.0.0.1]:{} {}\n",
            self.port,
            public_key(&self.dir.path().join(key))
        );
        std::fs::write(self.dir.path().join("known_hosts"), line).expect("known_hosts");
    }

    /// `AUTHTRAY_SSH_COMMAND` for the local side: ssh with this config.
    pub fn ssh_command(&self) -> String {
        format!("ssh -F {}", self.dir.path().join("ssh_config").display())
    }

    /// The local side's extra environment.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![("AUTHTRAY_SSH_COMMAND", self.ssh_command())]
    }

    /// Makes known_hosts hold another key for the server, as if it changed
    /// (or someone sits in between).
    pub fn forget_host_key(&self) {
        self.end_shared_connections();
        self.trust_host_key("other_host_key");
    }

    /// Puts the server's real key back in known_hosts.
    pub fn restore_host_key(&self) {
        self.trust_host_key("host_key");
    }

    /// Ends the local side's multiplexed connections (a master would
    /// otherwise carry on without a new host-key check).
    pub fn end_shared_connections(&self) {
        let pattern = format!("ControlPath={}/ssh/", self.local_data.display());
        let _ = Command::new("pkill").args(["-f", &pattern]).status();
        poll(Duration::from_secs(5), || {
            let left = Command::new("pgrep").args(["-f", &pattern]).output().ok()?;
            left.stdout.is_empty().then_some(())
        });
    }

    /// Puts this build's `authtray-cli` where Authtray installs it there.
    pub fn put_cli(&self, remote: &StateFixture) {
        let bin = remote.home().join(".local/share/authtray/bin");
        std::fs::create_dir_all(&bin).expect("bin dir");
        std::fs::copy(crate::cli_binary(), bin.join("authtray-cli")).expect("copy cli");
    }

    /// Cuts every session this server carries, and what runs in them, as a
    /// host that drops off the network mid-request.
    pub fn kill_sessions(&self) {
        for pid in descendants(self.child.id()) {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    }

    /// What sshd logged (every command it ran is in there).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }

    /// Stops the server (its sessions end with it).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = Command::new("pkill")
            .args(["-f", &format!("sshd: .*{}", self.port)])
            .status();
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.end_shared_connections();
        self.stop();
    }
}

/// Every process below `root` (children, their children, …).
fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            let ppid = stat.rsplit_once(") ")?.1.split(' ').nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        found.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    found.remove(0);
    found
}
