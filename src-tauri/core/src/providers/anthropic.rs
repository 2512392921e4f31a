//! Anthropic (Claude Pro/Max): the stored OAuth credential (`oauth-providers.md`
//! §5.4–5.6): `expires = now + expires_in − 5 min`, id `anthropic:default`.

use crate::oauth::token::Tokens;
use crate::time::{EpochMs, MINUTE};
use serde_json::{Value, json};

pub const PROVIDER: &str = "anthropic";

pub fn profile_id(email: Option<&str>) -> String {
    email.map_or_else(
        || format!("{PROVIDER}:default"),
        |e| format!("{PROVIDER}:{e}"),
    )
}

pub fn credential(tokens: &Tokens, now: EpochMs) -> Value {
    let expires = now
        + tokens
            .expires_in_secs
            .map_or(0, |s| (s * 1000.0) as EpochMs)
        - 5 * MINUTE;
    let mut c = json!({"type": "oauth", "provider": PROVIDER, "access": tokens.access.expose(), "expires": expires});
    if let Some(r) = &tokens.refresh {
        c["refresh"] = json!(r.expose());
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::token::parse_tokens;

    #[test]
    fn five_minute_margin_and_default_id() {
        let t = parse_tokens(br#"{"access_token":"sk-ant-oat01-x","refresh_token":"sk-ant-ort01-y","expires_in":28800}"#).unwrap();
        assert_eq!(
            credential(&t, 1_000_000),
            json!({"type": "oauth", "provider": "anthropic", "access": "sk-ant-oat01-x", "refresh": "sk-ant-ort01-y", "expires": 1_000_000 + 28_800_000 - 300_000})
        );
        assert_eq!(profile_id(None), "anthropic:default");
    }
}
