//! The providers Authtray knows, as one table ([`all`]): for each, how a
//! profile is added (browser login, code login, API key, token), how a
//! login becomes the credential OpenClaw stores, and whether and how it is
//! refreshed. The catalog the UI and CLI show, the login flows, the refresh
//! engine and the reports' `refreshable` all read this table. One file per
//! provider's quirks.

pub mod anthropic;
pub mod catalog;
pub mod chutes;
pub mod code_login;
pub mod github_copilot;
pub mod google_gemini_cli;
pub mod manual;
pub mod minimax_portal;
pub mod openai_codex;
pub mod openai_codex_device;
mod overrides;
mod table;

use crate::oauth::client::RedirectLogin;
use crate::oauth::login::LoginError;
use crate::oauth::token::Tokens;
use crate::paths::Env;
use crate::store::{CredentialType, NewCredential};
use crate::time::EpochMs;
use code_login::CodeLogin;
use serde_json::Value;

pub use catalog::{LoginMethod, ProviderInfo};

/// One provider and everything Authtray decides about it.
pub struct Provider {
    pub id: &'static str,
    pub name: &'static str,
    /// Variables OpenClaw reads when no profile exists.
    pub env_vars: &'static [&'static str],
    /// Shown beside the provider (legacy status, what a token is).
    pub note: Option<&'static str>,
    /// A pasted API key (`<provider>:default`).
    pub api_key: bool,
    /// A pasted token (`<provider>:manual`).
    pub token: bool,
    /// A browser login (PKCE + loopback callback, raced by a paste box).
    pub browser: Option<Browser>,
    /// A login by a code the user types on the provider's page.
    pub code: Option<StartCode>,
    /// How its OAuth profiles are refreshed; `None`: neither OpenClaw nor
    /// Authtray refreshes them (the user reconnects when they end).
    pub refresh: Option<RefreshSpec>,
    /// Whether, and for which credentials, it tells an account's usage.
    pub usage: Option<UsageSpec>,
}

/// Which credentials of a provider tell their account's usage, and where
/// (`usage::Source`: the endpoint, its headers and its answer's shape).
#[derive(Clone, Copy, Debug)]
pub struct UsageSpec {
    pub source: crate::usage::Source,
    pub kinds: &'static [CredentialType],
    /// Other provider names its credentials are stored under (the SQLite
    /// era's `openai` and `google`, Claude Code's `claude-cli`).
    pub also_as: &'static [&'static str],
}

/// Asks the provider for a code to show (a code login's first step).
pub type StartCode = fn(&Env) -> Result<Box<dyn CodeLogin>, LoginError>;

/// A browser login: its OAuth client and what its tokens become.
#[derive(Clone, Copy)]
pub struct Browser {
    pub client: fn(&Env) -> RedirectLogin,
    pub logged_in: fn(&RedirectLogin, &Tokens, &Env, EpochMs) -> Result<LoggedIn, LoginError>,
}

/// How a refresh reply is merged: the provider's expiry rule (and identity
/// fields), applied after the common `{...old, access, refresh}`.
#[derive(Clone, Copy)]
pub struct RefreshSpec {
    pub merge: fn(&mut Value, &Tokens, EpochMs),
    /// Refreshed with the `clientId` stored in the profile (Chutes: the
    /// user's own OAuth app), not the configured one.
    pub stored_client: bool,
}

/// What a finished login saves: OpenClaw's profile id for it, the
/// credential, and who logged in.
#[derive(Clone, Debug)]
pub struct LoggedIn {
    pub profile_id: String,
    pub credential: NewCredential,
    pub who: WhoLoggedIn,
}

/// Who logged in, as a person would recognise it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WhoLoggedIn {
    pub email: Option<String>,
    pub account: Option<String>,
    pub plan: Option<String>,
}

impl WhoLoggedIn {
    /// Who a stored credential belongs to (for a login waiting to replace one).
    pub fn of(credential: &NewCredential) -> Self {
        let c = credential.parsed();
        Self {
            email: c.as_ref().and_then(|c| c.email.clone()),
            account: c.as_ref().and_then(|c| c.account_id.clone()),
            plan: c.and_then(|c| c.plan),
        }
    }
}

/// Every provider, in the order a picker shows them.
pub fn all() -> &'static [Provider] {
    table::ALL
}

/// One provider by its (normalised) id.
pub fn get(id: &str) -> Option<&'static Provider> {
    all().iter().find(|p| p.id == id)
}

impl Provider {
    /// The browser login's client with the `AUTHTRAY_OAUTH_<PROVIDER>_…`
    /// overrides applied.
    pub fn browser_client(&self, env: &Env) -> Option<RedirectLogin> {
        self.browser
            .map(|b| overrides::redirect_login((b.client)(env), env))
    }

    /// Whether Authtray (and OpenClaw) refresh this provider's OAuth profiles.
    pub fn refreshes(&self) -> bool {
        self.refresh.is_some()
    }

    /// The ways to add a profile, as the pickers offer them.
    pub fn methods(&self) -> Vec<LoginMethod> {
        [
            (self.browser.is_some(), LoginMethod::Browser),
            (self.code.is_some(), LoginMethod::Device),
            (self.api_key, LoginMethod::ApiKey),
            (self.token, LoginMethod::Token),
        ]
        .into_iter()
        .filter_map(|(on, m)| on.then_some(m))
        .collect()
    }
}

