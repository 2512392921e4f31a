//! How much of each account's quota is left, where the provider tells it
//! for that credential (undocumented endpoints: each provider's parser is
//! its own file, tested against the shapes current tools read). A usage
//! call never makes things worse: it never refreshes a token and never
//! writes one — an expired access token means "unknown until the next
//! refresh" and no request; calls are rate-limited per account and cached
//! in Authtray's data dir (`cache.rs`); a failure is "usage unavailable
//! (why)", never an alert. Endpoints are overridable with
//! `AUTHTRAY_USAGE_<PROVIDER>_URL` for tests and self-hosted servers.

pub mod alerts;
pub mod anthropic;
pub mod cache;
pub mod chutes;
pub mod codex;
pub mod copilot;
mod error;
pub mod gemini;
pub mod minimax;
pub mod suggest;

pub use error::UsageError;

use crate::oauth::http;
use crate::paths::Env;
use crate::store::{Credential, Expiry};
use crate::time::EpochMs;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One account's usage at the moment it was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// The plan the provider names (`pro`, `plus`, …), when it does.
    pub plan: Option<String>,
    pub windows: Vec<UsageWindow>,
    /// Credits left, when the provider sells them.
    pub credits: Option<f64>,
}

/// A rate-limit window: how much of it is used and when it starts afresh.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UsageWindow {
    /// `5h`, `7d`, `7d Sonnet`, …
    pub name: String,
    /// 0–100.
    pub used_percent: f64,
    pub resets_at: Option<EpochMs>,
    pub window_secs: Option<u64>,
}

/// Whose endpoint a profile's usage comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Codex,
    Anthropic,
    Copilot,
    Gemini,
    Minimax,
    Chutes,
}

impl Source {
    /// The source for a credential, if its provider tells usage for it
    /// (the provider table's `usage`: OAuth logins of OpenAI Codex and
    /// Anthropic — Claude Code's too —, GitHub Copilot, Gemini CLI, MiniMax
    /// and Chutes logins and keys). Other keys and Anthropic setup-tokens
    /// have none.
    pub fn of(provider: &str, c: &Credential) -> Option<Self> {
        crate::providers::usage_source(provider, c.kind)
    }

    fn name(self) -> &'static str {
        match self {
            Self::Codex => "openai-codex",
            Self::Anthropic => "anthropic",
            Self::Copilot => "github-copilot",
            Self::Gemini => "google-gemini-cli",
            Self::Minimax => "minimax",
            Self::Chutes => "chutes",
        }
    }

    fn url(self, env: &Env) -> String {
        let var = format!(
            "AUTHTRAY_USAGE_{}_URL",
            self.name().to_ascii_uppercase().replace('-', "_")
        );
        env.var(&var).map_or_else(
            || match self {
                Self::Codex => codex::URL.to_owned(),
                Self::Anthropic => anthropic::URL.to_owned(),
                Self::Copilot => copilot::URL.to_owned(),
                Self::Gemini => gemini::URL.to_owned(),
                Self::Minimax => minimax::URL.to_owned(),
                Self::Chutes => chutes::URL.to_owned(),
            },
            str::to_owned,
        )
    }
}

/// `5h` for 18 000 s, `7d` for 604 800 s, else hours or days.
pub(crate) fn window_name(secs: u64) -> String {
    match secs {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s => format!("{}m", s.div_ceil(60)),
    }
}

/// A percentage as providers send it (number or `"33%"`), kept to 0–100.
pub(crate) fn percent(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok()?,
        _ => return None,
    };
    n.is_finite().then(|| n.clamp(0.0, 100.0))
}

/// Percent left of one allowance in `obj`: its percentage field, else
/// what is left over the total (a zero total is no allowance).
pub(crate) fn percent_left(obj: &Value, pct: &str, left: &str, total: &str) -> Option<f64> {
    obj.get(pct).and_then(percent).or_else(|| {
        let (rest, all) = (obj.get(left)?.as_f64()?, obj.get(total)?.as_f64()?);
        (all > 0.0).then(|| (rest / all * 100.0).clamp(0.0, 100.0))
    })
}

