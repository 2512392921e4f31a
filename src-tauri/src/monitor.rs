//! The health monitor: recomputes every agent's health when a watched file
//! changes or the next threshold is reached (no polling), then renders the
//! tray, sends due notifications and tells the window.

use crate::{notify, tray, watch};
use authtray_core::external::{self, Source};
use authtray_core::notice::{self, AlertMemory};
use authtray_core::paths::{Env, StateDir, data_dir};
use authtray_core::refresh::{Outcome, next_due, run_preferred};
use authtray_core::settings::Preferences;
use authtray_core::store::StoreContext;
use authtray_core::time::{EpochMs, now_ms};
use authtray_core::tray::{next_change, snapshot};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Runtime};

/// Why the monitor wakes up.
#[derive(Debug)]
pub enum Wake {
    FilesChanged,
    CheckNow,
    /// Refresh the profiles that are due now (tray item), then check.
    RefreshDue,
    /// A CLI's login file changed (Claude Code, Codex CLI, …).
    ExternalChanged,
    /// Pause alerts until a time, or resume with `None`.
    Pause(Option<EpochMs>),
}

/// Handle to the running monitor (managed state).
pub struct Monitor {
    tx: Sender<Wake>,
}

impl Monitor {
    pub fn wake(&self, why: Wake) {
        let _ = self.tx.send(why);
    }
}

/// Longest sleep when nothing is scheduled: a safety net, not polling.
const MAX_SLEEP: Duration = Duration::from_secs(6 * 3600);
/// File events arrive in bursts (temp file, rename, chmod): coalesce them.
const SETTLE: Duration = Duration::from_millis(150);

pub fn start<R: Runtime>(app: AppHandle<R>, env: Env) -> Monitor {
    let (tx, rx) = channel();
    let watch_tx = tx.clone();
    std::thread::Builder::new()
        .name("authtray-monitor".into())
        .spawn(move || run(app, env, rx, watch_tx))
        .expect("spawn monitor thread");
    Monitor { tx }
}

fn run<R: Runtime>(app: AppHandle<R>, env: Env, rx: Receiver<Wake>, watch_tx: Sender<Wake>) {
    let data = data_dir(&env);
    let mut memory = AlertMemory::load(&data).unwrap_or_else(|e| {
        eprintln!("authtray: alert memory unreadable, starting afresh: {e}");
        AlertMemory::default()
    });
    let state = StateDir::resolve(&env);
    let mut watcher = watch::start(&state.path, watch_tx.clone())
        .map_err(|e| eprintln!("authtray: cannot watch {}: {e}", state.path.display()))
        .ok();
    let mut watching_state_dir = state.path.is_dir();
    let external_files: Vec<_> = Source::ALL.iter().map(|s| s.path(&env)).collect();
    let mut external_watcher = watch::start_external(&external_files, watch_tx.clone())
        .map_err(|e| eprintln!("authtray: cannot watch CLI logins: {e}"))
        .ok();
    let refreshing = Arc::new(AtomicBool::new(false));
    let mut refresh_requested = false;
    loop {
        let now = now_ms();
        let state = StateDir::resolve(&env);
        if !watching_state_dir && state.path.is_dir() {
            watcher = watch::start(&state.path, watch_tx.clone()).ok();
            watching_state_dir = true;
        }
        let prefs = Preferences::load(&data);
        let warn_ms = prefs.warn_ms();
        let (reports, tray_model) = snapshot(&env, now, warn_ms);
        let before = memory.clone();
        // With notifications off the thresholds are still remembered, so
        // turning them back on does not replay old alerts.
        for n in notice::due(&tray_model, warn_ms, now, &mut memory) {
            if prefs.notifications {
                notify::send(&app, &n);
            }
        }
        if memory != before
            && let Err(e) = memory.save(&data)
        {
            eprintln!("authtray: cannot save alert memory: {e}");
        }
        if let Err(e) = tray::render(&app, &tray_model, memory.paused(now)) {
            eprintln!("authtray: cannot update the tray: {e}");
        }
        let _ = app.emit("health-changed", &tray_model);
        let _ = app.emit("external-changed", external::all(&env));

        // Background refresh: store-owned OAuth profiles entering the window.
        let agents: Vec<_> = reports
            .iter()
            .map(|r| (r.agent_id.clone(), r.agent_dir.clone()))
            .collect();
        let ctx = StoreContext::new(&env, state.clone());
        let due_at = prefs
            .background_refresh
            .then(|| {
                next_due(
                    &ctx,
                    &agents,
                    prefs.refresh_window(),
                    prefs.keep_inactive_alive,
                    now,
                )
            })
            .flatten();
        let due_now = due_at.is_some_and(|t| t <= now);
        if (due_now || refresh_requested) && !refreshing.swap(true, Ordering::SeqCst) {
            let (env, done, tx) = (env.clone(), refreshing.clone(), watch_tx.clone());
            let (ctx, agents) = (StoreContext::new(&env, state.clone()), agents.clone());
            std::thread::spawn(move || {
                match run_preferred(&ctx, &env, &agents, true, None) {
                    Ok(attempts) => {
                        for a in attempts {
                            if !matches!(a.outcome, Outcome::Skipped(_)) {
                                let c = a.candidate;
                                eprintln!(
                                    "authtray: refresh {} · {}: {:?}",
                                    c.agent_id, c.profile_id, a.outcome
                                );
                            }
                        }
                    }
                    Err(e) => eprintln!("authtray: refresh: {e}"),
                }
                done.store(false, Ordering::SeqCst);
                let _ = tx.send(Wake::CheckNow);
            });
        }
        refresh_requested = false;

        let until = next_change(&reports, warn_ms, now)
            .into_iter()
            .chain(memory.paused_until.filter(|t| *t > now))
            .chain(due_at.filter(|t| *t > now))
            .min();
        let sleep = until
            .map_or(MAX_SLEEP, |t| {
                Duration::from_millis((t - now).max(0) as u64 + 50)
            })
            .min(MAX_SLEEP);
        match rx.recv_timeout(sleep) {
            Ok(Wake::FilesChanged) => {
                std::thread::sleep(SETTLE);
                while rx.try_recv().is_ok() {}
            }
            Ok(Wake::CheckNow) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Wake::RefreshDue) => refresh_requested = true,
            Ok(Wake::ExternalChanged) => {
                std::thread::sleep(SETTLE);
                while rx.try_recv().is_ok() {}
                // A CLI folder may have appeared: watch it from now on.
                external_watcher = watch::start_external(&external_files, watch_tx.clone()).ok();
            }
            Ok(Wake::Pause(until)) => {
                memory.paused_until = until;
                let _ = memory.save(&data);
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    drop(watcher);
    drop(external_watcher);
}
