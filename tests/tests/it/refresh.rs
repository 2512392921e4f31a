//! `authtray-cli refresh` against oidc-provider: OpenClaw's refresh lock is
//! respected while a live process holds it and reclaimed from a dead one;
//! a dead refresh token marks the profile "needs reconnect" once (no more
//! requests); an unreachable server backs off; CLI-owned logins are never
//! refreshed.

use authtray_core::store::lock::refresh_lock_path;
use authtray_tests::oidc::{OidcServer, deliver, sign_in};
use authtray_tests::{StateFixture, cli_login};
use serde_json::{Value, json};

const CLIENT: &str = "codex-refresh-cli";
const ID: &str = "openai-codex:lock@example.test";

struct Setup {
    oidc: OidcServer,
    f: StateFixture,
    env: Vec<(String, String)>,
}

/// A real login, then its access token made due.
fn logged_in() -> Setup {
    let oidc = OidcServer::start(&json!({
        "clients": [{"client_id": CLIENT, "redirect_uris": ["http://localhost:1455/auth/callback"], "scope": "openid profile email offline_access"}],
        "accessTokenTtl": 7 * 86_400,
        "account": {"sub": "u", "claims": {
            "https://api.openai.com/auth": {"chatgpt_account_id": "acct-l"},
            "https://api.openai.com/profile": {"email": "lock@example.test"},
        }},
    }));
    let f = StateFixture::new();
    f.agent("main", true);
    let env = oidc.login_env("openai-codex", CLIENT);
    let (child, url) = cli_login::start(&f, "openai-codex", &env, &[]);
    assert_eq!(deliver(&sign_in(url.as_str())).0, 200);
    assert_eq!(cli_login::finish(child).0, 0);
    edit(&f, |p| {
        p["expires"] = json!(authtray_core::time::now_ms() + 60_000)
    });
    Setup { oidc, f, env }
}

fn store_path(f: &StateFixture) -> std::path::PathBuf {
    f.state_dir().join("agents/main/agent/auth-profiles.json")
}

fn edit(f: &StateFixture, change: impl FnOnce(&mut Value)) {
    let mut store: Value =
        serde_json::from_str(&std::fs::read_to_string(store_path(f)).unwrap()).unwrap();
    change(&mut store["profiles"][ID]);
    std::fs::write(store_path(f), serde_json::to_vec_pretty(&store).unwrap()).unwrap();
}

fn refresh(s: &Setup, extra: &[&str]) -> (i32, String) {
    let env: Vec<(&str, String)> = s.env.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let out =
        s.f.cli_with_env(&[&["refresh", "--due"], extra].concat(), &env);
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn refresh_requests(oidc: &OidcServer) -> usize {
    oidc.grants()
        .iter()
        .filter(|g| g["grant_type"] == "refresh_token")
        .count()
}

fn write_lock(s: &Setup, pid: u32) -> std::path::PathBuf {
    let lock = refresh_lock_path(&s.f.state_dir(), "openai-codex", ID);
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    std::fs::write(
        &lock,
        format!("{{\n  \"pid\": {pid},\n  \"createdAt\": \"2026-11-21T08:00:00.000Z\"\n}}\n"),
    )
    .unwrap();
    lock
}

#[test]
fn a_live_holders_refresh_lock_is_waited_for_then_skipped_and_a_dead_ones_reclaimed() {
    let s = logged_in();
    let holder = crate::live_process();
    let lock = write_lock(&s, holder.0.id());
    let (code, out) = refresh(&s, &["--lock-timeout", "2"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("another process is refreshing it"), "{out}");
    assert!(
        out.contains(&format!("pid {}", holder.0.id())),
        "names the holder: {out}"
    );
    assert_eq!(
        refresh_requests(&s.oidc),
        0,
        "nothing spent while it is held"
    );
    assert!(lock.exists(), "a live holder's lock is left alone");

    drop(holder); // kill and reap: the pid is now dead
    let (code, out) = refresh(&s, &["--lock-timeout", "10"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("refreshed; valid for"), "{out}");
    assert_eq!(refresh_requests(&s.oidc), 1);
    assert!(!lock.exists(), "the reclaimed lock is released");
}

#[test]
fn a_dead_refresh_token_needs_a_reconnect_and_is_not_spent_again() {
    let s = logged_in();
    edit(&s.f, |p| p["refresh"] = json!("revoked-or-already-rotated"));
    let (code, out) = refresh(&s, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("NEEDS RECONNECT"), "{out}");
    assert!(
        out.contains("authtray-cli login --provider openai-codex"),
        "{out}"
    );
    let before = std::fs::read(store_path(&s.f)).unwrap();
    let (code, _) = refresh(&s, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        refresh_requests(&s.oidc),
        1,
        "remembered: not presented again"
    );
    assert_eq!(
        std::fs::read(store_path(&s.f)).unwrap(),
        before,
        "the profile is kept"
    );
}

#[test]
fn an_unreachable_server_backs_off_and_cli_owned_logins_are_never_refreshed() {
    let s = logged_in();
    let down: Vec<(&str, String)> = vec![(
        "AUTHTRAY_OAUTH_OPENAI_CODEX_TOKEN_URL",
        "http://127.0.0.1:9/token".into(),
    )];
    let out = s.f.cli_with_env(&["refresh", "--due"], &down);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("failed") && text.contains("next try in"),
        "{text}"
    );
    let out = s.f.cli_with_env(&["refresh", "--due"], &down);
    assert!(String::from_utf8_lossy(&out.stdout).contains("waiting after a failure"));

    // Codex CLI's bootstrap slot (no inline tokens) and Claude Code's login
    // belong to their CLIs.
    let mut store: Value =
        serde_json::from_str(&std::fs::read_to_string(store_path(&s.f)).unwrap()).unwrap();
    store["profiles"] = json!({
        "openai-codex:default": {"type": "oauth", "provider": "openai-codex", "expires": 1},
        "anthropic:claude-cli": {"type": "oauth", "provider": "claude-cli", "access": "a", "refresh": "r", "expires": 1},
    });
    std::fs::write(store_path(&s.f), serde_json::to_vec(&store).unwrap()).unwrap();
    let (code, out) = refresh(&s, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Nothing to refresh"), "{out}");
    assert_eq!(refresh_requests(&s.oidc), 0);
}
