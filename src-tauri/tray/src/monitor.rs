//! The health monitor thread: wakes when a watched file changes, at the
//! time core's plan names, or when asked; reads the install, lets
//! `app::monitor::plan` decide, and carries the plan out — renders the
//! tray, sends notifications, starts a background refresh.

use crate::Ui;
use crate::notify;
use crate::remote_check::{RemoteChecks, RemoteHealth};
use authtray_core::app::monitor::{Seen, plan};
use authtray_core::app::refresh::{next_due, run_preferred};
use authtray_core::app::status::health;
use authtray_core::app::usage::last_known_of;
use authtray_core::attention::with_remote;
use authtray_core::desktop::{Monitor, Wake, watch};
use authtray_core::install::Options;
use authtray_core::notice::AlertMemory;
use authtray_core::paths::{Env, data_dir};
use authtray_core::settings::Preferences;
use authtray_core::time::now_ms;
use authtray_core::usage::alerts::tray_lines;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// File events arrive in bursts (temp file, rename, chmod): coalesce them.
const SETTLE: Duration = Duration::from_millis(150);

/// What the monitor shows and asks of others.
pub struct Peers {
    pub ui: Ui,
    pub remote: Arc<RemoteHealth>,
    pub checks: RemoteChecks,
}

pub fn start(peers: Peers, env: Env) -> Monitor {
    let (tx, rx) = channel();
    let watch_tx = tx.clone();
    std::thread::Builder::new()
        .name("authtray-monitor".into())
        .spawn(move || run(peers, env, rx, watch_tx))
        .expect("spawn monitor thread");
    Monitor::new(tx)
}

fn run(peers: Peers, env: Env, rx: Receiver<Wake>, watch_tx: Sender<Wake>) {
    let data = data_dir(&env);
    let mut memory = AlertMemory::load(&data).unwrap_or_else(|e| {
        eprintln!("authtray: alert memory unreadable, starting afresh: {e}");
        AlertMemory::default()
    });
    // Settings changed in the window process reach the tray process on disk.
    let _settings_watcher = watch::start_settings(data.join("settings.json"), watch_tx.clone())
        .map_err(|e| eprintln!("authtray: cannot watch the settings: {e}"))
        .ok();
    let mut hosts = Preferences::load(&data).remote_hosts;
    let mut watches = watch::Watches::start(
        &authtray_core::app::open(env.clone(), Options::default()),
        watch_tx.clone(),
    );
    let refreshing = Arc::new(AtomicBool::new(false));
    let mut refresh_asked = false;
    loop {
        let now = now_ms();
        let install = authtray_core::app::open(env.clone(), Options::default());
        watches.follow(&install);
        let prefs = Preferences::load(&data);
        let (reports, model) = health(&install, now, prefs.warn_ms());
        let todo = plan(
            &Seen {
                reports: &reports,
                model: &model,
                prefs: &prefs,
                refresh_due: next_due(&install, &reports, &prefs, now),
                refresh_asked,
                refreshing: refreshing.load(Ordering::SeqCst),
            },
            &mut memory,
            now,
        );
        refresh_asked = false;
        for n in &todo.notify {
            notify::send(&n.title, &n.body);
        }
        if todo.remember
            && let Err(e) = memory.save(&data)
        {
            eprintln!("authtray: cannot save alert memory: {e}");
        }
        // The tray shows installs on other hosts too (their last check).
        let shown = with_remote(
            model.clone(),
            &peers.remote.0.lock().expect("remote health"),
        );
        let agents: Vec<&str> = reports.iter().map(|r| r.agent_id.as_str()).collect();
        let quota = tray_lines(&last_known_of(&install, &agents), now);
        peers.ui.render(shown, quota, memory.paused(now));
        if todo.refresh && !refreshing.swap(true, Ordering::SeqCst) {
            let (done, tx) = (refreshing.clone(), watch_tx.clone());
            std::thread::spawn(move || {
                match run_preferred(&install, None, None, true) {
                    Ok(results) => {
                        for r in results.iter().filter(|r| {
                            r.status != authtray_core::app::refresh::RefreshStatus::Skipped
                        }) {
                            eprintln!(
                                "authtray: refresh {} · {}: {}",
                                r.agent_id, r.profile_id, r.message
                            );
                        }
                    }
                    Err(e) => eprintln!("authtray: refresh: {e}"),
                }
                done.store(false, Ordering::SeqCst);
                let _ = tx.send(Wake::CheckNow);
            });
        }
        let sleep = Duration::from_millis((todo.wake_at - now).max(0) as u64 + 50);
        match rx.recv_timeout(sleep) {
            Ok(Wake::FilesChanged) => settle(&rx, &mut refresh_asked, &mut memory, &data),
            Ok(Wake::CheckNow) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Wake::RefreshDue) => refresh_asked = true,
            Ok(Wake::ExternalChanged) => {
                settle(&rx, &mut refresh_asked, &mut memory, &data);
                watches.rewatch_external();
            }
            Ok(Wake::Pause(until)) => pause(&mut memory, &data, until),
            Ok(Wake::SettingsChanged) => {
                settle(&rx, &mut refresh_asked, &mut memory, &data);
                // An install added or removed: check the installs again.
                let now_hosts = Preferences::load(&data).remote_hosts;
                if now_hosts != hosts {
                    peers.checks.check_now();
                }
                hosts = now_hosts;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
}

/// Lets a burst of file events settle, keeping the wakes that are not
/// about files (a refresh or pause asked for meanwhile).
fn settle(
    rx: &Receiver<Wake>,
    refresh_asked: &mut bool,
    memory: &mut AlertMemory,
    data: &std::path::Path,
) {
    std::thread::sleep(SETTLE);
    while let Ok(w) = rx.try_recv() {
        match w {
            Wake::RefreshDue => *refresh_asked = true,
            Wake::Pause(until) => pause(memory, data, until),
            Wake::FilesChanged | Wake::ExternalChanged | Wake::SettingsChanged | Wake::CheckNow => {
            }
        }
    }
}

fn pause(
    memory: &mut AlertMemory,
    data: &std::path::Path,
    until: Option<authtray_core::time::EpochMs>,
) {
    memory.paused_until = until;
    let _ = memory.save(data);
}
