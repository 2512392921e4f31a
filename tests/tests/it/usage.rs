//! `authtray-cli usage` against stand-in provider endpoints on 127.0.0.1
//! serving the shapes current tools read (OpenAI Codex `wham/usage`,
//! Anthropic `oauth/usage`), their errors and garbage: parsing, the cache
//! and the five-minute limit, `--now`, the off switch — and that a usage
//! call never refreshes, never sends a refresh token, never writes a store,
//! and sends nothing for an expired access token.

use authtray_tests::StateFixture;
use authtray_tests::stub::Stub;
use serde_json::{Value, json};

const DAY: i64 = 86_400_000;

fn now() -> i64 {
    authtray_core::time::now_ms()
}

fn fixture() -> StateFixture {
    let f = StateFixture::new();
    let dir = f.agent("main", false);
    let later = now() + DAY;
    let store = json!({"version": 1, "profiles": {
        "openai-codex:ada": {"type": "oauth", "provider": "openai-codex", "access": "ACCESS-CODEX", "refresh": "REFRESH-CODEX", "expires": later, "accountId": "acct-1"},
        "openai-codex:old": {"type": "oauth", "provider": "openai-codex", "access": "ACCESS-OLD", "refresh": "REFRESH-OLD", "expires": now() - DAY},
        "anthropic:work": {"type": "oauth", "provider": "anthropic", "access": "ACCESS-CLAUDE", "refresh": "REFRESH-CLAUDE", "expires": later},
        "anthropic:claude-cli": {"type": "oauth", "provider": "claude-cli", "access": "ACCESS-CLAUDE-CODE", "refresh": "REFRESH-CLAUDE-CODE", "expires": later},
        "anthropic:manual": {"type": "token", "provider": "anthropic", "token": "sk-ant-oat01-setup"},
        "openrouter:default": {"type": "api_key", "provider": "openrouter", "key": "sk-or-v1-x"},
        "github-copilot:github": {"type": "token", "provider": "github-copilot", "token": "ghu_COPILOT"},
        "google-gemini-cli:ada": {"type": "oauth", "provider": "google-gemini-cli", "access": "ACCESS-GEMINI", "refresh": "REFRESH-GEMINI", "expires": later, "projectId": "proj-7"},
        "minimax:default": {"type": "api_key", "provider": "minimax", "key": "sk-cp-MINIMAX"},
        "chutes:default": {"type": "api_key", "provider": "chutes", "key": "cpk_CHUTES"}
    }});
    std::fs::write(dir.join("auth-profiles.json"), store.to_string()).unwrap();
    f
}

fn codex_body() -> String {
    json!({
        "plan_type": "pro",
        "rate_limit": {
            "primary_window": {"used_percent": 33, "limit_window_seconds": 18000, "reset_at": now() / 1000 + 7200},
            "secondary_window": {"used_percent": 71, "limit_window_seconds": 604_800, "reset_at": now() / 1000 + 4 * 86_400}
        },
        "credits": {"has_credits": false, "unlimited": false, "balance": null}
    })
    .to_string()
}

fn claude_body() -> String {
    json!({
        "five_hour": {"utilization": 81.0, "resets_at": "2030-01-01T10:00:00.123456+00:00"},
        "seven_day": {"utilization": 40.0, "resets_at": "2030-01-05T10:00:00+00:00"},
        "seven_day_opus": null
    })
    .to_string()
}

fn copilot_body() -> String {
    json!({
        "copilot_plan": "individual", "quota_reset_date": "2030-01-01",
        "quota_snapshots": {
            "premium_interactions": {"entitlement": 300, "remaining": 60, "percent_remaining": 20.0, "unlimited": false},
            "chat": {"unlimited": true}
        }
    })
    .to_string()
}

fn gemini_body() -> String {
    json!({"buckets": [{"modelId": "gemini-2.5-pro", "tokenType": "REQUESTS", "remainingFraction": 0.25, "resetTime": "2030-01-01T10:00:00Z"}]})
        .to_string()
}

