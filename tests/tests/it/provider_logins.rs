//! Google Gemini CLI and Chutes logins: the authorization and the token
//! exchange against oidc-provider, the provider APIs around them (userinfo,
//! Cloud Code Assist) against local stubs, and OpenClaw reading the result.

use authtray_core::paths::Env;
use authtray_core::providers::google_gemini_cli::discover_project;
use authtray_tests::cli_login::{self, finish, param};
use authtray_tests::oidc::{OidcServer, deliver, sign_in};
use authtray_tests::provider::Stub;
use authtray_tests::{OpenClaw, StateFixture};
use serde_json::{Value, json};
use std::time::Duration;

fn oidc(client_id: &str, secret: Option<&str>, redirect: &str, scope: &str) -> OidcServer {
    let mut client = json!({"client_id": client_id, "redirect_uris": [redirect], "scope": scope});
    if let Some(s) = secret {
        client["client_secret"] = json!(s);
    }
    OidcServer::start(&json!({"clients": [client], "accessTokenTtl": 7 * 86_400}))
}

fn store(f: &StateFixture) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(f.state_dir().join("agents/main/agent/auth-profiles.json"))
            .expect("store"),
    )
    .expect("JSON")
}

fn openclaw_lists(f: &StateFixture, id: &str) -> bool {
    let theirs = OpenClaw::locate().json(f, &["models", "auth", "list", "--json"]);
    theirs["profiles"]
        .as_array()
        .is_some_and(|ps| ps.iter().any(|p| p["id"] == id && p["type"] == "oauth"))
}

const GOOGLE_SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile";

#[test]
fn gemini_cli_login_sends_the_client_secret_finds_the_project_and_openclaw_reads_it() {
    let server = oidc(
        "gemini-test.apps.googleusercontent.com",
        Some("GOCSPX-test-secret"),
        "http://localhost:8085/oauth2callback",
        GOOGLE_SCOPE,
    );
    let api = Stub::start(vec![
        (
            "/userinfo",
            vec![(200, json!({"email": "ada@example.test"}))],
        ),
        (
            "/v1internal:loadCodeAssist",
            vec![(
                200,
                json!({"currentTier": {"id": "standard-tier"}, "cloudaicompanionProject": {"id": "proj-42"}}),
            )],
        ),
    ]);
    let f = StateFixture::new();
    f.agent("main", true);
    let mut env = server.login_env(
        "google-gemini-cli",
        "gemini-test.apps.googleusercontent.com",
    );
    env.extend([
        (
            "AUTHTRAY_OAUTH_GOOGLE_GEMINI_CLI_CLIENT_SECRET".into(),
            "GOCSPX-test-secret".into(),
        ),
        (
            "AUTHTRAY_OAUTH_GOOGLE_GEMINI_CLI_USERINFO_URL".into(),
            format!("{}/userinfo", api.base),
        ),
        (
            "AUTHTRAY_OAUTH_GOOGLE_GEMINI_CLI_CODE_ASSIST_URL".into(),
            api.base.clone(),
        ),
    ]);
    let (child, url) = cli_login::start(&f, "google-gemini-cli", &env, &[]);
    assert_eq!(
        (param(&url, "access_type"), param(&url, "prompt")),
        ("offline".into(), "consent".into())
    );
    let redirect = sign_in(url.as_str());
    assert_eq!(redirect.path(), "/oauth2callback");
    assert_eq!(deliver(&redirect).0, 200);
    let (code, err) = finish(child);
    assert_eq!(code, 0, "{err}");

    // oidc-provider refuses this client's token request without its secret.
    assert_eq!(server.grants()[0]["ok"], true, "{:?}", server.grants());
    let seen = api.seen();
    assert!(seen.iter().all(|r| {
        r.header("authorization")
            .is_some_and(|a| a.starts_with("Bearer "))
    }));
    let load = seen
        .iter()
        .find(|r| r.path == "/v1internal:loadCodeAssist")
        .expect("loadCodeAssist");
    assert_eq!(
        load.header("user-agent"),
        Some("google-api-nodejs-client/9.15.1")
    );
    let body: Value = serde_json::from_str(&load.body).unwrap();
    assert_eq!(body["metadata"]["pluginType"], "GEMINI");

    let saved = &store(&f)["profiles"]["google-gemini-cli:ada@example.test"];
    assert_eq!(
        (saved["projectId"].as_str(), saved["email"].as_str()),
        (Some("proj-42"), Some("ada@example.test"))
    );
    assert!(saved["refresh"].as_str().is_some());
    assert!(openclaw_lists(&f, "google-gemini-cli:ada@example.test"));
}

