//! The refresh request of each provider and how its reply is merged into
//! the stored credential (`oauth-providers.md` §4.8, 5.5, 6.6, 10, 13):
//! `{...old, ...new}`, the rotated refresh token always kept, then the
//! provider's own expiry rule (`providers::RefreshSpec`).

use crate::oauth::client::TokenEncoding;
use crate::oauth::http;
use crate::oauth::token::{RefreshFailure, Tokens, classify_refresh_failure, parse_tokens};
use crate::paths::Env;
use crate::providers::{self, Provider, RefreshSpec};
use crate::time::EpochMs;
use serde_json::{Value, json};

fn refresher(provider: &str) -> Result<(&'static Provider, RefreshSpec), RefreshFailure> {
    providers::refresher(provider)
        .and_then(|p| Some((p, p.refresh?)))
        .ok_or_else(|| RefreshFailure::NeedsReconnect {
            reason: format!("Authtray cannot refresh {provider} logins"),
        })
}

/// Spends `refresh` at the provider's token endpoint.
pub fn request(
    provider: &str,
    stored: &Value,
    refresh: &str,
    env: &Env,
) -> Result<Tokens, RefreshFailure> {
    let (p, spec) = refresher(provider)?;
    let login = p.browser_client(env).expect("refreshers have a client");
    let client_id = stored
        .get("clientId")
        .and_then(Value::as_str)
        .filter(|c| spec.stored_client && !c.is_empty())
        .map_or(login.client_id.clone(), str::to_owned);
    if client_id.is_empty() {
        return Err(RefreshFailure::NeedsReconnect {
            reason: format!(
                "no OAuth client id to refresh {provider} with{}",
                login
                    .missing_client
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default()
            ),
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
/// token (or the old one when none came back), the provider's expiry rule.
pub fn merged(provider: &str, stored: &Value, tokens: &Tokens, now: EpochMs) -> Value {
    let mut c = stored.clone();
    c["type"] = json!("oauth");
    c["access"] = json!(tokens.access.expose());
    if let Some(r) = &tokens.refresh {
        c["refresh"] = json!(r.expose());
    }
    if let Ok((_, spec)) = refresher(provider) {
        (spec.merge)(&mut c, tokens, now);
    }
    c
}
