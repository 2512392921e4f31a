//! GitHub Copilot: `GET https://api.github.com/copilot_internal/user` with
//! the GitHub token of the Copilot login (`Authorization: token …`) — what
//! the Copilot editor plugins read. Shape (undocumented): `{copilot_plan,
//! quota_reset_date(_utc), quota_snapshots: {premium_interactions, chat,
//! completions}}`, each `{entitlement, remaining, percent_remaining,
//! unlimited}`; unlimited ones are not windows.

use super::{Usage, UsageError, UsageWindow, percent_left};
use serde_json::Value;

pub const URL: &str = "https://api.github.com/copilot_internal/user";

const SNAPSHOTS: [(&str, &str); 3] = [
    ("premium_interactions", "premium"),
    ("chat", "chat"),
    ("completions", "completions"),
];

/// `2026-09-01` or `2026-09-01T00:00:00Z`.
fn reset_at(body: &Value) -> Option<i64> {
    let text = ["quota_reset_date_utc", "quota_reset_date"]
        .iter()
        .find_map(|k| body.get(*k)?.as_str())?;
    crate::time::parse_iso(text).or_else(|| crate::time::parse_iso(&format!("{text}T00:00:00Z")))
}

/// The usage in a reply body, or why it is not one.
pub fn parse(body: &Value) -> Result<Usage, UsageError> {
    let snapshots = body
        .get("quota_snapshots")
        .filter(|v| v.is_object())
        .ok_or_else(|| UsageError::shape("the answer has no quota_snapshots"))?;
    let resets_at = reset_at(body);
    let windows = SNAPSHOTS
        .iter()
        .filter_map(|(key, name)| {
            let s = snapshots.get(*key)?;
            if s.get("unlimited").and_then(Value::as_bool) == Some(true) {
                return None;
            }
            let left = percent_left(s, "percent_remaining", "remaining", "entitlement")?;
            Some(UsageWindow {
                name: (*name).to_owned(),
                used_percent: 100.0 - left,
                resets_at,
                window_secs: None,
            })
        })
        .collect();
    Ok(Usage {
        plan: body
            .get("copilot_plan")
            .and_then(Value::as_str)
            .map(str::to_owned),
        windows,
        credits: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn metered_snapshots_are_windows_and_unlimited_ones_are_not() {
        let u = parse(&json!({
            "login": "ada", "copilot_plan": "individual", "quota_reset_date": "2026-12-31",
            "quota_snapshots": {
                "premium_interactions": {"entitlement": 300, "remaining": 60, "percent_remaining": 20.0, "unlimited": false},
                "chat": {"entitlement": 0, "remaining": 0, "percent_remaining": 100.0, "unlimited": true},
                "completions": {"entitlement": 2000, "remaining": 1500, "unlimited": false}
            }
        }))
        .unwrap();
        assert_eq!(u.plan.as_deref(), Some("individual"));
        let w: Vec<_> = u
            .windows
            .iter()
            .map(|w| (w.name.as_str(), w.used_percent))
            .collect();
        assert_eq!(w, [("premium", 80.0), ("completions", 25.0)]);
        assert_eq!(
            u.windows[0].resets_at,
            crate::time::parse_iso("2026-12-31T00:00:00Z")
        );
    }

    #[test]
    fn garbage_is_not_usage() {
        for bad in [
            json!({}),
            json!({"quota_snapshots": 3}),
            json!({"message": "Not Found"}),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
    }
}