/// A Coding Plan answer: the counts are what is left (70 of 100).
fn minimax_body() -> String {
    json!({"base_resp": {"status_code": 0, "status_msg": "success"}, "model_remains": [
        {"model_name": "MiniMax-M2", "start_time": now() - 3_600_000, "end_time": now() + 4 * 3_600_000,
         "current_interval_total_count": 100, "current_interval_usage_count": 70}
    ]})
    .to_string()
}

fn chutes_body() -> String {
    json!({"quota": 2000, "used": 1700}).to_string()
}

struct Providers {
    codex: Stub,
    claude: Stub,
    copilot: Stub,
    gemini: Stub,
    minimax: Stub,
    chutes: Stub,
}

impl Providers {
    fn start() -> Self {
        Self {
            codex: Stub::start(vec![(200, codex_body())]),
            claude: Stub::start(vec![(200, claude_body())]),
            copilot: Stub::start(vec![(200, copilot_body())]),
            gemini: Stub::start(vec![(200, gemini_body())]),
            minimax: Stub::start(vec![(200, minimax_body())]),
            chutes: Stub::start(vec![(200, chutes_body())]),
        }
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        let url = |stub: &Stub| stub.url.clone();
        vec![
            ("AUTHTRAY_USAGE_OPENAI_CODEX_URL", url(&self.codex)),
            ("AUTHTRAY_USAGE_ANTHROPIC_URL", url(&self.claude)),
            ("AUTHTRAY_USAGE_GITHUB_COPILOT_URL", url(&self.copilot)),
            ("AUTHTRAY_USAGE_GOOGLE_GEMINI_CLI_URL", url(&self.gemini)),
            ("AUTHTRAY_USAGE_MINIMAX_URL", url(&self.minimax)),
            ("AUTHTRAY_USAGE_CHUTES_URL", url(&self.chutes)),
        ]
    }

    fn usage(&self, f: &StateFixture, extra: &[&str]) -> (Value, String) {
        let mut args = vec!["usage", "--json"];
        args.extend_from_slice(extra);
        let out = f.cli_with_env(&args, &self.env());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = f.cli_with_env(&["usage"], &self.env());
        (
            serde_json::from_slice(&out.stdout).expect("JSON"),
            String::from_utf8_lossy(&text.stdout).into_owned(),
        )
    }
}

fn by_id<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["profileId"] == id)
        .unwrap_or_else(|| panic!("no {id}: {report}"))
}

