//! Provider ids as OpenClaw 2026.5.20 normalises them (`openclaw-store.md` §2.4).

/// Trimmed, lower-cased, aliases mapped to the canonical id.
pub fn normalize_provider(raw: &str) -> String {
    let id = raw.trim().to_ascii_lowercase();
    let canonical = match id.as_str() {
        "modelstudio" | "qwencloud" => "qwen",
        "z.ai" | "z-ai" => "zai",
        "opencode-zen" => "opencode",
        "opencode-go-auth" => "opencode-go",
        "anthropic-cli" => "claude-cli",
        "kimi-code" | "kimi-coding" => "kimi",
        "moonshotai" | "moonshot-ai" => "moonshot",
        "bedrock" | "aws-bedrock" => "amazon-bedrock",
        "bytedance" | "doubao" => "volcengine",
        _ => return id,
    };
    canonical.to_string()
}

/// The "auth provider id" layer used to compare a credential with a
/// requested provider (bundled plugin aliases).
pub fn auth_provider_id(raw: &str) -> String {
    let id = normalize_provider(raw);
    match id.as_str() {
        "byteplus-plan" => "byteplus".into(),
        "volcengine-plan" => "volcengine".into(),
        "minimax-cn" => "minimax".into(),
        "minimax-portal-cn" => "minimax-portal".into(),
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_to_canonical_ids() {
        assert_eq!(normalize_provider(" Z.AI "), "zai");
        assert_eq!(normalize_provider("Anthropic-CLI"), "claude-cli");
        assert_eq!(normalize_provider("aws-bedrock"), "amazon-bedrock");
        assert_eq!(normalize_provider("openai-codex"), "openai-codex");
        assert_eq!(auth_provider_id("minimax-cn"), "minimax");
        assert_eq!(normalize_provider("minimax-cn"), "minimax-cn");
    }
}
