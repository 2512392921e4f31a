//! "Copy secret": which value of a profile goes to the clipboard. The value
//! stays in Rust (the app writes the clipboard itself); refresh tokens are
//! never copied — spending one elsewhere logs every other holder out.

use crate::report::effective_store;
use crate::secret::Secret;
use crate::store::{CredentialType, StoreContext, StoreError};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("no profile {0:?} in this agent")]
    NotFound(String),
    #[error("{0} is kept as a reference ({1}); copy it from there")]
    Reference(String, String),
    #[error("{0} has no secret stored to copy")]
    Missing(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The API key, static token or OAuth access token of `profile_id`.
pub fn secret_to_copy(
    ctx: &StoreContext,
    agent_id: &str,
    dir: &Path,
    profile_id: &str,
) -> Result<Secret, CopyError> {
    let (store, _) = effective_store(ctx, agent_id, dir)?;
    let cred = store
        .credential(profile_id)
        .ok_or_else(|| CopyError::NotFound(profile_id.into()))?;
    if let Some(r) = &cred.secret_ref {
        let text = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("?").to_owned();
        return Err(CopyError::Reference(
            profile_id.into(),
            format!("{}:{}", text("source"), text("id")),
        ));
    }
    match (cred.secret, cred.kind) {
        (Some(s), _) if !s.expose().is_empty() => Ok(s),
        (_, CredentialType::Oauth) if cred.has_oauth_ref => Err(CopyError::Reference(
            profile_id.into(),
            "encrypted oauthRef".into(),
        )),
        _ => Err(CopyError::Missing(profile_id.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::update;
    use serde_json::json;

    #[test]
    fn keys_tokens_and_access_tokens_are_copied_never_refresh_tokens_or_refs() {
        let tmp = tempfile::tempdir().unwrap();
        let (_, ctx) = StoreContext::for_tests(tmp.path());
        let main = ctx.state.path.join("agents/main/agent");
        update(&ctx, &main, |st| {
            st.profiles.insert("openai:k".into(), json!({"type": "api_key", "provider": "openai", "key": "sk-key-1"}));
            st.profiles.insert("anthropic:t".into(), json!({"type": "token", "provider": "anthropic", "token": "sk-ant-oat01-t"}));
            st.profiles.insert("openai-codex:o".into(), json!({"type": "oauth", "provider": "openai-codex", "access": "acc-1", "refresh": "ref-1", "expires": 1}));
            st.profiles.insert("openai:env".into(), json!({"type": "api_key", "provider": "openai", "keyRef": {"source": "env", "provider": "default", "id": "OPENAI_API_KEY"}}));
            st.profiles.insert("openai-codex:r".into(), json!({"type": "oauth", "provider": "openai-codex", "refresh": "ref-2", "expires": 1}));
            Ok(())
        })
        .unwrap();
        let copy = |id: &str| secret_to_copy(&ctx, "main", &main, id);
        assert_eq!(copy("openai:k").unwrap().expose(), "sk-key-1");
        assert_eq!(copy("anthropic:t").unwrap().expose(), "sk-ant-oat01-t");
        assert_eq!(copy("openai-codex:o").unwrap().expose(), "acc-1");
        assert!(
            copy("openai:env")
                .unwrap_err()
                .to_string()
                .contains("env:OPENAI_API_KEY")
        );
        assert!(matches!(copy("openai-codex:r"), Err(CopyError::Missing(_))));
        assert!(matches!(copy("openai:none"), Err(CopyError::NotFound(_))));
    }
}
