//! Credentials the user types or pastes: API keys (`<provider>:default`)
//! and tokens (`<provider>:manual`; Anthropic's `claude setup-token` checked
//! for its shape) — `oauth-providers.md` §5.8 and §12.

use crate::secret::Secret;
use crate::store::normalize_provider;
use crate::time::EpochMs;
use serde_json::{Value, json};

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ManualError {
    #[error("the {0} is empty")]
    Empty(&'static str),
    #[error(
        "that is not an Anthropic setup-token: it must start with sk-ant-oat01- and be at least 80 characters (run `claude setup-token`)"
    )]
    NotASetupToken,
    #[error("a provider id is needed (e.g. openrouter)")]
    NoProvider,
}

/// `(default profile id, credential)` for an API key.
pub fn api_key(provider: &str, key: &Secret) -> Result<(String, Value), ManualError> {
    let provider = provider_id(provider)?;
    if key.expose().is_empty() {
        return Err(ManualError::Empty("API key"));
    }
    Ok((
        format!("{provider}:default"),
        json!({"type": "api_key", "provider": provider, "key": key.expose()}),
    ))
}

/// `(default profile id, credential)` for a pasted token, expiring at
/// `expires` when given. Anthropic tokens lose the line breaks a terminal
/// inserts and must look like a setup-token.
pub fn token(
    provider: &str,
    token: &Secret,
    expires: Option<EpochMs>,
) -> Result<(String, Value), ManualError> {
    let provider = provider_id(provider)?;
    let mut token = token.clone();
    if provider == "anthropic" {
        token = Secret::new(token.expose().split_whitespace().collect::<String>());
        if !token.expose().starts_with("sk-ant-oat01-") || token.expose().len() < 80 {
            return Err(ManualError::NotASetupToken);
        }
    }
    if token.expose().is_empty() {
        return Err(ManualError::Empty("token"));
    }
    let mut credential = json!({"type": "token", "provider": provider, "token": token.expose()});
    if let Some(at) = expires {
        credential["expires"] = json!(at);
    }
    Ok((format!("{provider}:manual"), credential))
}

fn provider_id(raw: &str) -> Result<String, ManualError> {
    let p = normalize_provider(raw.trim());
    if p.is_empty() {
        Err(ManualError::NoProvider)
    } else {
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_tokens_get_openclaws_ids_and_shapes() {
        let (id, c) = api_key("OpenRouter", &Secret::new("sk-or-1")).unwrap();
        assert_eq!(id, "openrouter:default");
        assert_eq!(
            c,
            json!({"type": "api_key", "provider": "openrouter", "key": "sk-or-1"})
        );
        let (id, c) = token("zai", &Secret::new("tok"), Some(5)).unwrap();
        assert_eq!(id, "zai:manual");
        assert_eq!(
            c,
            json!({"type": "token", "provider": "zai", "token": "tok", "expires": 5})
        );
    }

    #[test]
    fn anthropic_tokens_must_be_setup_tokens_and_lose_terminal_line_breaks() {
        let good = format!("sk-ant-oat01-{}", "a".repeat(70));
        let wrapped = format!("{}\n  {}", &good[..40], &good[40..]);
        let (_, c) = token("anthropic", &Secret::new(wrapped), None).unwrap();
        assert_eq!(c["token"], good.as_str());
        for bad in ["sk-ant-api03-xxxxxxxx", "sk-ant-oat01-short"] {
            assert_eq!(
                token("anthropic", &Secret::new(bad), None).unwrap_err(),
                ManualError::NotASetupToken
            );
        }
        assert_eq!(
            api_key("", &Secret::new("k")).unwrap_err(),
            ManualError::NoProvider
        );
        assert_eq!(
            api_key("groq", &Secret::new(String::new())).unwrap_err(),
            ManualError::Empty("API key")
        );
    }
}
