//! Secret values: redacted in Debug/Display, not Serialize, masked for display
//! exactly like OpenClaw's `maskApiKey` (`openclaw-store.md` §13.1).

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The plaintext. Call only where the secret is really needed (a write, an
    /// HTTP request, an explicit reveal).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `sk-ant-o...9f2a1b3c`-style masking, the rule OpenClaw shows secrets with.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// OpenClaw's `maskApiKey`: after trimming, empty → `missing`; ≤ 6 chars →
/// 1 + `...` + 1; ≤ 16 → 2 + `...` + 2; else 8 + `...` + 8.
pub fn mask(raw: &str) -> String {
    let chars: Vec<char> = raw.trim().chars().collect();
    let keep = match chars.len() {
        0 => return "missing".into(),
        1..=6 => 1,
        7..=16 => 2,
        _ => 8,
    };
    let head: String = chars[..keep].iter().collect();
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("{head}...{tail}")
}

/// Normalises a pasted secret the way OpenClaw's input normaliser does
/// (§13.5): line breaks and characters above U+00FF removed, then trimmed.
pub fn normalize_pasted(raw: &str) -> String {
    raw.chars()
        .filter(|c| *c != '\n' && *c != '\r' && (*c as u32) <= 0xFF)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_like_openclaw() {
        assert_eq!(mask("  "), "missing");
        assert_eq!(mask("abcdef"), "a...f");
        assert_eq!(mask("abcdefghij"), "ab...ij");
        assert_eq!(mask("sk-ant-api03-0123456789abcdef"), "sk-ant-a...89abcdef");
    }

    #[test]
    fn never_prints_the_value() {
        let s = Secret::new("sk-live-very-secret");
        assert!(!format!("{s:?} {s}").contains("very-secret"));
    }

    #[test]
    fn pasted_secrets_lose_line_breaks_and_wide_chars() {
        assert_eq!(normalize_pasted(" sk-1\r\n23\u{2028}x \n"), "sk-123x");
    }
}
