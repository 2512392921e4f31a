//! The provider table, in the order a picker shows it. API key and token
//! work for every provider of OpenClaw's env-var table (`openclaw-store.md`
//! §16); logins and refresh for the providers of `oauth-providers.md`.

use super::{Browser, Provider, RefreshSpec, UsageSpec};
use super::{anthropic, chutes, github_copilot, google_gemini_cli, minimax_portal, openai_codex};
use crate::store::CredentialType::{ApiKey, Oauth, Token};
use crate::usage::Source;

/// A provider that takes API keys and tokens only.
const fn keyed(
    id: &'static str,
    name: &'static str,
    env_vars: &'static [&'static str],
) -> Provider {
    Provider {
        id,
        name,
        env_vars,
        note: None,
        api_key: true,
        token: true,
        browser: None,
        code: None,
        refresh: None,
        usage: None,
    }
}

/// Usage told for `kinds` credentials, at `source`.
const fn tells(
    source: Source,
    kinds: &'static [crate::store::CredentialType],
    also_as: &'static [&'static str],
) -> Option<UsageSpec> {
    Some(UsageSpec {
        source,
        kinds,
        also_as,
    })
}

pub const ALL: &[Provider] = &[
    Provider {
        id: openai_codex::PROVIDER,
        name: "OpenAI Codex (ChatGPT subscription)",
        env_vars: &[],
        note: None,
        api_key: false,
        token: false,
        browser: Some(Browser {
            client: openai_codex::client,
            logged_in: openai_codex::logged_in,
        }),
        code: Some(super::openai_codex_device::start),
        refresh: Some(RefreshSpec {
            merge: openai_codex::merge_refreshed,
            stored_client: false,
        }),
        usage: tells(Source::Codex, &[Oauth], &["openai"]),
    },
    Provider {
        id: anthropic::PROVIDER,
        name: "Anthropic (Claude)",
        env_vars: &["ANTHROPIC_OAUTH_TOKEN", "ANTHROPIC_API_KEY"],
        note: Some("Token: the output of `claude setup-token` (sk-ant-oat01-…)."),
        api_key: true,
        token: true,
        browser: Some(Browser {
            client: anthropic::client,
            logged_in: anthropic::logged_in,
        }),
        code: None,
        refresh: Some(RefreshSpec {
            merge: super::merge_with_margin,
            stored_client: false,
        }),
        usage: tells(Source::Anthropic, &[Oauth], &["claude-cli"]),
    },
    Provider {
        id: google_gemini_cli::PROVIDER,
        name: "Google Gemini CLI (Cloud Code Assist)",
        env_vars: &[],
        note: None,
        api_key: false,
        token: false,
        browser: Some(Browser {
            client: google_gemini_cli::client,
            logged_in: google_gemini_cli::logged_in,
        }),
        code: None,
        refresh: Some(RefreshSpec {
            merge: super::merge_with_margin,
            stored_client: false,
        }),
        usage: tells(Source::Gemini, &[Oauth], &["google"]),
    },
    Provider {
        id: github_copilot::PROVIDER,
        name: "GitHub Copilot",
        env_vars: &["COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"],
        note: None,
        api_key: false,
        token: true,
        browser: None,
        code: Some(github_copilot::start),
        refresh: None,
        usage: tells(Source::Copilot, &[Token, Oauth], &[]),
    },
    Provider {
        id: minimax_portal::PROVIDER,
        name: "MiniMax (portal login)",
        env_vars: &["MINIMAX_OAUTH_TOKEN", "MINIMAX_API_KEY"],
        note: Some(
            "OpenClaw 2026.5.20 does not refresh MiniMax portal logins: reconnect when they expire.",
        ),
        api_key: false,
        token: true,
        browser: None,
        code: Some(minimax_portal::start),
        refresh: None,
        usage: tells(Source::Minimax, &[ApiKey, Oauth], &[]),
    },
    Provider {
        id: chutes::PROVIDER,
        name: "Chutes",
        env_vars: &["CHUTES_API_KEY", "CHUTES_OAUTH_TOKEN"],
        note: Some("Browser login needs your own Chutes OAuth app: set CHUTES_CLIENT_ID."),
        api_key: true,
        token: true,
        browser: Some(Browser {
            client: chutes::client,
            logged_in: chutes::logged_in,
        }),
        code: None,
        refresh: Some(RefreshSpec {
            merge: chutes::merge_refreshed,
            stored_client: true,
        }),
        usage: tells(Source::Chutes, &[ApiKey, Oauth], &[]),
    },
    keyed("openai", "OpenAI API", &["OPENAI_API_KEY"]),
    keyed(
        "google",
        "Google Gemini API",
        &["GEMINI_API_KEY", "GOOGLE_API_KEY"],
    ),
    // The Coding Plan's key tells its plan's usage.
    Provider {
        usage: tells(Source::Minimax, &[ApiKey, Oauth], &[]),
        ..keyed(
            "minimax",
            "MiniMax API",
            &[
                "MINIMAX_CODE_PLAN_KEY",
                "MINIMAX_CODING_API_KEY",
                "MINIMAX_API_KEY",
            ],
        )
    },
    keyed("openrouter", "OpenRouter", &["OPENROUTER_API_KEY"]),
    keyed("xai", "xAI", &["XAI_API_KEY"]),
    keyed("mistral", "Mistral", &["MISTRAL_API_KEY"]),
    keyed("deepseek", "DeepSeek", &["DEEPSEEK_API_KEY"]),
    keyed("together", "Together AI", &["TOGETHER_API_KEY"]),
    keyed("fireworks", "Fireworks", &["FIREWORKS_API_KEY"]),
    keyed("cerebras", "Cerebras", &["CEREBRAS_API_KEY"]),
    keyed(
        "moonshot",
        "Moonshot",
        &["MOONSHOT_API_KEY", "KIMI_API_KEY"],
    ),
    keyed("kimi", "Kimi", &["KIMI_API_KEY", "KIMICODE_API_KEY"]),
    keyed(
        "qwen",
        "Qwen Cloud (Model Studio)",
        &["QWEN_API_KEY", "MODELSTUDIO_API_KEY", "DASHSCOPE_API_KEY"],
    ),
    keyed("zai", "Z.AI", &["ZAI_API_KEY", "Z_AI_API_KEY"]),
    keyed(
        "vercel-ai-gateway",
        "Vercel AI Gateway",
        &["AI_GATEWAY_API_KEY"],
    ),
    keyed(
        "cloudflare-ai-gateway",
        "Cloudflare AI Gateway",
        &["CLOUDFLARE_AI_GATEWAY_API_KEY"],
    ),
    keyed(
        "huggingface",
        "Hugging Face",
        &["HUGGINGFACE_HUB_TOKEN", "HF_TOKEN"],
    ),
    keyed(
        "opencode",
        "OpenCode Zen",
        &["OPENCODE_API_KEY", "OPENCODE_ZEN_API_KEY"],
    ),
    keyed(
        "opencode-go",
        "OpenCode Go",
        &["OPENCODE_API_KEY", "OPENCODE_ZEN_API_KEY"],
    ),
    Provider {
        id: "qwen-portal",
        name: "Qwen portal (legacy)",
        env_vars: &[],
        note: Some(
            "portal.qwen.ai logins ended in OpenClaw 2026.3: add a Qwen Cloud API key (provider qwen) instead.",
        ),
        api_key: false,
        token: false,
        browser: None,
        code: None,
        refresh: None,
        usage: None,
    },
];
