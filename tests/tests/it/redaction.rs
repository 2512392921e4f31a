//! No secret value reaches any output: every read-only and failing command
//! of `authtray-cli` runs over a store and CLI login files full of known
//! secrets, and neither stdout nor stderr may contain one of them.

use authtray_tests::StateFixture;
use serde_json::json;

const SECRETS: [&str; 7] = [
    "sk-or-v1-redaction-key-0123456789",
    "sk-ant-oat01-redaction-token-abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz",
    "redaction-access-token-value",
    "redaction-refresh-token-value",
    "claude-redaction-access",
    "claude-redaction-refresh",
    "codex-redaction-refresh",
];

#[test]
fn no_command_prints_a_secret() {
    let f = StateFixture::new();
    let agent = f.agent("main", false);
    let now = authtray_core::time::now_ms();
    std::fs::write(
        agent.join("auth-profiles.json"),
        json!({"version": 1, "profiles": {
            "openrouter:default": {"type": "api_key", "provider": "openrouter", "key": SECRETS[0]},
            "anthropic:manual": {"type": "token", "provider": "anthropic", "token": SECRETS[1], "expires": now - 1000},
            "openai-codex:a@b.test": {"type": "oauth", "provider": "openai-codex", "access": SECRETS[2], "refresh": SECRETS[3], "expires": now + 60_000, "accountId": "acct"},
        }})
        .to_string(),
    )
    .unwrap();
    std::fs::create_dir_all(f.home().join(".claude")).unwrap();
    std::fs::write(
        f.home().join(".claude/.credentials.json"),
        json!({"claudeAiOauth": {"accessToken": SECRETS[4], "refreshToken": SECRETS[5], "expiresAt": now + 3_600_000}}).to_string(),
    )
    .unwrap();
    std::fs::create_dir_all(f.home().join(".codex")).unwrap();
    std::fs::write(
        f.home().join(".codex/auth.json"),
        json!({"tokens": {"access_token": "x.y.z", "refresh_token": SECRETS[6]}}).to_string(),
    )
    .unwrap();

    // An unreachable token endpoint: the refresh fails and says why.
    let down = [(
        "AUTHTRAY_OAUTH_OPENAI_CODEX_TOKEN_URL",
        "http://127.0.0.1:9/token".to_owned(),
    )];
    let commands: [&[&str]; 12] = [
        &["status"],
        &["status", "--json", "--all"],
        &["status", "--check"],
        &["profiles", "list"],
        &["profiles", "list", "--json"],
        &["order", "get", "--provider", "anthropic"],
        &["external"],
        &["external", "--json"],
        &["refresh"],
        &["refresh", "--due"],
        &[
            "profiles",
            "rename",
            "openrouter:default",
            "openrouter:work",
        ],
        &["undo"],
    ];
    let mut all = String::new();
    for args in commands {
        let out = f.cli_with_env(args, &down);
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        all.push_str(&printed);
        for secret in SECRETS {
            assert!(
                !printed.contains(secret) && !printed.contains(&secret[..20]),
                "`authtray-cli {}` printed a secret: {printed}",
                args.join(" ")
            );
        }
    }
    // The commands did their work (masked values, the failed refresh, the CLI logins).
    for seen in [
        "sk-or-v1...23456789",
        "cannot reach the provider",
        "Claude Code",
        "Renamed",
        "Restored",
    ] {
        assert!(all.contains(seen), "expected {seen:?} in: {all}");
    }
    // A malformed paste of a token (wrong shape) is refused without echoing it.
    let refused = f.cli(
        &["profiles", "paste-token", "--provider", "anthropic"],
        "sk-ant-api03-redaction-not-a-setup-token\n",
    );
    assert!(!String::from_utf8_lossy(&refused.stderr).contains("redaction-not-a-setup-token"));
}
