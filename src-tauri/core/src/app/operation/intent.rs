//! The intent record of an operation in progress: a small file in
//! Authtray's data dir (0600), written before the first part and
//! removed after the last, that tells the next Authtray process what a
//! crashed one was doing — which store write was the commit point and what
//! `openclaw.json` and the keyring got around it. It holds profile ids and
//! fingerprints (SHA-256 of the credential JSON), never a secret.

use super::listing::Listing;
use crate::files::{FileError, create_private_dir, read_json, remove_if_present, write_private};
use crate::json::to_json_bytes;
use crate::store::Location;
use crate::time::EpochMs;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub const VERSION: u32 = 1;

/// One profile the store write changes: what its credential was and will
/// be, by fingerprint (`None`: absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileChange {
    pub profile: String,
    pub provider: String,
    pub mode: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// A new profile that goes first in its provider's stored order (a
    /// login does that; the JSON era writes that order in a second file).
    #[serde(default)]
    pub promoted: bool,
    /// A rename: the id this profile replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_place_of: Option<String>,
}

/// What happens to a keyring entry when the operation ends one way or the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyringEnd {
    Keep,
    /// Deleted, unless the store refers to it.
    Delete,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyringStep {
    pub entry: String,
    pub if_written: KeyringEnd,
    pub if_not: KeyringEnd,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    pub v: u32,
    pub pid: u32,
    pub started_at: EpochMs,
    /// For people: "add openrouter:work to main".
    pub what: String,
    pub store: Location,
    pub changes: Vec<ProfileChange>,
    /// Made in `openclaw.json` before the store write.
    pub listing: Listing,
    /// Made in `openclaw.json` after it.
    pub unlisting: Listing,
    pub keyring: Option<KeyringStep>,
}

impl Intent {
    /// Whether the store write happened, from the store as it is: a changed
    /// profile that holds its `after` says yes, one that holds its `before`
    /// says no; if someone else changed them since, presence decides.
    pub fn written(&self, fingerprint_now: impl Fn(&str) -> Option<String>) -> bool {
        let now: Vec<Option<String>> = self
            .changes
            .iter()
            .map(|c| fingerprint_now(&c.profile))
            .collect();
        for (c, now) in self.changes.iter().zip(&now) {
            if *now == c.after {
                return true;
            }
            if *now == c.before {
                return false;
            }
        }
        self.changes
            .first()
            .zip(now.first())
            .is_some_and(|(c, now)| c.after.is_some() == now.is_some())
    }
}

/// A credential's fingerprint: SHA-256 of its compact JSON, 32 hex digits.
pub fn fingerprint(credential: &Value) -> String {
    let digest = Sha256::digest(serde_json::to_vec(credential).expect("JSON serialises"));
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Where the intent record of the install at `state_dir` lives (one at a
/// time: Authtray's own lock orders operations on an install).
pub fn path(data_dir: &Path, state_dir: &Path) -> PathBuf {
    let canonical = std::fs::canonicalize(state_dir).unwrap_or_else(|_| state_dir.to_path_buf());
    let digest = Sha256::digest(canonical.to_string_lossy().as_bytes());
    let key: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    data_dir.join("operations").join(format!("{key}.json"))
}

/// Writes the record (temp, rename; 0600 in 0700). Not fsynced: a killed
/// process leaves it in the page cache for the next one, which is what it
/// is for; after a power loss the store and config writes (fsynced) are
/// what they are, and `status` finds any leftover by content. The caller
/// holds Authtray's lock, so a temp file beside it is what a process killed
/// while writing one left: removed first.
pub fn save(path: &Path, intent: &Intent) -> Result<(), FileError> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    for entry in std::fs::read_dir(path.parent().unwrap_or(Path::new(".")))
        .into_iter()
        .flatten()
        .flatten()
    {
        let leftover = entry.file_name();
        let leftover = leftover.to_string_lossy();
        if leftover.starts_with(name) && leftover.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir).map_err(|source| FileError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    write_private(
        path,
        &to_json_bytes(&serde_json::to_value(intent).expect("an intent serialises")),
    )
}

/// The record at `path`: `Ok(None)` when there is none, `Err` naming the
/// file when it cannot be read or understood.
pub fn load(path: &Path) -> Result<Option<Intent>, FileError> {
    let Some(value) = read_json(path)? else {
        return Ok(None);
    };
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| FileError::Parse {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("not an operation record of this Authtray ({e})"),
        })
}

pub fn clear(path: &Path) -> Result<(), FileError> {
    remove_if_present(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(before: Option<&str>, after: Option<&str>) -> ProfileChange {
        ProfileChange {
            profile: "xai:a".into(),
            provider: "xai".into(),
            mode: "api_key".into(),
            before: before.map(Into::into),
            after: after.map(Into::into),
            promoted: false,
            in_place_of: None,
        }
    }

    fn intent(changes: Vec<ProfileChange>) -> Intent {
        Intent {
            v: VERSION,
            pid: 1,
            started_at: 1,
            what: "test".into(),
            store: Location::Files("/a".into()),
            changes,
            listing: Listing::default(),
            unlisting: Listing::default(),
            keyring: None,
        }
    }

    #[test]
    fn the_store_tells_whether_its_write_happened() {
        let add = intent(vec![change(None, Some("new"))]);
        assert!(add.written(|_| Some("new".into())));
        assert!(!add.written(|_| None));
        assert!(add.written(|_| Some("refreshed since".into())));
        let replace = intent(vec![change(Some("old"), Some("new"))]);
        assert!(!replace.written(|_| Some("old".into())));
        assert!(replace.written(|_| Some("new".into())));
        let remove = intent(vec![change(Some("old"), None)]);
        assert!(remove.written(|_| None));
        assert!(!remove.written(|_| Some("old".into())));
    }

    #[test]
    fn a_record_round_trips_and_a_foreign_one_is_an_error_naming_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let p = path(tmp.path(), Path::new("/state"));
        let i = intent(vec![change(None, Some("f"))]);
        save(&p, &i).unwrap();
        assert_eq!(load(&p).unwrap(), Some(i));
        std::fs::write(&p, r#"{"v": 99}"#).unwrap();
        let err = load(&p).unwrap_err();
        assert!(err.to_string().contains(&p.display().to_string()), "{err}");
        clear(&p).unwrap();
        assert_eq!(load(&p).unwrap(), None);
    }
}
