//! Gemini CLI (Cloud Code Assist): `POST https://cloudcode-pa.googleapis.com/
//! v1internal:retrieveUserQuota` with `{"project": <the login's projectId>}`
//! and the access token — what Gemini CLI's `/stats` reads. Shape
//! (undocumented): `{buckets: [{modelId, tokenType, remainingAmount,
//! remainingFraction (0–1), resetTime (RFC 3339)}]}`: one window per model.

use super::{Usage, UsageError, UsageWindow};
use serde_json::Value;

pub const URL: &str = "https://cloudcode-pa.googleapis.com/v1internal:retrieveUserQuota";

/// The usage in a reply body, or why it is not one.
pub fn parse(body: &Value) -> Result<Usage, UsageError> {
    let buckets = body
        .get("buckets")
        .and_then(Value::as_array)
        .ok_or_else(|| UsageError::shape("the answer has no buckets"))?;
    let windows: Vec<UsageWindow> = buckets
        .iter()
        .filter_map(|b| {
            let left = b
                .get("remainingFraction")?
                .as_f64()
                .filter(|f| f.is_finite())?;
            let model = b.get("modelId")?.as_str()?;
            let kind = b.get("tokenType").and_then(Value::as_str);
            Some(UsageWindow {
                name: match kind {
                    Some(k) if k != "REQUESTS" => format!("{model} {}", k.to_ascii_lowercase()),
                    _ => model.to_owned(),
                },
                used_percent: ((1.0 - left) * 100.0).clamp(0.0, 100.0),
                resets_at: b
                    .get("resetTime")
                    .and_then(Value::as_str)
                    .and_then(crate::time::parse_iso),
                window_secs: None,
            })
        })
        .collect();
    if windows.is_empty() {
        return Err(UsageError::shape("the answer has no model buckets"));
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
    fn a_window_per_model_bucket() {
        let u = parse(&json!({"buckets": [
            {"modelId": "gemini-2.5-pro", "tokenType": "REQUESTS", "remainingAmount": "40", "remainingFraction": 0.4, "resetTime": "2030-01-01T10:00:00Z"},
            {"modelId": "gemini-2.5-flash", "remainingFraction": 1, "resetTime": "2030-01-01T10:00:00Z"},
            {"modelId": "broken"}
        ]}))
        .unwrap();
        let w: Vec<_> = u
            .windows
            .iter()
            .map(|w| (w.name.as_str(), w.used_percent.round()))
            .collect();
        assert_eq!(w, [("gemini-2.5-pro", 60.0), ("gemini-2.5-flash", 0.0)]);
        assert_eq!(
            u.windows[0].resets_at,
            crate::time::parse_iso("2030-01-01T10:00:00Z")
        );
    }

    #[test]
    fn garbage_is_not_usage() {
        for bad in [
            json!({}),
            json!({"buckets": []}),
            json!({"buckets": "x"}),
            json!({"error": {"code": 403}}),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
    }
}