fn env(vars: &[(&str, &str)], home: &std::path::Path) -> Env {
    Env::new(
        vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        None,
        home.to_path_buf(),
    )
}

#[test]
fn gemini_project_discovery_onboards_polls_and_explains_what_is_missing() {
    let home = tempfile::tempdir().unwrap();
    let fast = Duration::from_millis(10);

    // No tier yet: onboard on the default (free) tier, poll the operation.
    let api = Stub::start(vec![
        (
            "/v1internal:loadCodeAssist",
            vec![(
                200,
                json!({"allowedTiers": [{"id": "legacy-tier"}, {"id": "free-tier", "isDefault": true}]}),
            )],
        ),
        (
            "/v1internal:onboardUser",
            vec![(200, json!({"name": "operations/op-1", "done": false}))],
        ),
        (
            "/v1internal/operations/op-1",
            vec![
                (200, json!({"name": "operations/op-1", "done": false})),
                (
                    200,
                    json!({"name": "operations/op-1", "done": true, "response": {"cloudaicompanionProject": {"id": "free-proj"}}}),
                ),
            ],
        ),
    ]);
    let project = discover_project(
        "at",
        &env(&[], home.path()),
        std::slice::from_ref(&api.base),
        fast,
    );
    assert_eq!(project, Ok(Some("free-proj".into())));
    let onboard = api
        .seen()
        .into_iter()
        .find(|r| r.path == "/v1internal:onboardUser")
        .unwrap();
    let body: Value = serde_json::from_str(&onboard.body).unwrap();
    assert_eq!(body["tierId"], "free-tier");
    assert!(
        body.get("cloudaicompanionProject").is_none(),
        "free tier sends no project"
    );
    assert_eq!(
        api.seen()
            .iter()
            .filter(|r| r.path.starts_with("/v1internal/operations"))
            .count(),
        2
    );

    // VPC-SC counts as the standard tier, which needs a project.
    let vpc = Stub::start(vec![(
        "/v1internal:loadCodeAssist",
        vec![(
            403,
            json!({"error": {"details": [{"reason": "SECURITY_POLICY_VIOLATED"}]}}),
        )],
    )]);
    let err = discover_project(
        "at",
        &env(&[], home.path()),
        std::slice::from_ref(&vpc.base),
        fast,
    )
    .unwrap_err();
    assert!(err.contains("GOOGLE_CLOUD_PROJECT"), "{err}");
    let with_project = env(&[("GOOGLE_CLOUD_PROJECT", "corp-proj")], home.path());
    assert_eq!(
        discover_project("at", &with_project, std::slice::from_ref(&vpc.base), fast),
        Ok(Some("corp-proj".into()))
    );

    // A paid default tier needs the project from the environment.
    let paid = Stub::start(vec![(
        "/v1internal:loadCodeAssist",
        vec![(
            200,
            json!({"allowedTiers": [{"id": "standard-tier", "isDefault": true}]}),
        )],
    )]);
    assert!(
        discover_project(
            "at",
            &env(&[], home.path()),
            std::slice::from_ref(&paid.base),
            fast
        )
        .is_err()
    );

    // Nothing answers: the environment's project, else a clear error.
    let dead = vec!["http://127.0.0.1:9".to_owned()];
    assert_eq!(
        discover_project("at", &with_project, &dead, fast),
        Ok(Some("corp-proj".into()))
    );
    assert!(
        discover_project("at", &env(&[], home.path()), &dead, fast)
            .unwrap_err()
            .contains("GOOGLE_CLOUD_PROJECT")
    );

    // Personal OAuth selected in Gemini CLI's settings: no discovery at all.
    std::fs::create_dir_all(home.path().join(".gemini")).unwrap();
    std::fs::write(
        home.path().join(".gemini/settings.json"),
        r#"{"security": {"auth": {"selectedType": "oauth-personal"}}}"#,
    )
    .unwrap();
    let untouched = Stub::start(vec![]);
    assert_eq!(
        discover_project(
            "at",
            &env(&[], home.path()),
            std::slice::from_ref(&untouched.base),
            fast
        ),
        Ok(None)
    );
    assert!(untouched.seen().is_empty());
}

