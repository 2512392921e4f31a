//! The refresh request of each provider and how its reply is merged into
//! the stored credential (`oauth-providers.md` §4.8, 5.5, 6.6, 10, 13):
//! `{...old, ...new}`, the rotated refresh token always kept.

use crate::oauth::http;
use crate::oauth::token::{RefreshFailure, Tokens, classify_refresh_failure, parse_tokens};
use crate::paths::Env;
use crate::providers::registry::{RedirectLogin, TokenEncoding, redirect_login};
use crate::providers::{chutes, google_gemini_cli, openai_codex};
use crate::time::EpochMs;
use serde_json::{Value, json};

/// Providers Authtray refreshes (OpenClaw 2026.5.20 has a refresher for each).
pub fn refreshable(provider: &str) -> bool {
    matches!(
        provider,
        openai_codex::PROVIDER | "anthropic" | google_gemini_cli::PROVIDER | chutes::PROVIDER
    )
}

/// Spends `refresh` at the provider's token endpoint.
pub fn request(
    provider: &str,
    stored: &Value,
    refresh: &str,
    env: &Env,
) -> Result<Tokens, RefreshFailure> {
    let login: RedirectLogin =
        redirect_login(provider, env).ok_or_else(|| RefreshFailure::NeedsReconnect {
            reason: format!("Authtray cannot refresh {provider} logins"),
        })?;
    // Chutes refreshes with the client the login used.
    let client_id = stored
        .get("clientId")
        .and_then(Value::as_str)
        .filter(|c| provider == chutes::PROVIDER && !c.is_empty())
        .map_or(login.client_id.clone(), str::to_owned);
    if client_id.is_empty() {
        return Err(RefreshFailure::NeedsReconnect {
            reason: "Missing CHUTES_CLIENT_ID for Chutes OAuth refresh".into(),
        });
    }
    let reply = match login.encoding {
        TokenEncoding::Json => http::post_json(
            &login.token_url,
            &json!({"grant_type": "refresh_token", "client_id": client_id, "refresh_token": refresh}),
        ),
        TokenEncoding::Form => {
            let mut form = vec![
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh),
                ("client_id", client_id.as_str()),
            ];
            if let Some(secret) = &login.client_secret {
                form.push(("client_secret", secret));
            }
            http::post_form(&login.token_url, &form)
        }
    }
    .map_err(|e| RefreshFailure::Transient {
        reason: e.to_string(),
    })?;
    if !(200..300).contains(&reply.status) {
        return Err(classify_refresh_failure(reply.status, &reply.body));
    }
    parse_tokens(&reply.body).map_err(|e| RefreshFailure::Transient {
        reason: e.to_string(),
    })
}

/// The stored credential after a refresh: new access, the rotated refresh
/// token (or the old one when none came back), the provider's expiry rule;
/// Codex identity fields recomputed from the new token when readable.
pub fn merged(provider: &str, stored: &Value, tokens: &Tokens, now: EpochMs) -> Value {
    let mut c = stored.clone();
    c["type"] = json!("oauth");
    c["access"] = json!(tokens.access.expose());
    if let Some(r) = &tokens.refresh {
        c["refresh"] = json!(r.expose());
    }
    let lifetime = tokens.expires_in_secs.map(|s| (s * 1000.0) as EpochMs);
    let margin = 5 * crate::time::MINUTE;
    c["expires"] = json!(match provider {
        openai_codex::PROVIDER => {
            let id = openai_codex::identity(tokens.access.expose()).ok();
            if let Some(id) = &id {
                c["accountId"] = json!(id.account_id);
                if let Some(e) = &id.email {
                    c["email"] = json!(e);
                }
                if let Some(p) = &id.plan {
                    c["chatgptPlanType"] = json!(p);
                }
            }
            lifetime
                .map(|l| now + l)
                .or(id.and_then(|i| i.exp_ms))
                .unwrap_or(now)
        }
        chutes::PROVIDER => {
            let floor = tokens
                .expires_in_secs
                .map_or(0, |s| s.floor() as EpochMs * 1000);
            (now + floor - margin).max(now + 30_000)
        }
        _ => now + lifetime.unwrap_or(0) - margin,
    });
    c
}