/// Asks the provider for `c`'s usage — only with a live access token; the
/// error says why in words ("usage unavailable (…)").
pub fn fetch(env: &Env, source: Source, c: &Credential, now: EpochMs) -> Result<Usage, UsageError> {
    if let Expiry::At(t) = c.expires
        && t <= now
    {
        return Err(UsageError::Expired);
    }
    let Some(access) = c.secret.as_ref().filter(|s| !s.expose().is_empty()) else {
        return Err(if c.has_oauth_ref {
            UsageError::OauthRef
        } else {
            UsageError::NoToken
        });
    };
    let scheme = if source == Source::Copilot {
        "token"
    } else {
        "Bearer"
    };
    let bearer = format!("{scheme} {}", access.expose());
    let mut headers = vec![("Authorization", bearer.as_str())];
    match source {
        Source::Codex => {
            if let Some(a) = &c.account_id {
                headers.push(("ChatGPT-Account-Id", a));
            }
        }
        Source::Anthropic => headers.push(("anthropic-beta", "oauth-2025-04-20")),
        Source::Copilot => headers.push(("X-GitHub-Api-Version", "2025-04-01")),
        Source::Gemini | Source::Minimax | Source::Chutes => {}
    }
    let reply = match source {
        Source::Gemini => {
            let project = c.project_id.as_deref().ok_or(UsageError::NoProject)?;
            let body = serde_json::json!({ "project": project });
            http::post_json_with(&source.url(env), &body, &headers)
        }
        _ => http::get(&source.url(env), &headers),
    }?;
    match reply.status {
        200 => {}
        401 | 403 => return Err(UsageError::Refused(reply.status)),
        429 => return Err(UsageError::RateLimited),
        s => return Err(UsageError::Status(s)),
    }
    let body: Value = serde_json::from_slice(&reply.body).map_err(|_| UsageError::NotJson)?;
    match source {
        Source::Codex => codex::parse(&body),
        Source::Anthropic => anthropic::parse(&body),
        Source::Copilot => copilot::parse(&body),
        Source::Gemini => gemini::parse(&body),
        Source::Minimax => minimax::parse(&body),
        Source::Chutes => chutes::parse(&body, now),
    }
}

/// One account's usage as last known.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileUsage {
    pub agent_id: String,
    pub profile_id: String,
    pub provider: String,
    /// The last usage the provider told (kept when a later check fails).
    pub usage: Option<Usage>,
    pub read_at: Option<EpochMs>,
    /// Why the last check told nothing: shown as "usage unavailable (why)".
    pub unavailable: Option<String>,
    pub checked_at: Option<EpochMs>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_names_and_percentages() {
        assert_eq!(window_name(18_000), "5h");
        assert_eq!(window_name(604_800), "7d");
        assert_eq!(window_name(90), "2m");
        assert_eq!(percent(&serde_json::json!("33%")), Some(33.0));
        assert_eq!(percent(&serde_json::json!(-4)), Some(0.0));
        assert_eq!(percent(&serde_json::json!(null)), None);
    }

    #[test]
    fn an_expired_access_token_is_not_sent_anywhere() {
        let c = Credential::parse(&serde_json::json!({
            "type": "oauth", "provider": "openai-codex", "access": "A", "refresh": "R", "expires": 1000
        }))
        .unwrap();
        // The URL is unroutable: a request would fail differently.
        let env = Env::new(
            [(
                "AUTHTRAY_USAGE_OPENAI_CODEX_URL".to_owned(),
                "http://0.0.0.0:9/".to_owned(),
            )],
            None,
            "/".into(),
        );
        let e = fetch(&env, Source::Codex, &c, 2000).unwrap_err();
        assert!(matches!(e, UsageError::Expired), "{e}");
    }

    #[test]
    fn only_oauth_logins_of_codex_and_claude_have_usage() {
        let c = |t: &str, p: &str| {
            let raw = serde_json::json!({"type": t, "provider": p, "key": "k", "token": "t", "access": "a", "refresh": "r", "expires": 1});
            Source::of(p, &Credential::parse(&raw).unwrap())
        };
        assert_eq!(c("oauth", "openai-codex"), Some(Source::Codex));
        assert_eq!(c("oauth", "openai"), Some(Source::Codex));
        assert_eq!(c("oauth", "claude-cli"), Some(Source::Anthropic));
        assert_eq!(
            c("token", "anthropic"),
            None,
            "setup-tokens lack user:profile"
        );
        assert_eq!(c("api_key", "openrouter"), None);
    }
}
