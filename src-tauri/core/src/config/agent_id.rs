//! Agent ids as OpenClaw normalises them.

/// OpenClaw's `normalizeAgentId` (§1.6).
pub fn normalize_agent_id(raw: &str) -> String {
    let id = raw.trim();
    if id.is_empty() {
        return "main".into();
    }
    let valid = id.len() <= 64
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        return id.to_ascii_lowercase();
    }
    let mut out = String::new();
    for c in id.to_lowercase().chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(64).collect();
    if trimmed.is_empty() {
        "main".into()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_ids_normalise_like_openclaw() {
        assert_eq!(normalize_agent_id("  "), "main");
        assert_eq!(normalize_agent_id("Work_1"), "work_1");
        assert_eq!(normalize_agent_id("My Agent!!"), "my-agent");
        assert_eq!(normalize_agent_id("--x--"), "x");
        assert_eq!(normalize_agent_id("ü"), "main");
        assert_eq!(normalize_agent_id(&"a".repeat(70)).len(), 64);
    }
}
