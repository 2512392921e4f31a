//! §10.3: `openai-codex` borrows `order.openai` when it has no order of its
//! own, and `openai` API keys count as compatible credentials for it.

use super::OrderSource;
use crate::config::Config;
use crate::store::provider::auth_provider_id;
use crate::store::{AuthStore, Credential, CredentialType};

pub(crate) const CODEX: &str = "openai-codex";

/// §10.3: an `openai` API key is a compatible credential for `openai-codex`.
pub(crate) fn openai_key_for_codex(c: &Credential) -> bool {
    auth_provider_id(&c.provider) == "openai" && c.kind == CredentialType::ApiKey
}

/// §10.3: without an `openai-codex` order, `order.openai` (stored, then
/// config) stands in for it.
pub(super) fn codex_alias_order(
    store: &AuthStore,
    config: &Config,
) -> Option<(OrderSource, Vec<String>)> {
    store
        .order("openai")
        .map(|ids| (OrderSource::Stored, ids))
        .or_else(|| {
            config
                .auth_order("openai")
                .map(|ids| (OrderSource::Config, ids))
        })
}

/// The alias order merged with the native `openai-codex` profiles: appended
/// when the alias list already names one of them, otherwise put first.
pub(super) fn merge_codex_alias(alias: Vec<String>, native: Vec<String>) -> Vec<String> {
    let names_native = alias.iter().any(|id| native.contains(id));
    let missing: Vec<String> = native
        .into_iter()
        .filter(|id| !alias.contains(id))
        .collect();
    if names_native {
        alias.into_iter().chain(missing).collect()
    } else {
        missing.into_iter().chain(alias).collect()
    }
}
