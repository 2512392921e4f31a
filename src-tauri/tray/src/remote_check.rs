//! Installs on other hosts, checked for the tray: at start, every 15
//! minutes and on demand (the tray's "Check other machines now", an install
//! added or removed), each host is asked what needs attention over its
//! shared ssh connection. The last answers are kept for the monitor, which
//! shows them in the same menu; the hosts' own gateways or `authtray-cli
//! refresh` there keep their logins alive — nothing is refreshed from here.

use authtray_core::app::ops::Health;
use authtray_core::attention::Attention;
use authtray_core::desktop::{Monitor, Wake};
use authtray_core::error::Failure;
use authtray_core::paths::{Env, data_dir};
use authtray_core::remote::Host;
use authtray_core::remote::protocol::Place;
use authtray_core::settings::Preferences;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// How often each install on another host is checked.
pub const CHECK_EVERY: Duration = Duration::from_secs(15 * 60);

/// The last answer of each host: what needs attention, or why it did not answer.
#[derive(Default)]
pub struct RemoteHealth(pub Mutex<Vec<(String, Result<Attention, Failure>)>>);

/// Asks the checker to check every host now.
#[derive(Clone)]
pub struct RemoteChecks(Sender<()>);

impl RemoteChecks {
    /// The handle, and the end the checker reads ([`start`]).
    pub fn new() -> (Self, Receiver<()>) {
        let (tx, rx) = channel();
        (Self(tx), rx)
    }

    pub fn check_now(&self) {
        let _ = self.0.send(());
    }
}

/// What `host`'s install says needs attention.
fn check(env: &Env, host: &str, warn_ms: i64) -> Result<Attention, Failure> {
    let data = data_dir(env);
    Host::new(env, host, &data)
        .and_then(|host| host.connect())
        .and_then(|mut s| s.perform(Place::default(), Health {}, warn_ms))
        .map_err(|e| Failure::of(&e, None))
}

/// Starts the checker thread; `store` receives each round, `monitor` is
/// woken to show it, each message on `asked` is a round now.
pub fn start(env: Env, store: std::sync::Arc<RemoteHealth>, monitor: Monitor, asked: Receiver<()>) {
    let rx = asked;
    std::thread::Builder::new()
        .name("authtray-remote-check".into())
        .spawn(move || {
            loop {
                let prefs = Preferences::load(&data_dir(&env));
                let round: Vec<_> = prefs
                    .remote_hosts
                    .iter()
                    .map(|h| (h.clone(), check(&env, h, prefs.warn_ms())))
                    .collect();
                *store.0.lock().expect("remote health") = round;
                monitor.wake(Wake::CheckNow);
                match rx.recv_timeout(CHECK_EVERY) {
                    Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                }
                // Several asks in a row are one check.
                while rx.try_recv().is_ok() {}
            }
        })
        .expect("spawn remote checker");
}
