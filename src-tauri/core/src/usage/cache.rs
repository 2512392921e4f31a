//! The last usage read of each account, in Authtray's data dir
//! (`usage.json`, 0600): what the window, `status` and `usage` show between
//! checks, and the per-account rate limit (at most one request every five
//! minutes unless asked for on demand). A later failure keeps the last
//! known usage beside the reason.

use super::Usage;
use crate::files::{FileError, load_json_or_default, save_private_json};
use crate::time::{EpochMs, MINUTE};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The least time between two usage requests for one account.
pub const MIN_INTERVAL: EpochMs = 5 * MINUTE;

const FILE: &str = "usage.json";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// When the provider was last asked.
    pub checked_at: EpochMs,
    /// The last usage it told, and when.
    pub usage: Option<Usage>,
    pub read_at: Option<EpochMs>,
    /// Why the last check told nothing (`None`: it succeeded).
    pub unavailable: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UsageCache {
    /// By `agent/profile`.
    pub accounts: BTreeMap<String, Entry>,
}

impl UsageCache {
    /// The cache, or an empty one when there is none or it does not parse
    /// (it is only a cache: the next check rebuilds it).
    pub fn load(data_dir: &Path) -> Self {
        load_json_or_default(&data_dir.join(FILE))
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), FileError> {
        std::fs::create_dir_all(data_dir).map_err(|source| FileError::Write {
            path: data_dir.to_path_buf(),
            source,
        })?;
        save_private_json(&data_dir.join(FILE), self)
    }

    pub fn key(agent: &str, profile: &str) -> String {
        format!("{agent}/{profile}")
    }

    /// Whether `key` was checked less than [`MIN_INTERVAL`] ago.
    pub fn fresh(&self, key: &str, now: EpochMs) -> bool {
        self.accounts
            .get(key)
            .is_some_and(|e| now - e.checked_at < MIN_INTERVAL && e.checked_at <= now)
    }

    /// Records a check at `now` (a failure as its words: the cache is
    /// shown, never acted on).
    pub fn record(
        &mut self,
        key: &str,
        now: EpochMs,
        checked: Result<Usage, super::UsageError>,
    ) -> &Entry {
        let entry = self.accounts.entry(key.to_owned()).or_default();
        entry.checked_at = now;
        match checked {
            Ok(u) => {
                entry.usage = Some(u);
                entry.read_at = Some(now);
                entry.unavailable = None;
            }
            Err(why) => entry.unavailable = Some(why.to_string()),
        }
        entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_minutes_between_requests_and_a_failure_keeps_the_last_usage() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = UsageCache::load(dir.path());
        let k = UsageCache::key("main", "openai-codex:a");
        assert!(!c.fresh(&k, 0));
        let u = Usage {
            plan: Some("pro".into()),
            windows: vec![],
            credits: None,
        };
        c.record(&k, 1_000, Ok(u.clone()));
        assert!(c.fresh(&k, 1_000 + MIN_INTERVAL - 1));
        assert!(!c.fresh(&k, 1_000 + MIN_INTERVAL));
        let e = c
            .record(
                &k,
                1_000 + MIN_INTERVAL,
                Err(super::super::UsageError::RateLimited),
            )
            .clone();
        assert_eq!(
            (e.usage, e.read_at, e.unavailable.as_deref()),
            (
                Some(u),
                Some(1_000),
                Some("the provider is rate-limiting usage requests; try again later")
            )
        );
        c.save(dir.path()).unwrap();
        assert_eq!(UsageCache::load(dir.path()), c);
        std::fs::write(dir.path().join(FILE), "{garbage").unwrap();
        assert_eq!(UsageCache::load(dir.path()), UsageCache::default());
    }
}
