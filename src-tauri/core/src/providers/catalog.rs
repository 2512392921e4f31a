//! The provider table as the pickers show it (window and CLI): each
//! provider's ways to add a profile, derived from [`super::all`].

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LoginMethod {
    /// PKCE with a loopback callback, raced by a paste box.
    Browser,
    /// A code shown here, confirmed in the browser.
    Device,
    ApiKey,
    Token,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub methods: Vec<LoginMethod>,
    /// Variables OpenClaw reads when no profile exists.
    pub env_vars: Vec<&'static str>,
    /// Shown beside the provider (legacy status, what a token is).
    pub note: Option<&'static str>,
}

/// The providers, in picker order.
pub fn providers() -> Vec<ProviderInfo> {
    super::all()
        .iter()
        .map(|p| ProviderInfo {
            id: p.id,
            name: p.name,
            methods: p.methods(),
            env_vars: p.env_vars.to_vec(),
            note: p.note,
        })
        .collect()
}

/// One provider by id.
pub fn provider(id: &str) -> Option<ProviderInfo> {
    providers().into_iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::LoginMethod::{ApiKey, Token};
    use super::*;

    #[test]
    fn every_env_var_provider_takes_a_key_and_a_token() {
        for p in providers().iter().filter(|p| !p.env_vars.is_empty()) {
            assert!(
                p.methods.contains(&Token),
                "{} cannot take a pasted token",
                p.id
            );
            assert!(
                p.methods.contains(&ApiKey) || p.id == "github-copilot" || p.id == "minimax-portal",
                "{} cannot take an API key",
                p.id
            );
        }
    }

    #[test]
    fn qwen_portal_offers_no_new_login_and_methods_follow_the_table() {
        assert!(provider("qwen-portal").unwrap().methods.is_empty());
        assert_eq!(
            provider("openai-codex").unwrap().methods,
            [LoginMethod::Browser, LoginMethod::Device]
        );
        assert_eq!(
            provider("minimax-portal").unwrap().methods,
            [LoginMethod::Device, Token]
        );
    }
}
