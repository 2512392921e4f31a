//! Provider-specific login rules. One file per provider's quirks.

pub mod openai_codex;
pub mod registry;