#[test]
fn chutes_login_needs_a_client_id_then_saves_who_logged_in_with_the_client() {
    let f = StateFixture::new();
    f.agent("main", true);
    let out = f.cli(&["login", "--provider", "chutes", "--no-browser"], "");
    assert_eq!(out.status.code(), Some(64));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("CHUTES_CLIENT_ID") && err.contains("http://127.0.0.1:1456/oauth-callback"),
        "{err}"
    );

    let server = oidc(
        "cid_test",
        None,
        "http://127.0.0.1:1456/oauth-callback",
        "openid profile chutes:invoke",
    );
    let api = Stub::start(vec![(
        "/idp/userinfo",
        vec![(
            200,
            json!({"sub": "user-uuid-1", "username": "ada", "created_at": "2026-01-01"}),
        )],
    )]);
    let mut env = server.login_env("chutes", "cid_test");
    env.extend([
        ("CHUTES_CLIENT_ID".into(), "cid_test".into()),
        (
            "AUTHTRAY_OAUTH_CHUTES_USERINFO_URL".into(),
            format!("{}/idp/userinfo", api.base),
        ),
    ]);
    let (child, url) = cli_login::start(&f, "chutes", &env, &[]);
    assert!(param(&url, "redirect_uri").starts_with("http://127.0.0.1:"));
    let redirect = sign_in(url.as_str());
    assert_eq!(deliver(&redirect).0, 200);
    let (code, err) = finish(child);
    assert_eq!(code, 0, "{err}");

    let saved = &store(&f)["profiles"]["chutes:ada"];
    assert_eq!(
        (
            saved["clientId"].as_str(),
            saved["accountId"].as_str(),
            saved["email"].as_str()
        ),
        (Some("cid_test"), Some("user-uuid-1"), Some("ada"))
    );
    assert!(openclaw_lists(&f, "chutes:ada"));
}

fn codex_access(email: &str) -> String {
    authtray_tests::provider::jwt(&json!({
        "https://api.openai.com/auth": {"chatgpt_account_id": "acct-dev", "chatgpt_plan_type": "plus"},
        "https://api.openai.com/profile": {"email": email},
    }))
}

