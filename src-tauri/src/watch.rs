//! Turns any change under the state dir (OpenClaw, a CLI, another Authtray)
//! into one wake-up of the monitor. Only the files that matter count.

use crate::monitor::Wake;
use notify::{Event, RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc::Sender;

const WATCHED: [&str; 5] = [
    "auth-profiles.json",
    "auth-state.json",
    "openclaw.json",
    "clawdbot.json",
    "auth.json",
];

fn relevant(event: &Event) -> bool {
    event.paths.iter().any(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| WATCHED.contains(&n))
    })
}

/// Watches `state_dir` (recursively), or its parent until it exists.
pub fn start(state_dir: &Path, tx: Sender<Wake>) -> notify::Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| match res {
        Ok(event) if relevant(&event) || event.paths.iter().any(|p| p.ends_with("agents")) => {
            let _ = tx.send(Wake::FilesChanged);
        }
        Ok(_) => {}
        Err(e) => eprintln!("authtray: file watch error: {e}"),
    })?;
    if state_dir.is_dir() {
        watcher.watch(state_dir, RecursiveMode::Recursive)?;
    } else if let Some(parent) = state_dir.parent().filter(|p| p.is_dir()) {
        watcher.watch(parent, RecursiveMode::NonRecursive)?;
    }
    Ok(watcher)
}
