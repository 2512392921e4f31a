//! Anthropic (Claude OAuth logins, not setup-tokens — those lack the
//! `user:profile` scope): `GET https://api.anthropic.com/api/oauth/usage`
//! with `anthropic-beta: oauth-2025-04-20` — what Claude Code's `/usage`
//! reads. Shape (undocumented): `{five_hour, seven_day, seven_day_opus,
//! seven_day_sonnet, …}`, each `null` or `{utilization (0–100), resets_at (RFC 3339)}`.

use super::{Usage, UsageError, UsageWindow, percent};
use serde_json::Value;

pub const URL: &str = "https://api.anthropic.com/api/oauth/usage";

const WINDOWS: [(&str, &str, u64); 4] = [
    ("five_hour", "5h", 5 * 3600),
    ("seven_day", "7d", 7 * 86_400),
    ("seven_day_opus", "7d Opus", 7 * 86_400),
    ("seven_day_sonnet", "7d Sonnet", 7 * 86_400),
];

/// The usage in a reply body, or why it is not one.
pub fn parse(body: &Value) -> Result<Usage, UsageError> {
    let windows: Vec<UsageWindow> = WINDOWS
        .iter()
        .filter_map(|(key, name, secs)| {
            let w = body.get(*key)?;
            Some(UsageWindow {
                name: (*name).to_owned(),
                used_percent: percent(w.get("utilization")?)?,
                resets_at: w
                    .get("resets_at")
                    .and_then(Value::as_str)
                    .and_then(crate::time::parse_iso),
                window_secs: Some(*secs),
            })
        })
        .collect();
    if windows.is_empty() {
        return Err(UsageError::shape("the answer has no usage windows"));
    }
    Ok(Usage {
        plan: None,
        windows,
        credits: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn windows_with_nulls_and_per_model_ones() {
        let u = parse(&json!({
            "five_hour": {"utilization": 22.0, "resets_at": "2026-12-03T14:00:00.364238+00:00"},
            "seven_day": {"utilization": 49.0, "resets_at": "2026-12-07T10:00:01.364256+00:00"},
            "seven_day_oauth_apps": null,
            "seven_day_opus": null,
            "seven_day_sonnet": {"utilization": 35.0, "resets_at": null},
            "extra_usage": {"is_enabled": false}
        }))
        .unwrap();
        let names: Vec<_> = u
            .windows
            .iter()
            .map(|w| (w.name.as_str(), w.used_percent))
            .collect();
        assert_eq!(names, [("5h", 22.0), ("7d", 49.0), ("7d Sonnet", 35.0)]);
        assert_eq!(
            u.windows[0].resets_at,
            crate::time::parse_iso("2026-12-03T14:00:00.364Z")
        );
        assert!(u.windows[2].resets_at.is_none());
    }

    #[test]
    fn garbage_is_not_usage() {
        for bad in [
            json!({}),
            json!({"five_hour": null}),
            json!({"error": {"type": "permission_error"}}),
            json!("nope"),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
    }
}
