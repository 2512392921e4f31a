//! The typed, read-only view of one stored credential, built with OpenClaw's
//! load-time normalisation (§2.2). The raw JSON stays the source of truth for
//! writes, so fields this view does not know survive.

use super::provider::normalize_provider;
use crate::secret::Secret;
use crate::time::EpochMs;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CredentialType {
    ApiKey,
    Token,
    Oauth,
}

impl CredentialType {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "api_key" => Some(Self::ApiKey),
            "token" => Some(Self::Token),
            "oauth" => Some(Self::Oauth),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ApiKey => "api_key",
            Self::Token => "token",
            Self::Oauth => "oauth",
        }
    }
}

/// `expires` as OpenClaw reads it: absent, invalid (kept as 0), or a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    Absent,
    Invalid,
    At(EpochMs),
}

/// Why an entry is skipped on load (OpenClaw logs and skips it too).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("not an object")]
    NonObject,
    #[error("type is not api_key, token or oauth")]
    InvalidType,
    #[error("no provider")]
    MissingProvider,
}

#[derive(Clone, Debug)]
pub struct Credential {
    pub kind: CredentialType,
    pub provider: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    /// `key` (api_key), `token` (token) or `access` (oauth).
    pub secret: Option<Secret>,
    pub refresh: Option<Secret>,
    /// `keyRef` / `tokenRef` SecretRef object.
    pub secret_ref: Option<Value>,
    pub expires: Expiry,
    pub account_id: Option<String>,
    pub plan: Option<String>,
    /// `oauthRef`: tokens live in OpenClaw's encrypted sidecar (§2.9).
    pub has_oauth_ref: bool,
    /// `projectId`: the Cloud Code Assist project of a Gemini CLI login.
    pub project_id: Option<String>,
}

