//! Undo: before every write the previous bytes of both files are kept in
//! Authtray's own data dir (0700, outside OpenClaw's folders), the last
//! [`KEEP`] per agent. They hold secrets, so they get the store's permissions.

use crate::files::{FileError, create_private_dir, read_json, remove_if_present, write_private};
use crate::json::to_json_bytes;
use crate::time::EpochMs;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub const KEEP: usize = 20;

/// Both files of an agent as they were; `None` = the file did not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub profiles: Option<String>,
    pub state: Option<String>,
    pub taken_at: EpochMs,
}

fn agent_history_dir(data_dir: &Path, agent_dir: &Path) -> PathBuf {
    let canonical = std::fs::canonicalize(agent_dir).unwrap_or_else(|_| agent_dir.to_path_buf());
    let digest = Sha256::digest(canonical.to_string_lossy().as_bytes());
    let key: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    data_dir.join("history").join(key)
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Keeps `snapshot` as the newest version and prunes to [`KEEP`].
pub fn record(data_dir: &Path, agent_dir: &Path, snapshot: &Snapshot) -> Result<(), FileError> {
    let dir = agent_history_dir(data_dir, agent_dir);
    create_private_dir(&dir).map_err(|source| FileError::Write {
        path: dir.clone(),
        source,
    })?;
    let existing = entries(&dir);
    let seq = existing
        .last()
        .and_then(|p| {
            p.file_stem()?
                .to_str()?
                .split('-')
                .nth(1)?
                .parse::<u64>()
                .ok()
        })
        .unwrap_or(0)
        + 1;
    let body = json!({
        "agentDir": agent_dir,
        "takenAt": snapshot.taken_at,
        "profiles": snapshot.profiles,
        "state": snapshot.state,
    });
    // Not fsynced: an undo copy is a convenience, and the store write it
    // precedes must not wait for a second disk flush.
    write_private(
        &dir.join(format!("{:016}-{seq:010}.json", snapshot.taken_at.max(0))),
        &to_json_bytes(&body),
    )?;
    for old in existing
        .iter()
        .take((existing.len() + 1).saturating_sub(KEEP))
    {
        remove_if_present(old)?;
    }
    Ok(())
}

/// The newest kept version and the file it is in.
pub fn latest(data_dir: &Path, agent_dir: &Path) -> Result<Option<(PathBuf, Snapshot)>, FileError> {
    let Some(path) = entries(&agent_history_dir(data_dir, agent_dir)).pop() else {
        return Ok(None);
    };
    let Some(v) = read_json(&path)? else {
        return Ok(None);
    };
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let taken_at = v.get("takenAt").and_then(Value::as_i64).unwrap_or(0);
    Ok(Some((
        path,
        Snapshot {
            profiles: text("profiles"),
            state: text("state"),
            taken_at,
        },
    )))
}

/// How many versions are kept for an agent.
pub fn count(data_dir: &Path, agent_dir: &Path) -> usize {
    entries(&agent_history_dir(data_dir, agent_dir)).len()
}
