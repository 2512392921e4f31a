//! Drives `authtray-cli login` as a user would: start it, read the link it
//! prints, and collect how it ended.

use crate::{StateFixture, cli_binary};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

/// Starts `authtray-cli login --provider <provider> --no-browser` with
/// `env` on top of the fixture's; returns it with the authorize URL it printed.
pub fn start(
    f: &StateFixture,
    provider: &str,
    env: &[(String, String)],
    extra: &[&str],
) -> (Child, url::Url) {
    let mut child = Command::new(cli_binary())
        .args([
            "login",
            "--provider",
            provider,
            "--no-browser",
            "--timeout",
            "60",
        ])
        .args(extra)
        .envs(f.env())
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("authtray-cli starts");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let url = loop {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).expect("read") > 0,
            "login ended before printing a link"
        );
        if let Some(u) = line.trim().strip_prefix("http://127.0.0.1:") {
            break url::Url::parse(&format!("http://127.0.0.1:{u}")).expect("link");
        }
    };
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    (child, url)
}

/// Waits for the login to end: exit code and what it printed on stderr.
pub fn finish(mut child: Child) -> (i32, String) {
    let status = child.wait().expect("wait");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read stderr");
    (status.code().unwrap_or(-1), err)
}

/// One query parameter of `url` ("" when absent).
pub fn param(url: &url::Url, name: &str) -> String {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}
