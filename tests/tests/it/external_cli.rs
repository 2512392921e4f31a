//! Claude Code and Codex CLI logins in a throwaway home: shown without
//! their secrets, Claude Code synced as OpenClaw expects, Codex offered a
//! login of its own, and nothing in `~/.claude` or `~/.codex` ever changed.

use authtray_tests::{OpenClaw, StateFixture};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

fn write(path: &Path, body: &Value) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_vec_pretty(body).unwrap()).unwrap();
}

/// Bytes and modification time of every file under `dirs`.
fn snapshot(dirs: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut out = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let meta = entry.metadata().unwrap();
            out.push((
                entry.path(),
                std::fs::read(entry.path()).unwrap(),
                meta.modified().unwrap(),
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn cli_logins_are_shown_synced_or_declined_and_never_modified() {
    let f = StateFixture::new();
    f.agent("main", true);
    let later = authtray_core::time::now_ms() + 6 * 3_600_000;
    let claude = f.home().join(".claude/.credentials.json");
    write(
        &claude,
        &json!({"claudeAiOauth": {"accessToken": "sk-ant-oat01-claude-secret", "refreshToken": "sk-ant-ort01-claude-refresh", "expiresAt": later, "subscriptionType": "max"}, "mcpOAuth": {}}),
    );
    let codex = f.home().join(".codex/auth.json");
    write(
        &codex,
        &json!({"auth_mode": "chatgpt", "OPENAI_API_KEY": null, "tokens": {"access_token": "opaque-codex-secret", "refresh_token": "codex-refresh-secret", "account_id": "acct-x"}}),
    );
    write(
        &f.home().join(".minimax/oauth_creds.json"),
        &json!({"access_token": "mm"}),
    );
    let watched = [f.home().join(".claude"), f.home().join(".codex")];
    let before = snapshot(&watched);

    let listed = f.cli(&["external"], "");
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success(), "{text}");
    for secret in [
        "claude-secret",
        "claude-refresh",
        "codex-secret",
        "codex-refresh",
    ] {
        assert!(!text.contains(secret), "never printed: {text}");
    }
    assert!(
        text.contains("Claude Code")
            && text.contains("plan max")
            && text.contains("kept alive by Claude Code"),
        "{text}"
    );
    assert!(
        text.contains("authtray-cli login --provider openai-codex"),
        "Codex gets a login of its own: {text}"
    );
    assert!(
        text.contains("MiniMax CLI") && text.contains("not usable"),
        "{text}"
    );
    assert!(
        text.contains("Gemini CLI") && text.contains("not logged in"),
        "{text}"
    );
    let json_out = f.cli_json(&["external", "--json"]);
    assert_eq!(json_out[0]["state"]["kind"], "present");
    assert_eq!(
        json_out[1]["state"]["expiryEstimated"], true,
        "opaque Codex token: file time + 1 h"
    );

    let synced = f.cli(&["sync", "claude-code"], "");
    assert!(
        synced.status.success(),
        "{}",
        String::from_utf8_lossy(&synced.stderr)
    );
    let store: Value = serde_json::from_str(
        &std::fs::read_to_string(f.state_dir().join("agents/main/agent/auth-profiles.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        store["profiles"]["anthropic:claude-cli"],
        json!({"type": "oauth", "provider": "claude-cli", "access": "sk-ant-oat01-claude-secret", "refresh": "sk-ant-ort01-claude-refresh", "expires": later})
    );
    let theirs = OpenClaw::locate().json(&f, &["models", "auth", "list", "--json"]);
    assert!(
        theirs["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "anthropic:claude-cli"),
        "{theirs}"
    );

    // Claude Code owns it: a refresh never spends its token.
    let refreshed = f.cli(&["refresh"], "");
    assert!(String::from_utf8_lossy(&refreshed.stdout).contains("Nothing to refresh"));
    f.cli(&["status", "--json"], "");
    assert_eq!(
        snapshot(&watched),
        before,
        "~/.claude and ~/.codex untouched"
    );

    // A token-only Claude login cannot be synced: a clear refusal.
    write(
        &claude,
        &json!({"claudeAiOauth": {"accessToken": "sk-ant-oat01-x", "expiresAt": later}}),
    );
    let refused = f.cli(&["sync", "claude-code"], "");
    assert_eq!(refused.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("without a refresh token"));
}

#[test]
// Unix only by nature: file modes (0600/0700) are how a store is kept private there.
#[cfg(unix)]
fn loose_store_permissions_are_reported_and_fixed_on_request() {
    use std::os::unix::fs::PermissionsExt;
    let f = StateFixture::new();
    let agent = f.agent("main", true);
    let store = agent.join("auth-profiles.json");
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o644)).unwrap();
    let status = f.cli(&["status"], "");
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("auth-profiles.json can be read by every user (0644); run `authtray-cli fix-permissions`"),
        "{text}"
    );
    let report = f.cli_json(&["status", "--json"]);
    assert_eq!(
        report["agents"][0]["loosePermissions"],
        json!([
            "the agent folder can be listed by every user (0755)",
            "auth-profiles.json can be read by every user (0644)"
        ])
    );
    assert_eq!(
        std::fs::metadata(&store).unwrap().permissions().mode() & 0o777,
        0o644,
        "reported, not changed"
    );
    let fixed = f.cli(&["fix-permissions"], "");
    let fixed = String::from_utf8_lossy(&fixed.stdout);
    assert!(
        fixed.contains("0644 → 0600") && fixed.contains("0755 → 0700"),
        "{fixed}"
    );
    assert_eq!(
        std::fs::metadata(&store).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        f.cli_json(&["status", "--json"])["agents"][0]["loosePermissions"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
