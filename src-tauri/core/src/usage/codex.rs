//! OpenAI Codex / ChatGPT: `GET https://chatgpt.com/backend-api/wham/usage`
//! with the access token and `ChatGPT-Account-Id` — the endpoint Codex CLI's
//! `/status` reads. Shape (as current tools read it; undocumented):
//! `{plan_type, rate_limit: {primary_window, secondary_window}, credits}`,
//! each window `{used_percent, reset_at (epoch s), limit_window_seconds}`.

use super::{Usage, UsageError, UsageWindow, percent};
use serde_json::Value;

pub const URL: &str = "https://chatgpt.com/backend-api/wham/usage";

fn window(v: &Value, fallback: &str) -> Option<UsageWindow> {
    let used = percent(v.get("used_percent")?)?;
    let secs = v.get("limit_window_seconds").and_then(Value::as_u64);
    Some(UsageWindow {
        name: secs.map_or_else(|| fallback.to_owned(), super::window_name),
        used_percent: used,
        resets_at: v
            .get("reset_at")
            .and_then(Value::as_f64)
            .map(|s| (s * 1000.0) as i64),
        window_secs: secs,
    })
}

/// The usage in a reply body, or why it is not one.
pub fn parse(body: &Value) -> Result<Usage, UsageError> {
    let limits = body.get("rate_limit").filter(|v| v.is_object());
    let windows: Vec<UsageWindow> = [("primary_window", "5h"), ("secondary_window", "7d")]
        .iter()
        .filter_map(|(key, fallback)| window(limits?.get(*key)?, fallback))
        .collect();
    let plan = body
        .get("plan_type")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if windows.is_empty() && plan.is_none() {
        return Err(UsageError::shape("the answer has no rate_limit windows"));
    }
    let credits = body
        .get("credits")
        .and_then(|c| c.get("balance"))
        .and_then(|b| b.as_f64().or_else(|| b.as_str()?.parse().ok()));
    Ok(Usage {
        plan,
        windows,
        credits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_windows_plan_and_credits() {
        let u = parse(&json!({
            "plan_type": "pro",
            "rate_limit": {
                "allowed": true, "limit_reached": false,
                "primary_window": {"used_percent": 33, "limit_window_seconds": 18000, "reset_after_seconds": 900, "reset_at": 1_796_300_000},
                "secondary_window": {"used_percent": 71.5, "limit_window_seconds": 604_800, "reset_at": 1_796_800_000}
            },
            "credits": {"has_credits": true, "unlimited": false, "balance": "5.5"}
        }))
        .unwrap();
        assert_eq!(u.plan.as_deref(), Some("pro"));
        assert_eq!(u.credits, Some(5.5));
        let names: Vec<_> = u
            .windows
            .iter()
            .map(|w| (w.name.as_str(), w.used_percent))
            .collect();
        assert_eq!(names, [("5h", 33.0), ("7d", 71.5)]);
        assert_eq!(u.windows[0].resets_at, Some(1_796_300_000_000));
    }

    #[test]
    fn missing_fields_and_garbage() {
        let only_primary =
            parse(&json!({"rate_limit": {"primary_window": {"used_percent": 5}}})).unwrap();
        assert_eq!(
            (
                only_primary.windows.len(),
                only_primary.windows[0].name.as_str()
            ),
            (1, "5h")
        );
        assert!(only_primary.windows[0].resets_at.is_none());
        for bad in [
            json!({}),
            json!([1, 2]),
            json!({"rate_limit": "x"}),
            json!({"rate_limit": {"primary_window": {"used_percent": "lots"}}}),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
        let clamped =
            parse(&json!({"rate_limit": {"primary_window": {"used_percent": 250}}})).unwrap();
        assert_eq!(clamped.windows[0].used_percent, 100.0);
    }
}