fn non_blank(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

/// A SecretRef object `{source, provider, id}`, or a `${VAR}` string ref.
pub fn secret_ref(v: &Value) -> Option<Value> {
    match v {
        Value::Object(o)
            if o.get("source").and_then(Value::as_str).is_some()
                && o.get("id").and_then(Value::as_str).is_some() =>
        {
            Some(v.clone())
        }
        Value::String(s) => {
            let var = s.trim().strip_prefix("${")?.strip_suffix('}')?;
            let valid = !var.is_empty()
                && var
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            valid.then(|| serde_json::json!({"source": "env", "provider": "default", "id": var}))
        }
        _ => None,
    }
}

impl Credential {
    /// OpenClaw's normalisation of one raw entry (aliases `mode`/`apiKey`,
    /// SecretRefs in `key`/`token`, provider normalisation, rejections).
    pub fn parse(raw: &Value) -> Result<Self, Rejection> {
        let o = raw.as_object().ok_or(Rejection::NonObject)?;
        let type_value = o
            .get("type")
            .or_else(|| o.get("mode").filter(|m| m.is_string()));
        let kind = type_value
            .and_then(Value::as_str)
            .and_then(CredentialType::parse)
            .ok_or(Rejection::InvalidType)?;
        let provider = o
            .get("provider")
            .and_then(Value::as_str)
            .map(normalize_provider)
            .unwrap_or_default();
        if provider.is_empty() {
            return Err(Rejection::MissingProvider);
        }
        let (secret_field, ref_field) = match kind {
            CredentialType::ApiKey => ("key", "keyRef"),
            CredentialType::Token => ("token", "tokenRef"),
            CredentialType::Oauth => ("access", ""),
        };
        let mut value = o.get(secret_field);
        if kind == CredentialType::ApiKey && !o.contains_key("key") {
            value = o.get("apiKey");
        }
        let inline_ref = value.filter(|v| !v.is_string()).and_then(secret_ref);
        let secret_ref = o.get(ref_field).and_then(secret_ref).or(inline_ref);
        let expires = match o.get("expires") {
            None => Expiry::Absent,
            Some(v) => match v.as_f64() {
                Some(f) if f.is_finite() && f > 0.0 && kind != CredentialType::ApiKey => {
                    Expiry::At(f as EpochMs)
                }
                _ if kind == CredentialType::ApiKey => Expiry::Absent,
                _ => Expiry::Invalid,
            },
        };
        Ok(Self {
            kind,
            provider,
            email: non_blank(o.get("email")),
            display_name: non_blank(o.get("displayName")),
            secret: non_blank(value).map(Secret::new),
            refresh: (kind == CredentialType::Oauth)
                .then(|| non_blank(o.get("refresh")).map(Secret::new))
                .flatten(),
            secret_ref,
            expires,
            account_id: non_blank(o.get("accountId")),
            plan: non_blank(o.get("chatgptPlanType")),
            has_oauth_ref: o.get("oauthRef").is_some_and(Value::is_object),
            project_id: non_blank(o.get("projectId")),
        })
    }

    /// Eligibility (§9.1), ignoring expiry for OAuth (an expired OAuth
    /// profile stays eligible so it can be refreshed).
    pub fn eligible(&self, now: EpochMs) -> bool {
        let has_secret = self.secret.is_some() || self.secret_ref.is_some();
        match self.kind {
            CredentialType::ApiKey => has_secret,
            CredentialType::Token => {
                has_secret
                    && match self.expires {
                        Expiry::Absent => true,
                        Expiry::Invalid => false,
                        Expiry::At(t) => t > now,
                    }
            }
            CredentialType::Oauth => {
                self.secret.is_some() || self.refresh.is_some() || self.has_oauth_ref
            }
        }
    }

    pub fn expires_at(&self) -> Option<EpochMs> {
        match self.expires {
            Expiry::At(t) => Some(t),
            _ => None,
        }
    }
}

/// The marker OpenClaw 2026.8+ puts in a credential while it refreshes it
/// (`openclaw-sqlite.md` b.6): nobody else may write that profile meanwhile.
pub const REFRESH_FENCE: &str = "openclaw-oauth-refresh-fence:v1:";

/// A credential that carries OpenClaw's refresh fence.
pub fn is_fenced(raw: &Value) -> bool {
    ["access", "refresh"].iter().any(|k| {
        raw[k]
            .as_str()
            .is_some_and(|v| v.starts_with(REFRESH_FENCE))
    })
}

/// A credential about to be stored, as OpenClaw's JSON (the raw shape is
/// what gets written). Its `Debug` names the provider and type, never a value.
#[derive(Clone, PartialEq)]
pub struct NewCredential(Value);

impl NewCredential {
    pub fn new(raw: Value) -> Self {
        Self(raw)
    }

    /// The normalised provider it is for.
    pub fn provider(&self) -> String {
        normalize_provider(self.0["provider"].as_str().unwrap_or_default())
    }

    /// `api_key`, `token` or `oauth` (as `auth.profiles` calls it: `mode`).
    pub fn mode(&self) -> &str {
        self.0["type"].as_str().unwrap_or("api_key")
    }

    /// The typed view (who it belongs to, its expiry).
    pub fn parsed(&self) -> Option<Credential> {
        Credential::parse(&self.0).ok()
    }

    pub fn as_json(&self) -> &Value {
        &self.0
    }

    pub fn into_json(self) -> Value {
        self.0
    }
}

impl std::fmt::Debug for NewCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NewCredential({} {})", self.provider(), self.mode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aliases_and_refs_are_normalised() {
        let c =
            Credential::parse(&json!({"mode": "api_key", "provider": " Z.AI ", "apiKey": "sk-1"}))
                .unwrap();
        assert_eq!(
            (c.kind, c.provider.as_str()),
            (CredentialType::ApiKey, "zai")
        );
        assert_eq!(c.secret.unwrap().expose(), "sk-1");

        let c = Credential::parse(
            &json!({"type": "api_key", "provider": "openai", "key": "${OPENAI_API_KEY}"}),
        )
        .unwrap();
        assert!(
            c.secret.is_some(),
            "a ref-shaped string key stays a string value"
        );
        let c = Credential::parse(&json!({"type": "api_key", "provider": "openai", "key": {"source": "env", "provider": "default", "id": "K"}})).unwrap();
        assert!(c.secret.is_none());
        assert_eq!(c.secret_ref.unwrap()["id"], "K");
    }

    #[test]
    fn rejections_match_openclaw() {
        assert_eq!(
            Credential::parse(&json!("x")).unwrap_err(),
            Rejection::NonObject
        );
        assert_eq!(
            Credential::parse(&json!({"type": "password", "provider": "x"})).unwrap_err(),
            Rejection::InvalidType
        );
        assert_eq!(
            Credential::parse(&json!({"type": "token", "provider": "  "})).unwrap_err(),
            Rejection::MissingProvider
        );
    }

    #[test]
    fn expires_states_and_eligibility() {
        let now = 1_000_000;
        let tok = |e: Value| {
            Credential::parse(
                &json!({"type": "token", "provider": "anthropic", "token": "t", "expires": e}),
            )
            .unwrap()
        };
        assert_eq!(tok(json!(0)).expires, Expiry::Invalid);
        assert_eq!(tok(json!(null)).expires, Expiry::Invalid);
        assert!(!tok(json!(now - 1)).eligible(now));
        assert!(tok(json!(now + 1)).eligible(now));
        let oauth = Credential::parse(
            &json!({"type": "oauth", "provider": "openai-codex", "refresh": "r", "expires": 5}),
        )
        .unwrap();
        assert!(
            oauth.eligible(now),
            "expired OAuth stays eligible for refresh"
        );
    }
}
