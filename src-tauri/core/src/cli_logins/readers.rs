//! One reader per CLI file shape (`openclaw-store.md` §15.1–15.4).

use super::{ExternalError, ExternalState, Source};
use crate::oauth::jwt;
use crate::paths::Env;
use crate::store::NewCredential;
use crate::time::{EpochMs, HOUR};
use serde_json::{Value, json};
use std::path::Path;

/// The state of `source`'s login file at `path`.
pub fn read(source: Source, path: &Path) -> (ExternalState, Option<Value>) {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return (ExternalState::Missing, None);
        }
        Err(e) => {
            return (
                ExternalState::Unreadable {
                    reason: e.to_string(),
                },
                None,
            );
        }
    };
    parse(source, &bytes, path)
}

/// `source`'s login file from its bytes (`path` only for Codex's file time).
pub fn parse(source: Source, bytes: &[u8], path: &Path) -> (ExternalState, Option<Value>) {
    let Ok(v) = serde_json::from_slice::<Value>(bytes) else {
        return malformed("not JSON");
    };
    match source {
        Source::ClaudeCode => claude(&v),
        Source::CodexCli => codex(&v, path),
        Source::MinimaxCli | Source::GeminiCli => oauth_creds(source, &v),
    }
}

fn malformed(reason: &str) -> (ExternalState, Option<Value>) {
    (
        ExternalState::Malformed {
            reason: reason.to_owned(),
        },
        None,
    )
}

fn text(v: &Value, k: &str) -> Option<String> {
    v.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

fn epoch_ms(v: &Value) -> Option<EpochMs> {
    v.as_f64()
        .filter(|n| n.is_finite() && *n > 0.0)
        .map(|n| n as EpochMs)
}

/// `{claudeAiOauth: {accessToken, refreshToken?, expiresAt, subscriptionType?}}`.
fn claude(v: &Value) -> (ExternalState, Option<Value>) {
    let o = &v["claudeAiOauth"];
    if !o.is_object() {
        return malformed("no claudeAiOauth login in it");
    }
    let (Some(access), Some(expires)) = (text(o, "accessToken"), epoch_ms(&o["expiresAt"])) else {
        return malformed("claudeAiOauth lacks accessToken or expiresAt");
    };
    let refresh = text(o, "refreshToken");
    let credential = match &refresh {
        Some(r) => {
            json!({"type": "oauth", "provider": "claude-cli", "access": access, "refresh": r, "expires": expires})
        }
        None => {
            json!({"type": "token", "provider": "claude-cli", "token": access, "expires": expires})
        }
    };
    (
        ExternalState::Present {
            refreshable: refresh.is_some(),
            expires_at: Some(expires),
            expiry_estimated: false,
            email: None,
            account_id: None,
            plan: text(o, "subscriptionType"),
        },
        Some(credential),
    )
}

/// `{tokens: {access_token, refresh_token, id_token?, account_id?}, last_refresh?}`.
fn codex(v: &Value, path: &Path) -> (ExternalState, Option<Value>) {
    let t = &v["tokens"];
    let (Some(access), Some(_refresh)) = (text(t, "access_token"), text(t, "refresh_token")) else {
        return malformed(if v.get("OPENAI_API_KEY").is_some_and(|k| !k.is_null()) {
            "an API-key login (no ChatGPT tokens)"
        } else {
            "tokens lack access_token or refresh_token"
        });
    };
    let access_claims = jwt::claims(&access).ok();
    let id_claims = text(t, "id_token").and_then(|i| jwt::claims(&i).ok());
    let exp = access_claims
        .as_ref()
        .and_then(|c| epoch_ms(&c["exp"]))
        .map(|s| s * 1000);
    let mtime = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_millis() as EpochMs + HOUR);
    let auth = |c: &Option<Value>, k: &str| {
        c.as_ref()
            .and_then(|c| c["https://api.openai.com/auth"].get(k).cloned())
            .and_then(|x| x.as_str().map(str::to_owned))
    };
    let email = id_claims
        .as_ref()
        .and_then(|c| text(c, "email"))
        .or_else(|| {
            access_claims
                .as_ref()
                .and_then(|c| text(&c["https://api.openai.com/profile"], "email"))
        });
    (
        ExternalState::Present {
            refreshable: true,
            expires_at: exp.or(mtime),
            expiry_estimated: exp.is_none(),
            email,
            account_id: text(t, "account_id")
                .or_else(|| auth(&access_claims, "chatgpt_account_id")),
            plan: auth(&id_claims, "chatgpt_plan_type")
                .or_else(|| auth(&access_claims, "chatgpt_plan_type")),
        },
        None,
    )
}

/// `{access_token, refresh_token, expiry_date (ms), id_token?}` (MiniMax, Gemini).
fn oauth_creds(source: Source, v: &Value) -> (ExternalState, Option<Value>) {
    let (Some(access), Some(refresh), Some(expires)) = (
        text(v, "access_token"),
        text(v, "refresh_token"),
        epoch_ms(&v["expiry_date"]),
    ) else {
        return malformed("access_token, refresh_token or expiry_date is missing");
    };
    let email = text(v, "id_token")
        .and_then(|i| jwt::claims(&i).ok())
        .and_then(|c| text(&c, "email"));
    let credential = (source == Source::MinimaxCli).then(|| {
        json!({"type": "oauth", "provider": "minimax-portal", "access": access, "refresh": refresh, "expires": expires})
    });
    (
        ExternalState::Present {
            refreshable: true,
            expires_at: Some(expires),
            expiry_estimated: false,
            email,
            account_id: None,
            plan: None,
        },
        credential,
    )
}