/// Where usage comes from for a `kind` credential stored under `provider`
/// (either era's name), if that provider tells it.
pub fn usage_source(provider: &str, kind: CredentialType) -> Option<crate::usage::Source> {
    all()
        .iter()
        .filter_map(|p| {
            p.usage
                .filter(|u| p.id == provider || u.also_as.contains(&provider))
        })
        .find(|u| u.kinds.contains(&kind))
        .map(|u| u.source)
}

/// Who tells usage, for people: each such provider and its credentials.
pub fn who_tells_usage() -> String {
    let mut told: Vec<String> = Vec::new();
    for said in all().iter().filter_map(|p| {
        let u = p.usage?;
        let name = p.name.split(" (").next().unwrap_or(p.name);
        let name = name.strip_suffix(" API").unwrap_or(name);
        let kinds: Vec<&str> = u
            .kinds
            .iter()
            .map(|k| match k {
                CredentialType::Oauth => "logins",
                CredentialType::ApiKey => "keys",
                CredentialType::Token => "tokens",
            })
            .collect();
        Some(format!("{name} {}", kinds.join(" and ")))
    }) {
        if !told.contains(&said) {
            told.push(said);
        }
    }
    match told.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}, and {last}", rest.join(", ")),
        None => "no provider".into(),
    }
}

/// The table entry that refreshes OAuth profiles stored under `provider`,
/// as either era names it: 2026.6+ stores Codex logins as `openai` and
/// Gemini CLI logins as `google` (`openclaw-sqlite.md` (d)).
pub fn refresher(provider: &str) -> Option<&'static Provider> {
    let id = match provider {
        "openai" => openai_codex::PROVIDER,
        "google" => google_gemini_cli::PROVIDER,
        other => other,
    };
    get(id).filter(|p| p.refreshes())
}

/// Whether OAuth profiles of `provider` are refreshed by their store's owner.
pub fn refreshes(provider: &str) -> bool {
    refresher(provider).is_some()
}

/// `{type: "oauth", provider, access, refresh?, expires}`: what every OAuth
/// login stores before its provider's own fields.
pub fn oauth_credential(provider: &str, tokens: &Tokens, expires: EpochMs) -> Value {
    let mut c = serde_json::json!({"type": "oauth", "provider": provider, "access": tokens.access.expose(), "expires": expires});
    if let Some(r) = &tokens.refresh {
        c["refresh"] = serde_json::json!(r.expose());
    }
    c
}

/// `now + expires_in − 5 min` (Anthropic, Gemini CLI: §13).
pub fn expiry_with_margin(tokens: &Tokens, now: EpochMs) -> EpochMs {
    now + tokens
        .expires_in_secs
        .map_or(0, |s| (s * 1000.0) as EpochMs)
        - 5 * crate::time::MINUTE
}

/// The expiry rule of Anthropic and Gemini CLI refreshes.
fn merge_with_margin(c: &mut Value, tokens: &Tokens, now: EpochMs) {
    c["expires"] = serde_json::json!(expiry_with_margin(tokens, now));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_is_told_by_the_table_under_either_eras_names() {
        use crate::usage::Source;
        use CredentialType::{ApiKey, Oauth, Token};
        assert_eq!(usage_source("openai-codex", Oauth), Some(Source::Codex));
        assert_eq!(usage_source("openai", Oauth), Some(Source::Codex));
        assert_eq!(usage_source("openai", ApiKey), None, "OpenAI API keys");
        assert_eq!(usage_source("claude-cli", Oauth), Some(Source::Anthropic));
        assert_eq!(usage_source("anthropic", Token), None, "setup-tokens");
        assert_eq!(usage_source("google", Oauth), Some(Source::Gemini));
        assert_eq!(usage_source("google", ApiKey), None, "Gemini API keys");
        assert_eq!(usage_source("github-copilot", Token), Some(Source::Copilot));
        assert_eq!(usage_source("minimax", ApiKey), Some(Source::Minimax));
        assert_eq!(usage_source("minimax-portal", Oauth), Some(Source::Minimax));
        assert_eq!(usage_source("chutes", ApiKey), Some(Source::Chutes));
        assert_eq!(usage_source("openrouter", ApiKey), None);
        assert_eq!(
            who_tells_usage(),
            "OpenAI Codex logins, Anthropic logins, Google Gemini CLI logins, GitHub Copilot tokens and logins, MiniMax keys and logins, and Chutes keys and logins"
        );
    }

    #[test]
    fn ids_are_unique_and_every_refresher_has_a_token_endpoint() {
        let mut ids: Vec<_> = all().iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
        for p in all().iter().filter(|p| p.refreshes()) {
            assert!(p.browser.is_some(), "{} refreshes without a client", p.id);
        }
    }

    #[test]
    fn refreshing_providers_are_exactly_openclaws() {
        let refreshing: Vec<_> = all()
            .iter()
            .filter(|p| p.refreshes())
            .map(|p| p.id)
            .collect();
        assert_eq!(
            refreshing,
            ["openai-codex", "anthropic", "google-gemini-cli", "chutes"]
        );
        assert!(
            !refreshes("minimax-portal"),
            "OpenClaw 2026.5.20 does not refresh MiniMax portal logins"
        );
    }
}
