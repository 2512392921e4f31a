//! Quota warnings from the tray: every five minutes, with usage checks on,
//! each account's usage is read (within its own five-minute limit, never
//! refreshing anything), and an account that crosses 80 % or 100 % of a
//! window is announced once per crossing and window (`usage::alerts`);
//! with *Keep order by quota* on, the suggested order is reapplied
//! (`app::usage::keep_by_quota`).

use crate::notify;
use authtray_core::app::usage::{keep_by_quota, usage};
use authtray_core::desktop::{Monitor, Wake};
use authtray_core::install::Options;
use authtray_core::notice::AlertMemory;
use authtray_core::paths::{Env, data_dir};
use authtray_core::settings::Preferences;
use authtray_core::time::now_ms;
use authtray_core::usage::alerts::UsageAlerts;
use authtray_core::usage::cache::MIN_INTERVAL;
use std::time::Duration;

pub fn start(monitor: Monitor, env: Env) {
    std::thread::Builder::new()
        .name("authtray-usage".into())
        .spawn(move || {
            loop {
                check(&env);
                // The tray's quota lines come from what was just read.
                monitor.wake(Wake::CheckNow);
                std::thread::sleep(Duration::from_millis(MIN_INTERVAL as u64));
            }
        })
        .expect("spawn usage watcher");
}

fn check(env: &Env) {
    let data = data_dir(env);
    let prefs = Preferences::load(&data);
    if !prefs.usage_checks {
        return;
    }
    let mut install = authtray_core::app::open(env.clone(), Options::default());
    let Ok(targets) = install.targets(true, None) else {
        return;
    };
    let now = now_ms();
    let Ok(report) = usage(&install, &targets, now, false) else {
        return;
    };
    match keep_by_quota(&mut install, &report, now) {
        Ok(saved) => {
            for (agent, provider, ids) in saved {
                eprintln!(
                    "authtray: order of {provider} ({agent}) by quota: {}",
                    ids.join(" → ")
                );
            }
        }
        Err(e) => eprintln!("authtray: keep order by quota: {e}"),
    }
    let mut alerts = UsageAlerts::load(&data);
    let due = alerts.due(&report.profiles, now);
    if due.is_empty() {
        return;
    }
    if let Err(e) = alerts.save(&data) {
        eprintln!("authtray: cannot save usage alerts: {e}");
    }
    let paused = AlertMemory::load(&data).is_ok_and(|m| m.paused(now));
    if prefs.notifications && !paused {
        for n in &due {
            notify::send(&n.title, &n.body);
        }
    }
}
