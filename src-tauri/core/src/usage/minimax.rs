//! MiniMax (Coding / Token Plan): `GET
//! https://api.minimax.io/v1/api/openplatform/coding_plan/remains` with the
//! plan's API key or the MiniMax OAuth access token as a Bearer — what the
//! MiniMax quota tools read (China accounts: `www.minimaxi.com`, through
//! `AUTHTRAY_USAGE_MINIMAX_URL`). Shape (undocumented): `{base_resp:
//! {status_code, status_msg}, model_remains: [{model_name, start_time,
//! end_time, current_interval_total_count, current_interval_usage_count,
//! current_interval_remaining_percent?, current_weekly_…, weekly_end_time}]}`.
//!
//! Despite its name, `current_interval_usage_count` is what is *left*:
//! recorded answers carry it beside `current_interval_remaining_percent`
//! and the two agree (70 of 100 with 70 % remaining; 5 of 5 with 100 %),
//! and tools that read it as "used" show a full plan as exhausted. The
//! percentage is preferred when present. Errors come as HTTP 200 with a
//! non-zero `base_resp.status_code`.

use super::{Usage, UsageError, UsageWindow, percent_left, window_name};
use serde_json::Value;

pub const URL: &str = "https://api.minimax.io/v1/api/openplatform/coding_plan/remains";

fn window(row: &Value, name: String, left_pct: f64, start: &str, end: &str) -> UsageWindow {
    let at = |k: &str| row.get(k).and_then(Value::as_i64).filter(|t| *t > 0);
    let (from, to) = (at(start), at(end));
    UsageWindow {
        name,
        used_percent: 100.0 - left_pct,
        resets_at: to,
        window_secs: from
            .zip(to)
            .and_then(|(f, t)| u64::try_from((t - f) / 1000).ok())
            .filter(|s| *s > 0),
    }
}

/// The usage in a reply body, or why it is not one.
pub fn parse(body: &Value) -> Result<Usage, UsageError> {
    if let Some(code) = body
        .pointer("/base_resp/status_code")
        .and_then(Value::as_i64)
        && code != 0
    {
        let why = body
            .pointer("/base_resp/status_msg")
            .and_then(Value::as_str)
            .unwrap_or("no reason given");
        return Err(UsageError::Said(format!("{code}: {why}")));
    }
    let rows = body
        .get("model_remains")
        .and_then(Value::as_array)
        .ok_or_else(|| UsageError::shape("the answer has no model_remains"))?;
    let mut windows = Vec::new();
    for row in rows {
        let model = row
            .get("model_name")
            .and_then(Value::as_str)
            .unwrap_or("plan");
        if let Some(l) = percent_left(
            row,
            "current_interval_remaining_percent",
            "current_interval_usage_count",
            "current_interval_total_count",
        ) {
            let mut w = window(row, String::new(), l, "start_time", "end_time");
            w.name = match w.window_secs {
                Some(s) => format!("{} {model}", window_name(s)),
                None => model.to_owned(),
            };
            windows.push(w);
        }
        if let Some(l) = percent_left(
            row,
            "current_weekly_remaining_percent",
            "current_weekly_usage_count",
            "current_weekly_total_count",
        ) {
            windows.push(window(
                row,
                format!("7d {model}"),
                l,
                "weekly_start_time",
                "weekly_end_time",
            ));
        }
    }
    Ok(Usage {
        plan: body
            .get("current_subscribe_title")
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

    const H: i64 = 3_600_000;

    #[test]
    fn counts_are_what_is_left_and_the_percentage_wins() {
        let start = 1_767_225_600_000;
        let u = parse(&json!({
            "base_resp": {"status_code": 0, "status_msg": "success"},
            "current_subscribe_title": "Plus",
            "model_remains": [
                {"model_name": "MiniMax-M2", "start_time": start, "end_time": start + 5 * H,
                 "remains_time": 7200, "current_interval_total_count": 100, "current_interval_usage_count": 70,
                 "current_weekly_total_count": 1000, "current_weekly_usage_count": 400,
                 "weekly_start_time": start, "weekly_end_time": start + 168 * H},
                {"model_name": "video", "current_interval_total_count": 5, "current_interval_usage_count": 5,
                 "current_interval_remaining_percent": 100},
                {"model_name": "general", "current_interval_total_count": 0, "current_interval_usage_count": 0,
                 "current_interval_remaining_percent": 83}
            ]
        }))
        .unwrap();
        assert_eq!(u.plan.as_deref(), Some("Plus"));
        let shown: Vec<_> = u
            .windows
            .iter()
            .map(|w| (w.name.as_str(), w.used_percent.round() as i64, w.resets_at))
            .collect();
        assert_eq!(
            shown,
            [
                ("5h MiniMax-M2", 30, Some(start + 5 * H)),
                ("7d MiniMax-M2", 60, Some(start + 168 * H)),
                ("video", 0, None),
                ("general", 17, None),
            ]
        );
        assert_eq!(u.windows[0].window_secs, Some(18_000));
    }

    #[test]
    fn errors_and_other_shapes_say_why() {
        let refused =
            parse(&json!({"base_resp": {"status_code": 1004, "status_msg": "login fail"}}));
        assert_eq!(
            refused.unwrap_err().to_string(),
            "the provider said 1004: login fail"
        );
        assert!(parse(&json!({"data": []})).is_err());
        // A row with nothing countable is no window, not a full one.
        let u = parse(
            &json!({"model_remains": [{"model_name": "x", "current_interval_total_count": 0}]}),
        )
        .unwrap();
        assert!(u.windows.is_empty());
    }
}