#[test]
fn usage_is_read_with_the_access_token_only_cached_and_never_refreshes_or_writes() {
    let f = fixture();
    let store = f.state_dir().join("agents/main/agent/auth-profiles.json");
    let before = std::fs::read(&store).unwrap();
    let p = Providers::start();

    let (report, text) = p.usage(&f, &[]);
    let codex = by_id(&report, "openai-codex:ada");
    assert_eq!(codex["usage"]["plan"], "pro");
    assert_eq!(codex["usage"]["windows"][0]["name"], "5h");
    assert_eq!(codex["usage"]["windows"][1]["usedPercent"], 71.0);
    let claude = by_id(&report, "anthropic:work");
    assert_eq!(claude["usage"]["windows"][0]["usedPercent"], 81.0);
    assert!(
        by_id(&report, "anthropic:claude-cli")["usage"].is_object(),
        "Claude Code's login is read, not taken"
    );
    let copilot = by_id(&report, "github-copilot:github");
    assert_eq!(copilot["usage"]["windows"][0]["name"], "premium");
    assert_eq!(copilot["usage"]["windows"][0]["usedPercent"], 80.0);
    assert_eq!(
        copilot["usage"]["windows"].as_array().unwrap().len(),
        1,
        "unlimited chat is no window"
    );
    assert!(
        p.copilot.requests()[0]
            .to_ascii_lowercase()
            .contains("authorization: token ghu_copilot"),
        "GitHub's token scheme"
    );
    let gemini = by_id(&report, "google-gemini-cli:ada");
    assert_eq!(gemini["usage"]["windows"][0]["name"], "gemini-2.5-pro");
    assert_eq!(gemini["usage"]["windows"][0]["usedPercent"], 75.0);
    let asked = &p.gemini.requests()[0];
    assert!(
        asked.starts_with("POST /usage") && asked.contains(r#"{"project":"proj-7"}"#),
        "{asked}"
    );
    let minimax = by_id(&report, "minimax:default");
    assert_eq!(minimax["usage"]["windows"][0]["name"], "5h MiniMax-M2");
    assert_eq!(minimax["usage"]["windows"][0]["usedPercent"], 30.0);
    assert!(
        p.minimax.requests()[0]
            .to_ascii_lowercase()
            .contains("authorization: bearer sk-cp-minimax"),
        "the plan's key as a Bearer"
    );
    let chutes = by_id(&report, "chutes:default");
    assert_eq!(chutes["usage"]["windows"][0]["name"], "1d");
    assert_eq!(chutes["usage"]["windows"][0]["usedPercent"], 85.0);
    assert!(
        p.chutes.requests()[0]
            .to_ascii_lowercase()
            .contains("authorization: bearer cpk_chutes")
    );
    let old = by_id(&report, "openai-codex:old");
    assert!(old["usage"].is_null());
    assert!(
        old["unavailable"]
            .as_str()
            .unwrap()
            .contains("unknown until the next refresh"),
        "{old}"
    );
    let listed: Vec<&str> = report["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["profileId"].as_str().unwrap())
        .collect();
    assert!(
        !listed.contains(&"anthropic:manual") && !listed.contains(&"openrouter:default"),
        "setup-tokens and other keys tell no usage: {listed:?}"
    );
    assert!(
        text.contains(
            "main · openai-codex:ada  plan pro  5h 33% (resets in 2h)  7d 71% (resets in 4d)"
        ),
        "{text}"
    );
    assert!(
        text.contains("openai-codex:old  usage unavailable (the access token has expired"),
        "{text}"
    );

    let codex_asked = p.codex.requests();
    assert_eq!(
        codex_asked.len(),
        1,
        "nothing sent for the expired token: {codex_asked:?}"
    );
    assert!(codex_asked[0].starts_with("GET /usage"));
    let head = codex_asked[0].to_ascii_lowercase();
    assert!(
        head.contains("authorization: bearer access-codex")
            && head.contains("chatgpt-account-id: acct-1"),
        "{head}"
    );
    let claude_asked = p.claude.requests();
    assert_eq!(claude_asked.len(), 2);
    assert!(claude_asked.iter().all(|h| {
        h.to_ascii_lowercase()
            .contains("anthropic-beta: oauth-2025-04-20")
    }));
    let everything = format!("{codex_asked:?}{claude_asked:?}");
    assert!(
        !everything.contains("REFRESH"),
        "a refresh token never leaves the store"
    );
    assert_eq!(
        std::fs::read(&store).unwrap(),
        before,
        "the store is never written"
    );

    // Within five minutes: from the cache, no request; --now asks again.
    p.usage(&f, &[]);
    assert_eq!(
        (p.codex.requests().len(), p.claude.requests().len()),
        (1, 2),
        "cached"
    );
    p.usage(&f, &["--now"]);
    assert_eq!(
        (p.codex.requests().len(), p.claude.requests().len()),
        (2, 4),
        "asked anew"
    );

    // status --json carries the last known usage and asks nobody.
    let status = f.cli_json(&["status", "--json"]);
    assert_eq!(
        status["usage"].as_array().unwrap().len(),
        8,
        "{}",
        status["usage"]
    );
    assert_eq!(
        (p.codex.requests().len(), p.claude.requests().len()),
        (2, 4)
    );
}

#[test]
fn refused_limited_and_garbage_answers_are_usage_unavailable_keeping_the_last_known() {
    let f = fixture();
    let p = Providers::start();
    p.usage(&f, &[]);
    for (status, body, says) in [
        (
            401,
            r#"{"detail":"Unauthorized"}"#,
            "refused the access token (HTTP 401)",
        ),
        (
            429,
            r#"{"error":"rate_limited"}"#,
            "rate-limiting usage requests",
        ),
        (200, "<html>oops</html>", "not JSON"),
        (
            200,
            r#"{"rate_limit": {"primary_window": {"used_percent": "lots"}}}"#,
            "an answer of another shape",
        ),
        (500, "", "HTTP 500"),
    ] {
        p.codex.answer(vec![(status, body.into())]);
        let (report, text) = p.usage(&f, &["--now"]);
        let codex = by_id(&report, "openai-codex:ada");
        assert!(
            codex["unavailable"].as_str().unwrap().contains(says),
            "{status}: {codex}"
        );
        assert_eq!(codex["usage"]["plan"], "pro", "the last known usage stays");
        assert!(text.contains("usage unavailable"), "{text}");
        assert!(text.contains("(as of"), "{text}");
    }
}

#[test]
fn with_usage_checks_off_nothing_is_asked() {
    let f = fixture();
    let data = f.home().join("authtray-data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("settings.json"), r#"{"usageChecks": false}"#).unwrap();
    let p = Providers::start();
    let (report, text) = p.usage(&f, &["--now"]);
    assert_eq!(report["enabled"], false);
    assert!(text.contains("Usage checks are off"), "{text}");
    assert!(p.codex.requests().is_empty() && p.claude.requests().is_empty());
}

#[test]
fn suggest_order_puts_headroom_first_and_exhausted_last_and_applying_it_is_what_openclaw_reads() {
    let f = StateFixture::new();
    let dir = f.agent("main", false);
    let later = now() + DAY;
    let account = |access: &str| json!({"type": "oauth", "provider": "openai-codex", "access": access, "refresh": format!("R-{access}"), "expires": later});
    let store = json!({"version": 1, "profiles": {
        "openai-codex:busy": account("A-busy"),
        "openai-codex:spent": account("A-spent"),
        "openai-codex:fresh": account("A-fresh"),
    }});
    std::fs::write(dir.join("auth-profiles.json"), store.to_string()).unwrap();
    let window = |used: u32, in_secs: i64| {
        json!({"plan_type": "plus", "rate_limit": {"primary_window": {"used_percent": used, "limit_window_seconds": 18000, "reset_at": now() / 1000 + in_secs}}}).to_string()
    };
    let (busy, spent, fresh) = (window(85, 3600), window(100, 5400), window(5, 3600));
    let codex = Stub::per_token(vec![
        ("A-busy", busy),
        ("A-spent", spent),
        ("A-fresh", fresh),
    ]);
    let env = [("AUTHTRAY_USAGE_OPENAI_CODEX_URL", codex.url.clone())];
    let out = f.cli_with_env(
        &["order", "suggest", "--provider", "openai-codex", "--apply"],
        &env,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("1. openai-codex:fresh  95% left in its 5h window"),
        "{text}"
    );
    assert!(
        text.contains("2. openai-codex:busy  15% left in its 5h window"),
        "{text}"
    );
    assert!(
        text.contains("3. openai-codex:spent  5h window exhausted; resets in 1h"),
        "{text}"
    );
    let theirs = authtray_tests::OpenClaw::locate().json(
        &f,
        &[
            "models",
            "auth",
            "order",
            "get",
            "--provider",
            "openai-codex",
            "--json",
        ],
    );
    assert_eq!(
        theirs["order"],
        json!([
            "openai-codex:fresh",
            "openai-codex:busy",
            "openai-codex:spent"
        ]),
        "{theirs}"
    );
    assert_eq!(codex.requests().len(), 3, "one usage request per account");
}
