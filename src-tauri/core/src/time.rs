//! Time as data: epoch milliseconds in, text out. Business logic takes `now`
//! as an argument; only the edges (CLI, app, locks) read the clock.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, the unit of every OpenClaw timestamp.
pub type EpochMs = i64;

pub const SECOND: EpochMs = 1_000;
pub const MINUTE: EpochMs = 60 * SECOND;
pub const HOUR: EpochMs = 60 * MINUTE;
pub const DAY: EpochMs = 24 * HOUR;

/// The wall clock, for the edges of the program.
pub fn now_ms() -> EpochMs {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as EpochMs)
        .unwrap_or(0)
}

/// `2026-05-20T12:34:56.789Z`, as JavaScript's `Date.toISOString()`.
pub fn to_iso(ms: EpochMs) -> String {
    let (days, rem) = (ms.div_euclid(DAY), ms.rem_euclid(DAY));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / HOUR,
        rem % HOUR / MINUTE,
        rem % MINUTE / SECOND,
        rem % SECOND
    )
}

/// Parses the ISO-8601 forms JavaScript and Python write (`…Z` or a
/// `±hh:mm` offset, optional fraction, read to the millisecond).
pub fn parse_iso(s: &str) -> Option<EpochMs> {
    let (s, offset) = match s.strip_suffix('Z') {
        Some(rest) => (rest, 0),
        None => split_offset(s)?,
    };
    let (date, time) = s.split_once('T')?;
    let mut dp = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (dp.next()??, dp.next()??, dp.next()??);
    let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
    let mut tp = hms.splitn(3, ':').map(|p| p.parse::<i64>().ok());
    let (hh, mm, ss) = (tp.next()??, tp.next()??, tp.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let millis: i64 = format!("{frac:0<3}").get(..3)?.parse().ok()?;
    Some(days_from_civil(y, m, d) * DAY + hh * HOUR + mm * MINUTE + ss * SECOND + millis - offset)
}

/// `2026-12-03T14:00:00+01:00` → (`2026-12-03T14:00:00`, one hour).
fn split_offset(s: &str) -> Option<(&str, EpochMs)> {
    let at = s.len().checked_sub(6)?;
    let (rest, off) = (s.get(..at)?, s.get(at..)?);
    let sign = match off.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = off[1..].split_once(':')?;
    Some((
        rest,
        sign * (h.parse::<i64>().ok()? * HOUR + m.parse::<i64>().ok()? * MINUTE),
    ))
}

/// Remaining time as OpenClaw prints it: `0m`, `1m`, `<m>m`, `<h>h` (< 48 h), `<d>d`.
pub fn format_remaining(ms: EpochMs) -> String {
    if ms <= 0 {
        return "0m".into();
    }
    if ms < MINUTE {
        return "1m".into();
    }
    let minutes = ms / MINUTE;
    if minutes < 60 {
        return format!("{minutes}m");
    }
    let hours = (ms as f64 / HOUR as f64).round() as i64;
    if hours < 48 {
        return format!("{hours}h");
    }
    format!("{}d", (ms as f64 / DAY as f64).round() as i64)
}

/// Parses OpenClaw durations: `30d`, `12h`, `1d12h`, `90m`, `500ms`; a bare
/// number means days.
pub fn parse_duration(text: &str) -> Option<EpochMs> {
    let text = text.trim().to_ascii_lowercase();
    if let Ok(days) = text.parse::<f64>() {
        return (days.is_finite() && days > 0.0).then_some((days * DAY as f64) as EpochMs);
    }
    let mut total = 0i64;
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .filter(|&i| i > 0)?;
        let value: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "ms" => 1,
            "s" => SECOND,
            "m" => MINUTE,
            "h" => HOUR,
            "d" => DAY,
            _ => return None,
        };
        total += (value * unit as f64) as i64;
        rest = &rest[unit_len..];
    }
    (total > 0).then_some(total)
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trips() {
        assert_eq!(to_iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(to_iso(1_767_225_600_000), "2026-01-01T00:00:00.000Z");
        assert_eq!(to_iso(1_779_280_496_789), "2026-05-20T12:34:56.789Z");
        for ms in [0, 951_782_400_123, 1_779_280_496_789, 4_102_444_800_000] {
            assert_eq!(parse_iso(&to_iso(ms)), Some(ms));
        }
        assert_eq!(parse_iso("2026-05-20T12:34:56Z"), Some(1_779_280_496_000));
        assert_eq!(parse_iso("yesterday"), None);
        assert_eq!(
            parse_iso("2026-05-20T13:34:56.789123+01:00"),
            Some(1_779_280_496_789),
            "an offset, a fraction longer than millis"
        );
        assert_eq!(
            parse_iso("2026-05-20T12:34:56+00:00"),
            Some(1_779_280_496_000)
        );
        assert_eq!(
            parse_iso("2026-05-20T12:34:56"),
            None,
            "no zone: not a moment"
        );
        assert_eq!(parse_iso("2026-13-01T00:00:00Z"), None);
    }

    #[test]
    fn remaining_like_openclaw() {
        assert_eq!(format_remaining(-5), "0m");
        assert_eq!(format_remaining(30 * SECOND), "1m");
        assert_eq!(format_remaining(59 * MINUTE), "59m");
        assert_eq!(format_remaining(3 * HOUR), "3h");
        assert_eq!(format_remaining(47 * HOUR), "47h");
        assert_eq!(format_remaining(72 * HOUR), "3d");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("365d"), Some(365 * DAY));
        assert_eq!(parse_duration("1d12h"), Some(DAY + 12 * HOUR));
        assert_eq!(parse_duration("90m"), Some(90 * MINUTE));
        assert_eq!(parse_duration("7"), Some(7 * DAY));
        assert_eq!(parse_duration("500ms"), Some(500));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("5y"), None);
        assert_eq!(parse_duration("0"), None);
    }
}
