//! Turns any change under the state dir (OpenClaw, a CLI, another Authtray)
//! into one wake-up of the monitor. Only the files that matter count.

use super::Wake;
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

/// Watches the logins other CLIs keep (`~/.claude/.credentials.json`,
/// `~/.codex/auth.json`, …): each existing folder non-recursively, and the
/// home for a folder that does not exist yet. Only those files count.
pub fn start_external(
    files: &[std::path::PathBuf],
    tx: Sender<Wake>,
) -> notify::Result<notify::RecommendedWatcher> {
    start_files(files, tx, || Wake::ExternalChanged)
}

/// Authtray's own settings, changed by the window process (or the CLI):
/// the tray process reads them again.
pub fn start_settings(
    file: std::path::PathBuf,
    tx: Sender<Wake>,
) -> notify::Result<notify::RecommendedWatcher> {
    start_files(&[file], tx, || Wake::SettingsChanged)
}

/// Watches `files` (each folder non-recursively, or its parent until it
/// exists); a change to one of them, or to their folders, sends `wake()`.
fn start_files(
    files: &[std::path::PathBuf],
    tx: Sender<Wake>,
    wake: fn() -> Wake,
) -> notify::Result<notify::RecommendedWatcher> {
    let names: Vec<std::ffi::OsString> = files
        .iter()
        .flat_map(|f| [f.file_name(), f.parent().and_then(Path::file_name)])
        .flatten()
        .map(ToOwned::to_owned)
        .collect();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| {
        if let Ok(event) = res
            && matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            )
            && event
                .paths
                .iter()
                .any(|p| p.file_name().is_some_and(|n| names.iter().any(|m| m == n)))
        {
            let _ = tx.send(wake());
        }
    })?;
    for file in files {
        let Some(dir) = file.parent() else { continue };
        if dir.is_dir() {
            watcher.watch(dir, RecursiveMode::NonRecursive)?;
        } else if let Some(home) = dir.parent().filter(|h| h.is_dir()) {
            watcher.watch(home, RecursiveMode::NonRecursive)?;
        }
    }
    Ok(watcher)
}

/// What a monitor watches: the install's state dir (from when it exists)
/// and the logins other CLIs keep; each change is a [`Wake`] on `tx`.
pub struct Watches {
    tx: Sender<Wake>,
    _state: Option<notify::RecommendedWatcher>,
    state_dir_seen: bool,
    external_files: Vec<std::path::PathBuf>,
    external: Option<notify::RecommendedWatcher>,
}

impl Watches {
    pub fn start(install: &crate::Install, tx: Sender<Wake>) -> Self {
        let state_path = &install.state().path;
        let state = start(state_path, tx.clone())
            .map_err(|e| eprintln!("authtray: cannot watch {}: {e}", state_path.display()))
            .ok();
        let external_files: Vec<_> = crate::cli_logins::Source::ALL
            .iter()
            .map(|s| s.path(install.env()))
            .collect();
        let external = start_external(&external_files, tx.clone())
            .map_err(|e| eprintln!("authtray: cannot watch CLI logins: {e}"))
            .ok();
        Self {
            tx,
            _state: state,
            state_dir_seen: state_path.is_dir(),
            external_files,
            external,
        }
    }

    /// The state dir appeared since: watch it from now on.
    pub fn follow(&mut self, install: &crate::Install) {
        if !self.state_dir_seen && install.state().path.is_dir() {
            self._state = start(&install.state().path, self.tx.clone()).ok();
            self.state_dir_seen = true;
        }
    }

    /// A CLI's folder may have appeared: watch it from now on.
    pub fn rewatch_external(&mut self) {
        self.external = start_external(&self.external_files, self.tx.clone()).ok();
    }
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

    #[test]
    fn a_cli_login_change_wakes_the_monitor_within_a_second() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".claude")).unwrap();
        std::fs::write(home.path().join(".claude/history.jsonl"), "x").unwrap();
        let files = [
            home.path().join(".claude/.credentials.json"),
            home.path().join(".codex/auth.json"),
        ];
        let (tx, rx) = std::sync::mpsc::channel();
        let _w = start_external(&files, tx).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::fs::write(
            home.path().join(".claude/history.jsonl"),
            "other files do not count",
        )
        .unwrap();
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(300))
                .is_err()
        );
        std::fs::write(&files[0], r#"{"claudeAiOauth":{}}"#).unwrap();
        assert!(matches!(
            rx.recv_timeout(std::time::Duration::from_secs(1)),
            Ok(Wake::ExternalChanged)
        ));
        // ~/.codex appears later: its creation is seen from the home.
        while rx.try_recv().is_ok() {}
        std::fs::create_dir(home.path().join(".codex")).unwrap();
        assert!(matches!(
            rx.recv_timeout(std::time::Duration::from_secs(1)),
            Ok(Wake::ExternalChanged)
        ));
    }
}