#[test]
fn codex_device_auth_polls_until_approved_then_exchanges_the_servers_pkce_pair() {
    let api = Stub::start(vec![
        (
            "/deviceauth/usercode",
            vec![(
                200,
                json!({"device_auth_id": "da-1", "user_code": "WXYZ-4321", "interval": "1"}),
            )],
        ),
        (
            "/deviceauth/token",
            vec![
                (403, json!({"error": "pending"})),
                (
                    200,
                    json!({"authorization_code": "ac-1", "code_verifier": "server-verifier", "code_challenge": "cc"}),
                ),
            ],
        ),
        (
            "/oauth/token",
            vec![(
                200,
                json!({"access_token": codex_access("dev@example.test"), "refresh_token": "rt-dev", "expires_in": 864000}),
            )],
        ),
    ]);
    let f = StateFixture::new();
    f.agent("main", true);
    let out = std::process::Command::new(authtray_tests::cli_binary())
        .args([
            "login",
            "--provider",
            "openai-codex",
            "--device",
            "--no-browser",
        ])
        .envs(f.env())
        .env(
            "AUTHTRAY_OAUTH_OPENAI_CODEX_DEVICE_URL",
            format!("{}/deviceauth", api.base),
        )
        .env(
            "AUTHTRAY_OAUTH_OPENAI_CODEX_TOKEN_URL",
            format!("{}/oauth/token", api.base),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("WXYZ-4321"), "{stdout}");

    let seen = api.seen();
    assert_eq!(
        seen.iter()
            .filter(|r| r.path == "/deviceauth/token")
            .count(),
        2
    );
    assert!(
        seen.iter()
            .filter(|r| r.path.starts_with("/deviceauth"))
            .all(|r| r.header("originator") == Some("openclaw"))
    );
    let exchange = seen
        .iter()
        .find(|r| r.path == "/oauth/token")
        .expect("exchange");
    let form: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(exchange.body.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(form["code"], "ac-1");
    assert_eq!(form["code_verifier"], "server-verifier");
    assert_eq!(
        form["redirect_uri"],
        "https://auth.openai.com/deviceauth/callback"
    );
    assert!(openclaw_lists(&f, "openai-codex:dev@example.test"));

    // Not enabled for the account: a clear message, nothing saved.
    let off = Stub::start(vec![("/deviceauth/usercode", vec![(404, json!({}))])]);
    let out = f.cli_with_env(
        &[
            "login",
            "--provider",
            "openai-codex",
            "--device",
            "--no-browser",
        ],
        &[(
            "AUTHTRAY_OAUTH_OPENAI_CODEX_DEVICE_URL",
            format!("{}/deviceauth", off.base),
        )],
    );
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not enabled"));
}

#[test]
fn minimax_portal_checks_the_echoed_state_and_stores_epoch_ms() {
    let expires = authtray_core::time::now_ms() + 30 * 86_400_000;
    let api = Stub::start(vec![
        (
            "/oauth/code",
            vec![(
                200,
                json!({"user_code": "MM-777", "verification_uri": "https://www.minimax.io/verify", "expired_in": 600, "interval": 10, "state": "{{form:state}}"}),
            )],
        ),
        (
            "/oauth/token",
            vec![
                (200, json!({"status": "pending"})),
                (
                    200,
                    json!({"status": "success", "access_token": "mm-access", "refresh_token": "mm-refresh", "expired_in": expires}),
                ),
            ],
        ),
    ]);
    let f = StateFixture::new();
    f.agent("main", true);
    let out = f.cli_with_env(
        &["login", "--provider", "minimax-portal", "--no-browser"],
        &[("AUTHTRAY_OAUTH_MINIMAX_PORTAL_BASE_URL", api.base.clone())],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("MM-777") && stdout.contains("https://www.minimax.io/verify"));
    let code = &api.seen()[0];
    assert!(code.header("x-request-id").is_some());
    assert!(code.body.contains("code_challenge_method=S256"));
    let poll = api
        .seen()
        .into_iter()
        .find(|r| r.path == "/oauth/token")
        .unwrap();
    assert!(
        poll.body
            .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Auser_code")
    );
    assert!(poll.body.contains("code_verifier="));
    let saved = &store(&f)["profiles"]["minimax-portal:default"];
    assert_eq!(
        (saved["access"].as_str(), saved["expires"].as_i64()),
        (Some("mm-access"), Some(expires))
    );
    assert!(openclaw_lists(&f, "minimax-portal:default"));

    // A reply with someone else's state is never shown.
    let forged = Stub::start(vec![(
        "/oauth/code",
        vec![(
            200,
            json!({"user_code": "EVIL-1", "verification_uri": "https://evil.example", "expired_in": 600, "state": "forged"}),
        )],
    )]);
    let out = f.cli_with_env(
        &["login", "--provider", "minimax-portal", "--no-browser"],
        &[(
            "AUTHTRAY_OAUTH_MINIMAX_PORTAL_BASE_URL",
            forged.base.clone(),
        )],
    );
    assert_eq!(out.status.code(), Some(64));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("EVIL-1"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CSRF"));
    assert_eq!(forged.seen().len(), 1, "no poll after a forged state");
}
