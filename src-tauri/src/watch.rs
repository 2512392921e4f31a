//! Turns any change under the state dir (OpenClaw, a CLI, another Authtray)
//! into one wake-up of the monitor. Only the files that matter count.

use crate::monitor::Wake;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc::Sender;

const WATCHED: [&str; 5] = [
    "auth-profiles.json",
    "auth-state.json",
    "openclaw.json",
    "clawdbot.json",
    "auth.json",
];

/// A change (not a read: the monitor's own reads must not wake it) to a
/// file that matters, or to the set of agents.
fn relevant(event: &Event) -> bool {
    let changed = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    );
    changed
        && event.paths.iter().any(|p| {
            p.ends_with("agents")
                || p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| WATCHED.contains(&n))
        })
}

/// Watches `state_dir` (recursively), or its parent until it exists.
pub fn start(state_dir: &Path, tx: Sender<Wake>) -> notify::Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| match res {
        Ok(event) if relevant(&event) => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind, RenameMode};
    use std::path::PathBuf;

    fn event(kind: EventKind, path: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn only_changes_to_files_that_matter_wake_the_monitor() {
        let store = "/s/agents/main/agent/auth-profiles.json";
        assert!(relevant(&event(
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            store
        )));
        assert!(relevant(&event(
            EventKind::Create(CreateKind::Folder),
            "/s/agents"
        )));
        assert!(
            !relevant(&event(EventKind::Access(AccessKind::Any), store)),
            "reads do not count"
        );
        assert!(!relevant(&event(
            EventKind::Create(CreateKind::File),
            "/s/agents/main/agent/auth-profiles.json.lock"
        )));
    }
}
