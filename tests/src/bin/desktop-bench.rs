//! What the desktop app costs (numbers, never assertions): the release app
//! under Xvfb with a tray host (trayer), memory (RSS and PSS summed over the
//! tray process and everything it started) with the window open, kept after
//! closing, and gone; and the time from asking for the window (a second
//! launch, as the desktop entry does) to its page painted — first start,
//! reopened while kept, and reopened after it went.
//!
//! Run by scripts/bench-desktop.sh (release build, Xvfb, session bus).

use authtray_tests::procs::{descendants, memory_kib};
use authtray_tests::{Running, StateFixture, poll, workspace_root, x11};
use std::process::Command;
use std::time::{Duration, Instant};

/// Seconds a closed window is kept before its process ends (short here so
/// the run does not wait the default two minutes).
const LINGER_SECS: u64 = 3;

/// The window's page has painted: its pixels hold more than a handful of
/// colours (an unpainted WebKit view is one flat colour).
fn painted() -> bool {
    let Some(id) = x11::windows("^authtray$", true)
        .into_iter()
        .max_by_key(|w| x11::geometry(w).map_or(0, |g| g.width * g.height))
    else {
        return false;
    };
    Command::new("import")
        .args(["-window", &id, "-format", "%k", "info:"])
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<u32>()
                .ok()
        })
        .is_some_and(|colours| colours > 50)
}

/// Milliseconds until `painted()` after `started`.
fn until_painted(started: Instant) -> f64 {
    poll(Duration::from_secs(30), || painted().then_some(())).expect("the window never painted");
    started.elapsed().as_secs_f64() * 1000.0
}

/// (RSS MiB, PSS MiB, process names) of `root` and everything under it.
fn tree_memory(root: u32) -> (f64, f64, Vec<String>) {
    let mut procs = vec![(root, "authtray (tray)".to_owned())];
    procs.extend(descendants(root));
    let (mut rss, mut pss) = (0, 0);
    let mut names = Vec::new();
    for (pid, name) in procs {
        if let Some((r, p)) = memory_kib(pid) {
            rss += r;
            pss += p;
            names.push(format!("{name} {:.0}", r as f64 / 1024.0));
        }
    }
    (rss as f64 / 1024.0, pss as f64 / 1024.0, names)
}

fn report(what: &str, root: u32) {
    let (rss, pss, names) = tree_memory(root);
    println!(
        "{what:<40} RSS {rss:>6.1} MiB  PSS {pss:>6.1} MiB  ({})",
        names.join(", ")
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    v[v.len() / 2]
}

fn main() {
    let app = std::env::var("AUTHTRAY_APP")
        .map(Into::into)
        .unwrap_or_else(|_| workspace_root().join("target/release/authtray"));
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let fixture = StateFixture::new();
    fixture.agent("main", true);
    fixture.agent("work", false);
    let _host = x11::start_tray_host();
    let launch = || {
        Command::new(&app)
            .envs(fixture.env())
            .env("AUTHTRAY_WINDOW_LINGER_SECS", LINGER_SECS.to_string())
            .spawn()
            .expect("start the app")
    };
    let window_gone = |tray: u32| {
        poll(Duration::from_secs(LINGER_SECS + 20), || {
            descendants(tray).is_empty().then_some(())
        })
        .expect("the window process never ended")
    };

    let started = Instant::now();
    let tray = Running(launch());
    let pid = tray.0.id();
    let first = until_painted(started);
    std::thread::sleep(Duration::from_secs(3));
    report("window open", pid);

    let (mut kept, mut again) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        x11::close_windows_named("^Authtray");
        poll(Duration::from_secs(5), || (!painted()).then_some(()));
        // Reopened while kept: a second launch hands over to the tray.
        let asked = Instant::now();
        let _ = launch().wait();
        kept.push(until_painted(asked));

        x11::close_windows_named("^Authtray");
        window_gone(pid);
        let asked = Instant::now();
        let _ = launch().wait();
        again.push(until_painted(asked));
        std::thread::sleep(Duration::from_secs(1));
    }
    report("window open again", pid);
    x11::close_windows_named("^Authtray");
    std::thread::sleep(Duration::from_millis(500));
    report("window closed, kept", pid);
    window_gone(pid);
    std::thread::sleep(Duration::from_secs(2));
    report("window closed, gone (tray only)", pid);
    println!("time to window painted: first start {first:.0} ms");
    println!(
        "  reopened while kept: median {:.0} ms of {runs}; after it went: median {:.0} ms of {runs}",
        median(kept),
        median(again)
    );
    println!("  (each look at the pixels takes ~20-40 ms: times are upper bounds)");
}
