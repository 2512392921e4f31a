//! Logins other CLIs keep (`openclaw-store.md` §15): Claude Code, Codex
//! CLI, MiniMax CLI, Gemini CLI. Read only — Authtray never writes any of
//! these files — and summarised without their secrets. A missing, partial
//! or malformed file is a state to show, never an error.

mod readers;

use crate::paths::Env;
use crate::time::EpochMs;
use serde::Serialize;
use std::path::PathBuf;

pub use readers::{claude_code_oauth, parse, read};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    ClaudeCode,
    CodexCli,
    MinimaxCli,
    GeminiCli,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::ClaudeCode,
        Source::CodexCli,
        Source::MinimaxCli,
        Source::GeminiCli,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Source::ClaudeCode => "Claude Code",
            Source::CodexCli => "Codex CLI",
            Source::MinimaxCli => "MiniMax CLI",
            Source::GeminiCli => "Gemini CLI",
        }
    }

    /// What the user runs to log in again (the CLI is the refresher).
    pub fn relogin(self) -> &'static str {
        match self {
            Source::ClaudeCode => "claude (then /login)",
            Source::CodexCli => "codex login",
            Source::MinimaxCli => "the MiniMax CLI's login",
            Source::GeminiCli => "gemini (then /auth)",
        }
    }

    /// The file this CLI keeps its login in.
    pub fn path(self, env: &Env) -> PathBuf {
        match self {
            Source::ClaudeCode => env
                .var("CLAUDE_CONFIG_DIR")
                .map_or_else(|| env.user_home().join(".claude"), |d| env.user_path(d))
                .join(".credentials.json"),
            Source::CodexCli => env
                .var("CODEX_HOME")
                .filter(|h| !h.is_empty())
                .map_or_else(|| env.user_home().join(".codex"), |h| env.user_path(h))
                .join("auth.json"),
            Source::MinimaxCli => env.user_home().join(".minimax/oauth_creds.json"),
            Source::GeminiCli => env.user_home().join(".gemini/oauth_creds.json"),
        }
    }
}

/// One CLI's login as Authtray can show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExternalLogin {
    pub source: Source,
    pub name: String,
    pub path: PathBuf,
    pub state: ExternalState,
    /// The command that logs in again.
    pub relogin: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
pub enum ExternalState {
    /// Not logged in with this CLI (no file).
    Missing,
    /// The file exists but cannot be read (permissions).
    Unreadable { reason: String },
    /// The file is there but not a login this CLI writes.
    Malformed { reason: String },
    Present {
        /// It has a refresh token (the CLI keeps it alive).
        refreshable: bool,
        expires_at: Option<EpochMs>,
        /// `true` when the expiry is only estimated (Codex: file time + 1 h).
        expiry_estimated: bool,
        email: Option<String>,
        account_id: Option<String>,
        plan: Option<String>,
    },
}

/// Every CLI login, in a fixed order.
pub fn all(env: &Env) -> Vec<ExternalLogin> {
    Source::ALL
        .iter()
        .map(|&source| {
            let path = source.path(env);
            ExternalLogin {
                source,
                name: source.name().to_owned(),
                state: read(source, &path).0,
                path,
                relogin: source.relogin().to_owned(),
            }
        })
        .collect()
}

/// Why Claude Code's login cannot be used in OpenClaw.
#[derive(Debug, thiserror::Error)]
pub enum ExternalError {
    #[error(
        "Claude Code holds a token without a refresh token; OpenClaw only syncs OAuth logins — run `claude` and log in again"
    )]
    TokenOnly,
    #[error("no Claude Code login at {}; run `claude` and log in first", path.display())]
    Missing { path: PathBuf },
    #[error("cannot read {}: {reason}", path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("{}: {reason}", path.display())]
    Malformed { path: PathBuf, reason: String },
}

impl crate::error::Classify for ExternalError {
    fn code(&self) -> crate::error::ErrorCode {
        use crate::error::ErrorCode;
        match self {
            Self::TokenOnly | Self::Malformed { .. } => ErrorCode::InvalidInput,
            Self::Missing { .. } => ErrorCode::NotFound,
            Self::Unreadable { .. } => ErrorCode::Unreadable,
        }
    }
}
