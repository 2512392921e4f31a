//! Reads a JWT's payload claims (base64url, padding tolerated). The
//! signature is not checked: the token came straight from the provider's
//! token endpoint over TLS, and the claims only name the account.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("not a JWT (expected three dot-separated parts)")]
    Shape,
    #[error("the JWT payload is not base64url JSON")]
    Payload,
}

pub fn claims(token: &str) -> Result<Value, JwtError> {
    let mut parts = token.trim().split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Shape);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| JwtError::Payload)?;
    match serde_json::from_slice(&bytes) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(JwtError::Payload),
    }
}

#[cfg(test)]
pub(crate) fn encode_for_tests(claims: &Value) -> String {
    format!(
        "eyJhbGciOiJub25lIn0.{}.sig",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_payloads_with_or_without_padding() {
        let token = encode_for_tests(&json!({"sub": "u1", "exp": 1767225600}));
        assert_eq!(claims(&token).unwrap()["sub"], "u1");
        let padded = format!("a.{}==.c", token.split('.').nth(1).unwrap());
        assert_eq!(claims(&padded).unwrap()["exp"], 1767225600);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert_eq!(claims("not-a-jwt").unwrap_err(), JwtError::Shape);
        assert_eq!(claims("a.b.c.d").unwrap_err(), JwtError::Shape);
        assert_eq!(claims("a.!!!.c").unwrap_err(), JwtError::Payload);
        assert_eq!(
            claims(&format!("a.{}.c", URL_SAFE_NO_PAD.encode("[1]"))).unwrap_err(),
            JwtError::Payload
        );
    }
}
