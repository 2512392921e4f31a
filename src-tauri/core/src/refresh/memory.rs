//! What Authtray remembers about refreshes, in its own data dir (OpenClaw
//! drops unknown credential fields): profiles that need a reconnect, and
//! the back-off of transient failures. Keyed by store directory and profile
//! id; a record only applies while the refresh token is the one it was
//! made for (a Reconnect writes a new one and clears it).

use crate::time::{EpochMs, MINUTE};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Record {
    NeedsReconnect {
        reason: String,
        since: EpochMs,
        token: String,
    },
    Backoff {
        reason: String,
        failures: u32,
        retry_at: EpochMs,
        token: String,
    },
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct RefreshMemory {
    records: BTreeMap<String, Record>,
}

/// A short fingerprint of a refresh token (never the token itself).
pub fn fingerprint(refresh: &str) -> String {
    Sha256::digest(refresh.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn key(store_dir: &Path, profile_id: &str) -> String {
    format!("{}\0{profile_id}", store_dir.display())
}

fn file(data_dir: &Path) -> PathBuf {
    data_dir.join("refresh-state.json")
}

impl RefreshMemory {
    /// Missing or unreadable memory is empty: at worst one extra attempt.
    pub fn load(data_dir: &Path) -> Self {
        std::fs::read(file(data_dir))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), crate::files::FileError> {
        crate::files::save_private_json(&file(data_dir), self)
    }

    /// Applies `change` to the memory on disk as it is now, holding an OS
    /// lock on `refresh-state.lock` from read to write, so processes
    /// refreshing different profiles at once (the app and a cron
    /// `authtray-cli refresh`) never drop each other's records.
    pub fn update<T>(
        data_dir: &Path,
        change: impl FnOnce(&mut Self) -> T,
    ) -> Result<T, crate::files::FileError> {
        use fs4::fs_std::FileExt;
        let lock_path = data_dir.join("refresh-state.lock");
        let err = |source| crate::files::FileError::Write {
            path: lock_path.clone(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(err)?;
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(err)?;
        lock.lock_exclusive().map_err(err)?;
        let mut memory = Self::load(data_dir);
        let out = change(&mut memory);
        let saved = memory.save(data_dir);
        let _ = FileExt::unlock(&lock);
        saved.map(|()| out)
    }

    /// The record for this profile while its refresh token is `refresh`.
    pub fn get(&self, store_dir: &Path, profile_id: &str, refresh: &str) -> Option<&Record> {
        let fp = fingerprint(refresh);
        self.records
            .get(&key(store_dir, profile_id))
            .filter(|r| match r {
                Record::NeedsReconnect { token, .. } | Record::Backoff { token, .. } => {
                    *token == fp
                }
            })
    }

    pub fn needs_reconnect(
        &mut self,
        store_dir: &Path,
        profile_id: &str,
        refresh: &str,
        reason: String,
        now: EpochMs,
    ) {
        self.records.insert(
            key(store_dir, profile_id),
            Record::NeedsReconnect {
                reason,
                since: now,
                token: fingerprint(refresh),
            },
        );
    }

    /// Doubles the wait from 1 minute up to 1 hour.
    pub fn back_off(
        &mut self,
        store_dir: &Path,
        profile_id: &str,
        refresh: &str,
        reason: String,
        now: EpochMs,
    ) -> EpochMs {
        let failures = match self.get(store_dir, profile_id, refresh) {
            Some(Record::Backoff { failures, .. }) => failures + 1,
            _ => 1,
        };
        let retry_at = now + (MINUTE << (failures - 1).min(6)).min(60 * MINUTE);
        self.records.insert(
            key(store_dir, profile_id),
            Record::Backoff {
                reason,
                failures,
                retry_at,
                token: fingerprint(refresh),
            },
        );
        retry_at
    }

    pub fn clear(&mut self, store_dir: &Path, profile_id: &str) -> bool {
        self.records.remove(&key(store_dir, profile_id)).is_some()
    }

    /// Profiles (store dir, id, reason) currently marked as needing a reconnect.
    pub fn reconnects(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.records.iter().filter_map(|(k, r)| match r {
            Record::NeedsReconnect { reason, .. } => {
                let (dir, id) = k.split_once('\0')?;
                Some((dir, id, reason.as_str()))
            }
            Record::Backoff { .. } => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_updates_from_many_writers_keep_every_record() {
        let dir = tempfile::tempdir().unwrap();
        let writers: Vec<_> = (0..8)
            .map(|w| {
                let data = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    for i in 0..25 {
                        RefreshMemory::update(&data, |m| {
                            m.needs_reconnect(
                                Path::new("/s"),
                                &format!("p:{w}-{i}"),
                                "rt",
                                "dead".into(),
                                1,
                            )
                        })
                        .unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        // Without the lock, a run here kept 94 of 200.
        assert_eq!(RefreshMemory::load(dir.path()).reconnects().count(), 200);
    }

    #[test]
    fn records_apply_only_to_the_token_they_were_made_for_and_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let store = Path::new("/s/agents/main/agent");
        let mut m = RefreshMemory::default();
        m.needs_reconnect(store, "p:1", "rt-old", "invalid_grant".into(), 5);
        assert!(m.get(store, "p:1", "rt-old").is_some());
        assert!(
            m.get(store, "p:1", "rt-new").is_none(),
            "a reconnect wrote a new token"
        );
        m.save(dir.path()).unwrap();
        let back = RefreshMemory::load(dir.path());
        assert_eq!(back.reconnects().count(), 1);
        let text = std::fs::read_to_string(dir.path().join("refresh-state.json")).unwrap();
        assert!(!text.contains("rt-old"), "no token is kept");
    }

    #[test]
    fn back_off_doubles_up_to_an_hour() {
        let mut m = RefreshMemory::default();
        let store = Path::new("/s");
        let waits: Vec<_> = (0..9)
            .map(|_| m.back_off(store, "p", "rt", "503".into(), 0) / MINUTE)
            .collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
