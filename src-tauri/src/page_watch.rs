//! The window process's watch: tells the page when the install or a CLI's
//! login changes on disk, and every minute anyway (its countdowns). Alerts,
//! their memory and refreshes are the tray process's (`authtray-tray`).

use authtray_core::app::status::health;
use authtray_core::desktop::{Monitor, Wake, watch};
use authtray_core::external::{self, Source};
use authtray_core::install::{Install, Options};
use authtray_core::paths::{Env, data_dir};
use authtray_core::settings::Preferences;
use authtray_core::time::now_ms;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Runtime};

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
    let state_path = Install::open(env.clone(), Options::default())
        .state()
        .path
        .clone();
    let mut watcher = watch::start(&state_path, watch_tx.clone())
        .map_err(|e| eprintln!("authtray: cannot watch {}: {e}", state_path.display()))
        .ok();
    let mut watching_state_dir = state_path.is_dir();
    let external_files: Vec<_> = Source::ALL.iter().map(|s| s.path(&env)).collect();
    let mut external_watcher = watch::start_external(&external_files, watch_tx.clone())
        .map_err(|e| eprintln!("authtray: cannot watch CLI logins: {e}"))
        .ok();
    loop {
        let install = Install::open(env.clone(), Options::default());
        if !watching_state_dir && install.state().path.is_dir() {
            watcher = watch::start(&install.state().path, watch_tx.clone()).ok();
            watching_state_dir = true;
        }
        let prefs = Preferences::load(&data);
        let (_, model) = health(&install, now_ms(), prefs.warn_ms());
        let _ = app.emit("health-changed", &model);
        let _ = app.emit("external-changed", external::all(&env));
        match rx.recv_timeout(TICK) {
            Ok(Wake::FilesChanged) => std::thread::sleep(SETTLE),
            Ok(Wake::ExternalChanged) => {
                std::thread::sleep(SETTLE);
                // A CLI folder may have appeared: watch it from now on.
                external_watcher = watch::start_external(&external_files, watch_tx.clone()).ok();
            }
            Err(RecvTimeoutError::Disconnected) => break,
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
        }
        while rx.try_recv().is_ok() {}
    }
    drop(watcher);
    drop(external_watcher);
}
