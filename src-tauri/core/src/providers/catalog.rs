//! Every provider Authtray can add a profile for, and how: a browser login,
//! a device code, an API key, a pasted token. API key and token work for
//! every provider of OpenClaw's env-var table (`openclaw-store.md` §16).

use serde::Serialize;
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LoginMethod {
    /// PKCE with a loopback callback, raced by a paste box.
    Browser,
    /// A code shown here, confirmed in the browser.
    Device,
    ApiKey,
    Token,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
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

use LoginMethod::{ApiKey, Browser, Device, Token};

const KEYED: &[LoginMethod] = &[ApiKey, Token];

/// `(id, name, methods, env vars, note)`, in the order a picker shows them.
type Row = (
    &'static str,
    &'static str,
    &'static [LoginMethod],
    &'static [&'static str],
    Option<&'static str>,
);

const ROWS: &[Row] = &[
    (
        "openai-codex",
        "OpenAI Codex (ChatGPT subscription)",
        &[Browser, Device],
        &[],
        None,
    ),
    (
        "anthropic",
        "Anthropic (Claude)",
        &[Browser, Token, ApiKey],
        &["ANTHROPIC_OAUTH_TOKEN", "ANTHROPIC_API_KEY"],
        Some("Token: the output of `claude setup-token` (sk-ant-oat01-…)."),
    ),
    (
        "google-gemini-cli",
        "Google Gemini CLI (Cloud Code Assist)",
        &[Browser],
        &[],
        None,
    ),
    (
        "github-copilot",
        "GitHub Copilot",
        &[Device, Token],
        &["COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"],
        None,
    ),
    (
        "minimax-portal",
        "MiniMax (portal login)",
        &[Device, Token],
        &["MINIMAX_OAUTH_TOKEN", "MINIMAX_API_KEY"],
        Some(
            "OpenClaw 2026.5.20 does not refresh MiniMax portal logins: reconnect when they expire.",
        ),
    ),
    (
        "chutes",
        "Chutes",
        &[Browser, ApiKey, Token],
        &["CHUTES_API_KEY", "CHUTES_OAUTH_TOKEN"],
        Some("Browser login needs your own Chutes OAuth app: set CHUTES_CLIENT_ID."),
    ),
    ("openai", "OpenAI API", KEYED, &["OPENAI_API_KEY"], None),
    (
        "google",
        "Google Gemini API",
        KEYED,
        &["GEMINI_API_KEY", "GOOGLE_API_KEY"],
        None,
    ),
    (
        "minimax",
        "MiniMax API",
        KEYED,
        &[
            "MINIMAX_CODE_PLAN_KEY",
            "MINIMAX_CODING_API_KEY",
            "MINIMAX_API_KEY",
        ],
        None,
    ),
    (
        "openrouter",
        "OpenRouter",
        KEYED,
        &["OPENROUTER_API_KEY"],
        None,
    ),
    ("xai", "xAI", KEYED, &["XAI_API_KEY"], None),
    ("mistral", "Mistral", KEYED, &["MISTRAL_API_KEY"], None),
    ("deepseek", "DeepSeek", KEYED, &["DEEPSEEK_API_KEY"], None),
    (
        "together",
        "Together AI",
        KEYED,
        &["TOGETHER_API_KEY"],
        None,
    ),
    (
        "fireworks",
        "Fireworks",
        KEYED,
        &["FIREWORKS_API_KEY"],
        None,
    ),
    ("cerebras", "Cerebras", KEYED, &["CEREBRAS_API_KEY"], None),
    (
        "moonshot",
        "Moonshot",
        KEYED,
        &["MOONSHOT_API_KEY", "KIMI_API_KEY"],
        None,
    ),
    (
        "kimi",
        "Kimi",
        KEYED,
        &["KIMI_API_KEY", "KIMICODE_API_KEY"],
        None,
    ),
    (
        "qwen",
        "Qwen Cloud (Model Studio)",
        KEYED,
        &["QWEN_API_KEY", "MODELSTUDIO_API_KEY", "DASHSCOPE_API_KEY"],
        None,
    ),
    ("zai", "Z.AI", KEYED, &["ZAI_API_KEY", "Z_AI_API_KEY"], None),
    (
        "vercel-ai-gateway",
        "Vercel AI Gateway",
        KEYED,
        &["AI_GATEWAY_API_KEY"],
        None,
    ),
    (
        "cloudflare-ai-gateway",
        "Cloudflare AI Gateway",
        KEYED,
        &["CLOUDFLARE_AI_GATEWAY_API_KEY"],
        None,
    ),
    (
        "huggingface",
        "Hugging Face",
        KEYED,
        &["HUGGINGFACE_HUB_TOKEN", "HF_TOKEN"],
        None,
    ),
    (
        "opencode",
        "OpenCode Zen",
        KEYED,
        &["OPENCODE_API_KEY", "OPENCODE_ZEN_API_KEY"],
        None,
    ),
    (
        "opencode-go",
        "OpenCode Go",
        KEYED,
        &["OPENCODE_API_KEY", "OPENCODE_ZEN_API_KEY"],
        None,
    ),
    (
        "qwen-portal",
        "Qwen portal (legacy)",
        &[],
        &[],
        Some(
            "portal.qwen.ai logins ended in OpenClaw 2026.3: add a Qwen Cloud API key (provider qwen) instead.",
        ),
    ),
];

/// The providers, in picker order.
pub fn providers() -> Vec<ProviderInfo> {
    ROWS.iter()
        .map(|&(id, name, methods, env_vars, note)| ProviderInfo {
            id,
            name,
            methods: methods.to_vec(),
            env_vars: env_vars.to_vec(),
            note,
        })
        .collect()
}

/// One provider by id.
pub fn provider(id: &str) -> Option<ProviderInfo> {
    providers().into_iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
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
    fn ids_are_unique_and_qwen_portal_offers_no_new_login() {
        let all = providers();
        let mut ids: Vec<_> = all.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
        assert!(provider("qwen-portal").unwrap().methods.is_empty());
    }
}
