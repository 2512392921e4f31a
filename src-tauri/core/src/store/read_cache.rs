//! A cache of database reads for display, validated the way OpenClaw's own
//! runtime validates its row cache (`openclaw-sqlite.md` b.7): by the file
//! identity (`dev:ino:size:mtime`) of the database and its `-wal` and
//! `-journal` (every commit writes the WAL, every checkpoint the database). Opening an OpenClaw agent database parses a schema of some
//! 170 objects; a status of 20 agents then costs more in parsing than in
//! reading. A commit, a checkpoint or a replaced file changes the identity
//! and the rows are read again. Writes never use it: they re-read inside
//! their transaction. The cache holds what the stores hold, so it lives in
//! Authtray's data dir like the undo history (0600 in 0700).

use super::history::Snapshot;
use super::location::Location;
use crate::files::{read_json, save_private_json};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
struct Entry {
    identity: String,
    store: Option<String>,
    state: Option<String>,
}

/// The cache of one process, written back when it learned something.
#[derive(Debug)]
pub struct ReadCache {
    file: PathBuf,
    entries: Mutex<(BTreeMap<String, Entry>, bool)>,
}

impl ReadCache {
    pub fn new(data_dir: &Path) -> Self {
        let file = data_dir.join("read-cache.json");
        let entries = read_json(&file)
            .ok()
            .flatten()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        Self {
            file,
            entries: Mutex::new((entries, false)),
        }
    }

    /// The rows read earlier while the files are still the same.
    pub fn get(&self, loc: &Location) -> Option<Snapshot> {
        let id = identity(loc)?;
        let guard = self.entries.lock().expect("cache");
        let e = guard.0.get(&key(loc)).filter(|e| e.identity == id)?;
        Some(Snapshot {
            profiles: e.store.clone(),
            state: e.state.clone(),
            taken_at: crate::time::now_ms(),
        })
    }

    /// Remembers the rows read from `loc` (with the identity seen before the read).
    pub fn put(&self, loc: &Location, identity: String, rows: &Snapshot) {
        let mut guard = self.entries.lock().expect("cache");
        let entry = Entry {
            identity,
            store: rows.profiles.clone(),
            state: rows.state.clone(),
        };
        if guard.0.get(&key(loc)) != Some(&entry) {
            guard.0.insert(key(loc), entry);
            guard.1 = true;
        }
    }

    /// Writes the cache back if it changed (best effort: it is only a cache).
    pub fn save(&self) {
        let mut guard = self.entries.lock().expect("cache");
        if guard.1 && save_private_json(&self.file, &guard.0).is_ok() {
            guard.1 = false;
        }
    }
}

impl Drop for ReadCache {
    fn drop(&mut self) {
        self.save();
    }
}

fn key(loc: &Location) -> String {
    loc.key().display().to_string()
}

/// `dev:ino:size:mtime` of the database, its `-wal` and `-journal`
/// (`-` for a file that is not there); `None` when the database is missing.
pub fn identity(loc: &Location) -> Option<String> {
    let db = loc.path();
    let one = |p: &Path| -> String {
        match std::fs::metadata(p) {
            Ok(m) => stamp(&m),
            Err(_) => "-".into(),
        }
    };
    std::fs::metadata(&db).ok()?;
    let with = |suffix: &str| {
        let mut s = db.clone().into_os_string();
        s.push(suffix);
        PathBuf::from(s)
    };
    Some(format!(
        "{}|{}|{}",
        one(&db),
        one(&with("-wal")),
        one(&with("-journal"))
    ))
}

#[cfg(unix)]
fn stamp(m: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    // Not the ctime: SQLite running as root re-owns the -wal at every open.
    format!(
        "{}:{}:{}:{}.{}",
        m.dev(),
        m.ino(),
        m.size(),
        m.mtime(),
        m.mtime_nsec()
    )
}

#[cfg(not(unix))]
fn stamp(m: &std::fs::Metadata) -> String {
    let mtime = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}:{mtime}", m.len())
}
