//! Black-box and desktop end-to-end tests of the built binaries, against
//! the real peers (OpenClaw releases, oidc-provider, sshd, a Secret
//! Service, Xvfb). One test binary, a module per area: run one area with
//! `cargo test -p authtray-tests --test it -- half_done::`; the desktop ones are
//! `#[ignore]`d and run under Xvfb (CONTRIBUTING.md, the test layers).

mod desktop;
mod desktop_session;
mod every_openclaw;
mod external_cli;
mod half_done;
mod keychain;
mod login;
mod oidc_login;
mod openclaw_interop;
mod openclaw_sqlite;
mod provider_logins;
mod redaction;
mod refresh;
mod reliability;
mod remote;
mod tray;
mod usage;

use authtray_tests::Running;
use std::process::Command;

/// The helper program of these tests (`tests/src/bin/store-writer.rs`),
/// built for the target under test.
fn store_writer() -> Command {
    Command::new(env!("CARGO_BIN_EXE_store-writer"))
}

/// `n` store writers at once into `agent` of `f`, tagged `w0…`, each adding
/// `count` profiles (`w<i>:<n>`).
fn store_writers(
    f: &authtray_tests::StateFixture,
    agent: &std::path::Path,
    n: usize,
    count: usize,
) -> Vec<Running> {
    (0..n)
        .map(|w| {
            Running::spawn(
                store_writer()
                    .args([
                        f.state_dir().to_str().unwrap(),
                        agent.to_str().unwrap(),
                        &format!("w{w}"),
                        &count.to_string(),
                    ])
                    .envs(f.env())
                    .stdout(std::process::Stdio::null()),
            )
        })
        .collect()
}

/// A live process for as long as it is kept (a lock test names its pid as
/// the holder); killed and reaped when dropped.
fn live_process() -> Running {
    Running::spawn(store_writer().args(["hold", "300"]))
}
