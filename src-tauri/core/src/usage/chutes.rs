//! Chutes: `GET https://api.chutes.ai/users/me/quota_usage/me` with the API
//! key (or the Chutes login's access token) as a Bearer — what the Chutes
//! quota monitors read. Shape (undocumented): `{quota, used}`, requests of
//! the subscription's daily allowance, which starts afresh at 00:00 UTC.

use super::{Usage, UsageError, UsageWindow};
use crate::time::{DAY, EpochMs};
use serde_json::Value;

pub const URL: &str = "https://api.chutes.ai/users/me/quota_usage/me";

/// The usage in a reply body at `now`, or why it is not one.
pub fn parse(body: &Value, now: EpochMs) -> Result<Usage, UsageError> {
    let number = |k: &str| body.get(k).and_then(Value::as_f64);
    let (Some(quota), Some(used)) = (number("quota"), number("used")) else {
        return Err(UsageError::shape("the answer has no quota and used"));
    };
    let windows = if quota > 0.0 {
        vec![UsageWindow {
            name: "1d".into(),
            used_percent: (used / quota * 100.0).clamp(0.0, 100.0),
            resets_at: Some((now.div_euclid(DAY) + 1) * DAY),
            window_secs: Some(86_400),
        }]
    } else {
        // No daily allowance (pay as you go): nothing to run out of.
        Vec::new()
    };
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
    fn the_daily_allowance_resets_at_midnight_utc() {
        let now = 20_000 * DAY + 13 * 3_600_000;
        let u = parse(&json!({"quota": 2000, "used": 380.5}), now).unwrap();
        let w = &u.windows[0];
        assert_eq!((w.name.as_str(), w.used_percent.round()), ("1d", 19.0));
        assert_eq!(w.resets_at, Some(20_001 * DAY));
        assert!(
            parse(&json!({"quota": 0, "used": 0}), now)
                .unwrap()
                .windows
                .is_empty()
        );
        assert!(parse(&json!({"detail": "Unauthorized"}), now).is_err());
    }
}
