//! The window process's watch: tells the page when the install or a CLI's
//! login changes on disk, and every minute anyway (its countdowns). Alerts,
//! their memory and refreshes are the tray process's (`authtray-tray`).

use crate::events::{ChangeCause, ExternalLoginsChanged, InstallChanged};
use authtray_core::app::status::health;
use authtray_core::cli_logins;
use authtray_core::desktop::{Monitor, Wake, watch};
use authtray_core::install::Options;
use authtray_core::paths::{Env, data_dir};
use authtray_core::settings::Preferences;
use authtray_core::time::now_ms;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

/// File events arrive in bursts (temp file, rename, chmod): coalesce them.
const SETTLE: Duration = Duration::from_millis(150);

/// How often the page is told anyway.
const TICK: Duration = Duration::from_secs(60);

pub fn start<R: Runtime>(app: AppHandle<R>, env: Env) -> Monitor {
    let (tx, rx) = channel();
    let watch_tx = tx.clone();
    std::thread::Builder::new()
        .name("authtray-page-watch".into())
        .spawn(move || run(app, env, rx, watch_tx))
        .expect("spawn page watch thread");
    Monitor::new(tx)
}

fn run<R: Runtime>(app: AppHandle<R>, env: Env, rx: Receiver<Wake>, watch_tx: Sender<Wake>) {
    let data = data_dir(&env);
    let mut watches = watch::Watches::start(
        &authtray_core::app::open(env.clone(), Options::default()),
        watch_tx.clone(),
    );
    let mut cause = ChangeCause::Files;
    loop {
        let install = authtray_core::app::open(env.clone(), Options::default());
        watches.follow(&install);
        let prefs = Preferences::load(&data);
        let (_, health) = health(&install, now_ms(), prefs.warn_ms());
        let _ = InstallChanged { health, cause }.emit(&app);
        let logins = cli_logins::all(&env);
        let _ = ExternalLoginsChanged { logins }.emit(&app);
        cause = match rx.recv_timeout(TICK) {
            Ok(Wake::FilesChanged) => {
                std::thread::sleep(SETTLE);
                ChangeCause::Files
            }
            Ok(Wake::ExternalChanged) => {
                std::thread::sleep(SETTLE);
                watches.rewatch_external();
                ChangeCause::Files
            }
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => ChangeCause::Tick,
            Ok(_) => ChangeCause::Files,
        };
        while rx.try_recv().is_ok() {}
    }
}
