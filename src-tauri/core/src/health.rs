//! Health of each profile at a given `now` (pure): the statuses of
//! `openclaw models status` (§13.1) and the `--check` verdict.
//!
//! Difference from OpenClaw, on purpose: `openclaw models status --check`
//! judges only providers in use by the configured models; Authtray's verdict
//! covers every profile of the selected agents, so a dormant credential that
//! is about to die is reported before anything switches to it.

use crate::store::{Credential, CredentialType, Expiry};
use crate::time::{EpochMs, HOUR, MINUTE};
use serde::{Deserialize, Serialize};

/// OpenClaw's warning window (`DEFAULT_OAUTH_WARN_MS`).
pub const DEFAULT_WARN_MS: EpochMs = 24 * HOUR;
/// OpenClaw refreshes OAuth access tokens this long before they expire.
pub const REFRESH_MARGIN_MS: EpochMs = 5 * MINUTE;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Static,
    Expiring,
    Expired,
    Missing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Static => "static",
            Self::Expiring => "expiring",
            Self::Expired => "expired",
            Self::Missing => "missing",
        }
    }
}

/// A profile's status and, when not obvious, why (`invalid_expires`,
/// `missing_credential`, `missing_expires`).
pub fn status(cred: &Credential, now: EpochMs, warn_ms: EpochMs) -> (Status, Option<&'static str>) {
    let window = warn_ms.max(REFRESH_MARGIN_MS);
    let has_secret = cred.secret.is_some() || cred.secret_ref.is_some();
    let timed = |t: EpochMs| match t - now {
        r if r <= 0 => Status::Expired,
        r if r <= window => Status::Expiring,
        _ => Status::Ok,
    };
    match cred.kind {
        CredentialType::ApiKey if has_secret => (Status::Static, None),
        CredentialType::ApiKey => (Status::Missing, Some("missing_credential")),
        CredentialType::Token => match cred.expires {
            _ if !has_secret => (Status::Missing, Some("missing_credential")),
            Expiry::Absent => (Status::Static, None),
            Expiry::Invalid => (Status::Missing, Some("invalid_expires")),
            Expiry::At(t) => (timed(t), None),
        },
        CredentialType::Oauth => match cred.expires {
            Expiry::Absent => (Status::Missing, Some("missing_expires")),
            Expiry::Invalid => (Status::Missing, Some("invalid_expires")),
            Expiry::At(t) => (timed(t), None),
        },
    }
}

/// The `--check` exit code over checked statuses: 1 if any is expired or
/// missing, 2 if any is expiring, else 0.
pub fn check_exit_code(statuses: impl IntoIterator<Item = Status>) -> i32 {
    let worst = statuses.into_iter().max().unwrap_or(Status::Ok);
    match worst {
        Status::Expired | Status::Missing => 1,
        Status::Expiring => 2,
        Status::Ok | Status::Static => 0,
    }
}

/// What needs the user about a profile (an alert's kind).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Problem {
    /// Ends within the warning window.
    Expiring,
    Expired,
    /// No usable secret or expiry.
    Missing,
    /// OAuth that OpenClaw should have refreshed, still expired after the grace period.
    NotRefreshed,
    /// The refresh chain is broken (`auth_permanent`, or a refresh that
    /// failed permanently): the user must log in again.
    NeedsReconnect,
    /// Only in a retired JSON file OpenClaw no longer reads (the upgrade guard).
    Stranded,
    /// Stored, but `openclaw.json` does not list it while it lists others
    /// of its provider: OpenClaw never tries it (`app::untried`).
    NeverTried,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DAY;
    use serde_json::json;

    const NOW: EpochMs = 1_767_225_600_000;

    fn cred(v: serde_json::Value) -> Credential {
        Credential::parse(&v).unwrap()
    }

    #[test]
    fn statuses_match_openclaw_models_status() {
        let s = |v| status(&cred(v), NOW, DEFAULT_WARN_MS).0;
        assert_eq!(
            s(json!({"type": "api_key", "provider": "p", "key": "k"})),
            Status::Static
        );
        assert_eq!(
            s(json!({"type": "api_key", "provider": "p"})),
            Status::Missing
        );
        assert_eq!(
            s(json!({"type": "token", "provider": "p", "token": "t"})),
            Status::Static
        );
        assert_eq!(
            s(json!({"type": "token", "provider": "p", "token": "t", "expires": 0})),
            Status::Missing
        );
        assert_eq!(
            s(json!({"type": "token", "provider": "p", "token": "t", "expires": NOW + 3 * HOUR})),
            Status::Expiring
        );
        assert_eq!(
            s(json!({"type": "token", "provider": "p", "token": "t", "expires": NOW + 2 * DAY})),
            Status::Ok
        );
        assert_eq!(
            s(json!({"type": "token", "provider": "p", "token": "t", "expires": NOW})),
            Status::Expired
        );
        assert_eq!(
            s(json!({"type": "oauth", "provider": "p", "refresh": "r"})),
            Status::Missing
        );
        assert_eq!(
            s(
                json!({"type": "oauth", "provider": "p", "access": "a", "refresh": "r", "expires": NOW - 1})
            ),
            Status::Expired
        );
    }

    #[test]
    fn the_warning_window_is_configurable_but_never_below_the_refresh_margin() {
        let c =
            cred(json!({"type": "token", "provider": "p", "token": "t", "expires": NOW + 2 * DAY}));
        assert_eq!(status(&c, NOW, 7 * DAY).0, Status::Expiring);
        let c = cred(
            json!({"type": "token", "provider": "p", "token": "t", "expires": NOW + 4 * MINUTE}),
        );
        assert_eq!(status(&c, NOW, 0).0, Status::Expiring);
    }

    #[test]
    fn check_verdict() {
        assert_eq!(check_exit_code([]), 0);
        assert_eq!(check_exit_code([Status::Ok, Status::Static]), 0);
        assert_eq!(check_exit_code([Status::Ok, Status::Expiring]), 2);
        assert_eq!(check_exit_code([Status::Expiring, Status::Missing]), 1);
        assert_eq!(check_exit_code([Status::Expired]), 1);
    }
}