/// macOS: Claude Code's Keychain item (`Claude Code-credentials`), read
/// with `security` — only on an explicit user action, never in the
/// background (each read may prompt). Elsewhere there is no Keychain item.
pub fn claude_code_keychain() -> Option<Vec<u8>> {
    if !cfg!(target_os = "macos") {
        return None;
    }
    let out = std::process::Command::new("/usr/bin/security")
        .args([
            "find-generic-password",
            "-s",
            "Claude Code-credentials",
            "-w",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(out.stdout)
}

/// Claude Code's login as the `anthropic:claude-cli` credential OpenClaw
/// keeps (§15.8): OAuth only — a token-only login cannot be synced. On
/// macOS the Keychain item is tried first (this is always a user action).
pub fn claude_code_oauth(env: &Env) -> Result<NewCredential, ExternalError> {
    if let Some(v) = claude_code_keychain().and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        && let (
            ExternalState::Present {
                refreshable: true, ..
            },
            Some(c),
        ) = claude(&v)
    {
        return Ok(NewCredential::new(c));
    }
    let path = Source::ClaudeCode.path(env);
    match read(Source::ClaudeCode, &path) {
        (
            ExternalState::Present {
                refreshable: true, ..
            },
            Some(c),
        ) => Ok(NewCredential::new(c)),
        (ExternalState::Present { .. }, _) => Err(ExternalError::TokenOnly),
        (ExternalState::Missing, _) => Err(ExternalError::Missing { path }),
        (ExternalState::Unreadable { reason }, _) => {
            Err(ExternalError::Unreadable { path, reason })
        }
        (ExternalState::Malformed { reason }, _) => Err(ExternalError::Malformed { path, reason }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::jwt::encode_for_tests;

    fn state(source: Source, body: &str) -> ExternalState {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        std::fs::write(&path, body).unwrap();
        read(source, &path).0
    }

    fn present(s: &ExternalState) -> (bool, Option<EpochMs>, bool) {
        match s {
            ExternalState::Present {
                refreshable,
                expires_at,
                expiry_estimated,
                ..
            } => (*refreshable, *expires_at, *expiry_estimated),
            other => panic!("not present: {other:?}"),
        }
    }

    #[test]
    fn claude_code_oauth_token_only_expired_partial_and_garbage() {
        let oauth = r#"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-a","refreshToken":"sk-ant-ort01-r","expiresAt":1767225600000,"subscriptionType":"max"},"mcpOAuth":{}}"#;
        assert_eq!(
            present(&state(Source::ClaudeCode, oauth)),
            (true, Some(1_767_225_600_000), false)
        );
        let token_only = r#"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-a","expiresAt":1000}}"#;
        assert_eq!(
            present(&state(Source::ClaudeCode, token_only)),
            (false, Some(1000), false)
        );
        for bad in [
            r#"{"claudeAiOauth":{"refreshToken":"r","expiresAt":5}}"#,
            r#"{"claudeAiOauth":{"accessToken":"a","expiresAt":"soon"}}"#,
            r#"{"mcpOAuth":{}}"#,
            "garbage{",
        ] {
            assert!(
                matches!(
                    state(Source::ClaudeCode, bad),
                    ExternalState::Malformed { .. }
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn codex_expiry_from_the_jwt_else_file_time_and_api_key_logins_explained() {
        let access = encode_for_tests(
            &json!({"exp": 1_767_225_600, "https://api.openai.com/auth": {"chatgpt_account_id": "acct-c", "chatgpt_plan_type": "pro"}}),
        );
        let id = encode_for_tests(&json!({"email": "c@example.test"}));
        let body = json!({"auth_mode": "chatgpt", "OPENAI_API_KEY": null, "tokens": {"id_token": id, "access_token": access, "refresh_token": "rt", "account_id": "acct-c"}, "last_refresh": "2026-03-15T12:34:56Z"});
        let s = state(Source::CodexCli, &body.to_string());
        assert_eq!(present(&s), (true, Some(1_767_225_600_000), false));
        let ExternalState::Present {
            email,
            account_id,
            plan,
            ..
        } = s
        else {
            unreachable!()
        };
        assert_eq!(
            (email.as_deref(), account_id.as_deref(), plan.as_deref()),
            (Some("c@example.test"), Some("acct-c"), Some("pro"))
        );

        let opaque = json!({"tokens": {"access_token": "opaque", "refresh_token": "rt"}});
        let (_, expires, estimated) = present(&state(Source::CodexCli, &opaque.to_string()));
        assert!(
            estimated && expires.unwrap() > crate::time::now_ms(),
            "mtime + 1 h"
        );
        let key = json!({"auth_mode": "apikey", "OPENAI_API_KEY": "sk-x", "tokens": null});
        assert_eq!(
            state(Source::CodexCli, &key.to_string()),
            ExternalState::Malformed {
                reason: "an API-key login (no ChatGPT tokens)".into()
            }
        );
    }

    #[test]
    fn minimax_and_gemini_need_all_three_fields_and_a_missing_file_is_missing() {
        let ok = r#"{"access_token":"a","refresh_token":"r","expiry_date":1767225600000}"#;
        assert!(present(&state(Source::MinimaxCli, ok)).0);
        assert!(matches!(
            state(Source::GeminiCli, r#"{"access_token":"a"}"#),
            ExternalState::Malformed { .. }
        ));
        assert_eq!(
            read(Source::GeminiCli, Path::new("/nonexistent/authtray/x.json")).0,
            ExternalState::Missing
        );
    }
}
