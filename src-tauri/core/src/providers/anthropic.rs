//! Anthropic (Claude Pro/Max): the stored OAuth credential (`oauth-providers.md`
//! §5.4–5.6): `expires = now + expires_in − 5 min`, id `anthropic:default`.

use crate::oauth::token::Tokens;
use crate::time::EpochMs;
use serde_json::Value;

pub const PROVIDER: &str = "anthropic";

pub fn profile_id(email: Option<&str>) -> String {
    email.map_or_else(
        || format!("{PROVIDER}:default"),
        |e| format!("{PROVIDER}:{e}"),
    )
}

pub fn credential(tokens: &Tokens, now: EpochMs) -> Value {
    super::oauth_credential(PROVIDER, tokens, super::expiry_with_margin(tokens, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::token::parse_tokens;
    use serde_json::json;

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
