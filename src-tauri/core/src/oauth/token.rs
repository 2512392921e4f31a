//! Token endpoint replies (`oauth-providers.md` §4.4, §4.8, §4.9): the
//! fields a login stores, the error message a person can read, and whether a
//! failed refresh needs the user (a new login) or just a later retry.

use crate::secret::Secret;
use serde_json::Value;

/// A successful token response.
#[derive(Debug)]
pub struct Tokens {
    pub access: Secret,
    /// `None` when the server kept the old refresh token.
    pub refresh: Option<Secret>,
    pub expires_in_secs: Option<f64>,
    pub id_token: Option<Secret>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token endpoint's reply is not JSON")]
    NotJson,
    #[error("the token endpoint's reply has no access_token")]
    NoAccessToken,
}

pub fn parse_tokens(body: &[u8]) -> Result<Tokens, TokenError> {
    let v: Value = serde_json::from_slice(body).map_err(|_| TokenError::NotJson)?;
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(Secret::new)
    };
    Ok(Tokens {
        access: text("access_token").ok_or(TokenError::NoAccessToken)?,
        refresh: text("refresh_token"),
        expires_in_secs: v
            .get("expires_in")
            .and_then(|e| e.as_f64().or_else(|| e.as_str()?.parse().ok())),
        id_token: text("id_token"),
    })
}

/// The error code of a failed reply: `error` (string), `error.code`, or `code`.
pub fn error_code(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let s = |x: Option<&Value>| x.and_then(Value::as_str).map(str::to_owned);
    s(v.get("error"))
        .or_else(|| s(v.get("error").and_then(|e| e.get("code"))))
        .or_else(|| s(v.get("code")))
}

/// A readable message: `error_description`, else `error.message`, else the
/// code, else a trimmed start of the body (never a URL the body echoes).
pub fn error_message(status: u16, body: &[u8]) -> String {
    let v: Option<Value> = serde_json::from_slice(body).ok();
    let s = |x: Option<&Value>| x.and_then(Value::as_str).map(str::to_owned);
    let text = v
        .as_ref()
        .and_then(|v| {
            s(v.get("error_description"))
                .or_else(|| s(v.get("error").and_then(|e| e.get("message"))))
        })
        .or_else(|| error_code(body))
        .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(200).collect());
    let text: String = text
        .split_whitespace()
        .filter(|w| !w.contains("://"))
        .collect::<Vec<_>>()
        .join(" ");
    if String::from_utf8_lossy(body).contains("unsupported_country_region_territory") {
        return format!(
            "HTTP {status}: the provider refuses this network's region ({text}); try HTTPS_PROXY"
        );
    }
    format!("HTTP {status}: {text}")
}

/// What a failed refresh means for the profile.
#[derive(Debug, PartialEq, Eq)]
pub enum RefreshFailure {
    /// The refresh token is dead: only a new login helps (Reconnect).
    NeedsReconnect { reason: String },
    /// Another process may already have spent this refresh token: re-read
    /// the store under the refresh lock and retry once.
    Reused,
    /// Network, 5xx, 429: try again later.
    Transient { reason: String },
}

const REUSE_MARKERS: [&str; 3] = [
    "refresh_token_reused",
    "refresh token has already been used",
    "already been used to generate a new access token",
];

/// Classifies a failed refresh reply (§4.9). `status` 0 = no reply (network).
pub fn classify_refresh_failure(status: u16, body: &[u8]) -> RefreshFailure {
    let text = String::from_utf8_lossy(body).to_ascii_lowercase();
    if REUSE_MARKERS.iter().any(|m| text.contains(m)) {
        return RefreshFailure::Reused;
    }
    let code = error_code(body).unwrap_or_default();
    let permanent = status == 401
        || matches!(
            code.as_str(),
            "invalid_grant" | "refresh_token_expired" | "refresh_token_invalidated"
        );
    if permanent {
        return RefreshFailure::NeedsReconnect {
            reason: error_message(status, body),
        };
    }
    let reason = if status == 0 {
        "no reply from the token endpoint".into()
    } else {
        error_message(status, body)
    };
    RefreshFailure::Transient { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_replies() {
        let t = parse_tokens(
            br#"{"access_token":"a","refresh_token":"r","expires_in":"3600","id_token":"i"}"#,
        )
        .unwrap();
        assert_eq!(
            (
                t.access.expose(),
                t.refresh.unwrap().expose(),
                t.expires_in_secs
            ),
            ("a", "r", Some(3600.0))
        );
        assert!(
            parse_tokens(br#"{"access_token":"a"}"#)
                .unwrap()
                .refresh
                .is_none(),
            "the old refresh token is kept"
        );
        assert_eq!(parse_tokens(b"<html>").unwrap_err(), TokenError::NotJson);
        assert_eq!(
            parse_tokens(br#"{"token_type":"bearer"}"#).unwrap_err(),
            TokenError::NoAccessToken
        );
    }

    #[test]
    fn error_messages_are_readable_and_carry_no_urls() {
        assert_eq!(error_message(400, br#"{"error":"invalid_grant","error_description":"Code expired, see https://x.example/doc"}"#), "HTTP 400: Code expired, see");
        assert_eq!(
            error_message(400, br#"{"error":{"message":"bad","code":"c"}}"#),
            "HTTP 400: bad"
        );
        assert_eq!(
            error_message(403, br#"{"code":"unsupported_country_region_territory"}"#),
            "HTTP 403: the provider refuses this network's region (unsupported_country_region_territory); try HTTPS_PROXY"
        );
        assert_eq!(error_message(502, b"Bad Gateway"), "HTTP 502: Bad Gateway");
    }

    #[test]
    fn refresh_failures_are_classified() {
        assert_eq!(
            classify_refresh_failure(400, br#"{"error":{"code":"refresh_token_reused"}}"#),
            RefreshFailure::Reused
        );
        assert_eq!(classify_refresh_failure(400, br#"{"error":"invalid_request","error_description":"Refresh token has already been used"}"#), RefreshFailure::Reused);
        for body in [
            &br#"{"error":"invalid_grant"}"#[..],
            br#"{"error":{"code":"refresh_token_expired"}}"#,
            br#"{"code":"refresh_token_invalidated"}"#,
        ] {
            assert!(
                matches!(
                    classify_refresh_failure(400, body),
                    RefreshFailure::NeedsReconnect { .. }
                ),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert!(matches!(
            classify_refresh_failure(401, b""),
            RefreshFailure::NeedsReconnect { .. }
        ));
        assert!(matches!(
            classify_refresh_failure(503, b"busy"),
            RefreshFailure::Transient { .. }
        ));
        assert!(matches!(
            classify_refresh_failure(429, b"{}"),
            RefreshFailure::Transient { .. }
        ));
        assert_eq!(
            classify_refresh_failure(0, b""),
            RefreshFailure::Transient {
                reason: "no reply from the token endpoint".into()
            }
        );
    }
}
