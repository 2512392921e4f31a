//! Google Gemini CLI (Cloud Code Assist), `oauth-providers.md` §6: the
//! installed-app client, offline access with a consent prompt, the e-mail
//! from userinfo, and the Code Assist project (found, or onboarded).

use super::{LoggedIn, WhoLoggedIn};
use crate::oauth::client::{RedirectLogin, TokenEncoding};
use crate::oauth::http;
use crate::oauth::login::LoginError;
use crate::oauth::paste::StatePolicy;
use crate::oauth::token::Tokens;
use crate::paths::Env;
use crate::store::NewCredential;
use crate::time::{EpochMs, MINUTE};
use serde_json::{Value, json};
use std::time::Duration;

pub const PROVIDER: &str = "google-gemini-cli";
/// Published in Google's open-source Gemini CLI (installed-app client, not confidential).
const CLIENT_ID: &str = "681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com";
const CLIENT_SECRET: &str = "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";
const CODE_ASSIST: [&str; 3] = [
    "https://cloudcode-pa.googleapis.com",
    "https://daily-cloudcode-pa.sandbox.googleapis.com",
    "https://autopush-cloudcode-pa.sandbox.googleapis.com",
];
const USER_AGENT: &str = "google-api-nodejs-client/9.15.1";
const METADATA: [(&str, &str); 3] = [
    ("ideType", "IDE_UNSPECIFIED"),
    ("platform", "PLATFORM_UNSPECIFIED"),
    ("pluginType", "GEMINI"),
];

/// OpenClaw's resolution order for the client (the installed `gemini`
/// CLI's own bundle is not searched: the published constants are its values).
fn client_pair(env: &Env) -> (String, String) {
    let pair = |id: &str, secret: &str| {
        env.var(id)
            .map(|i| (i.to_owned(), env.var(secret).unwrap_or_default().to_owned()))
    };
    pair(
        "OPENCLAW_GEMINI_OAUTH_CLIENT_ID",
        "OPENCLAW_GEMINI_OAUTH_CLIENT_SECRET",
    )
    .or_else(|| {
        pair(
            "GEMINI_CLI_OAUTH_CLIENT_ID",
            "GEMINI_CLI_OAUTH_CLIENT_SECRET",
        )
    })
    .unwrap_or_else(|| (CLIENT_ID.into(), CLIENT_SECRET.into()))
}

pub fn client(env: &Env) -> RedirectLogin {
    let (client_id, secret) = client_pair(env);
    RedirectLogin {
        provider: PROVIDER,
        client_id,
        client_secret: Some(secret).filter(|s| !s.is_empty()),
        missing_client: None,
        authorize_url: "https://accounts.google.com/o/oauth2/v2/auth".into(),
        token_url: "https://oauth2.googleapis.com/token".into(),
        userinfo_url: Some("https://www.googleapis.com/oauth2/v1/userinfo?alt=json".into()),
        scope: "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile".into(),
        host: "localhost".into(),
        ports: vec![8085],
        path: "/oauth2callback".into(),
        encoding: TokenEncoding::Form,
        require_refresh: true,
        extra_params: &[("access_type", "offline"), ("prompt", "consent")],
        leading_params: &[],
        state_is_verifier: false,
        paste: StatePolicy::FullUrlOnly,
        expiry_margin_ms: 5 * MINUTE,
    }
}

/// `~/.gemini/settings.json` (or `GOOGLE_GENAI_USE_GCA=true`) selects
/// personal OAuth: then no project is looked for.
fn personal_oauth(env: &Env) -> bool {
    if env.var("GOOGLE_GENAI_USE_GCA") == Some("true") {
        return true;
    }
    let Ok(text) = std::fs::read_to_string(env.user_home().join(".gemini/settings.json")) else {
        return false;
    };
    let Ok(v) = serde_json::from_str::<Value>(&text) else {
        return false;
    };
    let auth = &v["security"]["auth"];
    [
        &auth["selectedType"],
        &auth["enforcedType"],
        &v["selectedAuthType"],
        &v["enforcedAuthType"],
    ]
    .into_iter()
    .find_map(Value::as_str)
        == Some("oauth-personal")
}

/// Where the Code Assist API is tried, in order
/// (`AUTHTRAY_OAUTH_GOOGLE_GEMINI_CLI_CODE_ASSIST_URL` replaces the list).
pub fn code_assist_endpoints(env: &Env) -> Vec<String> {
    env.var("AUTHTRAY_OAUTH_GOOGLE_GEMINI_CLI_CODE_ASSIST_URL")
        .map(|u| vec![u.trim_end_matches('/').to_owned()])
        .unwrap_or_else(|| CODE_ASSIST.iter().map(|s| (*s).to_owned()).collect())
}

/// The e-mail of the Google account, when userinfo answers.
pub fn email(login: &RedirectLogin, access: &str) -> Option<String> {
    let url = login.userinfo_url.as_deref()?;
    let reply = http::get(url, &[("Authorization", &format!("Bearer {access}"))]).ok()?;
    if !(200..300).contains(&reply.status) {
        return None;
    }
    let v: Value = serde_json::from_slice(&reply.body).ok()?;
    v["email"].as_str().map(str::to_owned)
}

/// The Cloud Code Assist project of the account: none for personal OAuth,
/// else the current tier's project or a fresh onboarding (§6.5).
pub fn discover_project(
    access: &str,
    env: &Env,
    endpoints: &[String],
    poll_every: Duration,
) -> Result<Option<String>, String> {
    if personal_oauth(env) {
        return Ok(None);
    }
    let env_project = env
        .var("GOOGLE_CLOUD_PROJECT")
        .or_else(|| env.var("GOOGLE_CLOUD_PROJECT_ID"))
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    let metadata = |project: Option<&str>| {
        let mut m: serde_json::Map<String, Value> = METADATA
            .iter()
            .map(|(k, v)| ((*k).into(), json!(v)))
            .collect();
        if let Some(p) = project {
            m.insert("duetProject".into(), json!(p));
        }
        Value::Object(m)
    };
    let bearer = format!("Bearer {access}");
    let client_metadata = json!(
        METADATA
            .iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v)))
            .collect::<serde_json::Map<_, _>>()
    )
    .to_string();
    let headers = [
        ("Authorization", bearer.as_str()),
        ("User-Agent", USER_AGENT),
        ("X-Goog-Api-Client", "gl-node/22.0.0"),
        ("Client-Metadata", client_metadata.as_str()),
    ];
    let mut load_body = json!({"metadata": metadata(env_project.as_deref())});
    if let Some(p) = &env_project {
        load_body["cloudaicompanionProject"] = json!(p);
    }

    let mut loaded = None;
    for endpoint in endpoints {
        let Ok(reply) = http::post_json_with(
            &format!("{endpoint}/v1internal:loadCodeAssist"),
            &load_body,
            &headers,
        ) else {
            continue;
        };
        let body: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
        if (200..300).contains(&reply.status) {
            loaded = Some((endpoint.clone(), body));
            break;
        }
        let vpc_sc = body["error"]["details"]
            .as_array()
            .is_some_and(|d| d.iter().any(|x| x["reason"] == "SECURITY_POLICY_VIOLATED"));
        if vpc_sc {
            loaded = Some((
                endpoint.clone(),
                json!({"currentTier": {"id": "standard-tier"}}),
            ));
            break;
        }
    }
    let Some((endpoint, load)) = loaded else {
        return env_project.map(Some).ok_or_else(|| {
            "Cloud Code Assist did not answer; set GOOGLE_CLOUD_PROJECT and try again".to_owned()
        });
    };
    let need_project =
        || "This account requires GOOGLE_CLOUD_PROJECT or GOOGLE_CLOUD_PROJECT_ID".to_owned();
    let project_of = |v: &Value| {
        v.as_str()
            .or_else(|| v["id"].as_str())
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
    };
    if !load["currentTier"].is_null() {
        return project_of(&load["cloudaicompanionProject"])
            .or(env_project)
            .map(Some)
            .ok_or_else(need_project);
    }

    let tier = load["allowedTiers"]
        .as_array()
        .and_then(|t| t.iter().find(|x| x["isDefault"] == true))
        .and_then(|t| t["id"].as_str())
        .unwrap_or("legacy-tier")
        .to_owned();
    let free = tier == "free-tier";
    if !free && env_project.is_none() {
        return Err(need_project());
    }
    let mut onboard = json!({"tierId": tier, "metadata": metadata(if free { None } else { env_project.as_deref() })});
    if !free {
        onboard["cloudaicompanionProject"] = json!(env_project);
    }
    let reply = http::post_json_with(
        &format!("{endpoint}/v1internal:onboardUser"),
        &onboard,
        &headers,
    )
    .map_err(|e| e.to_string())?;
    if !(200..300).contains(&reply.status) {
        return Err(format!(
            "Cloud Code Assist onboarding failed (HTTP {})",
            reply.status
        ));
    }
    let mut op: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    for _ in 0..24 {
        if op["done"] == true {
            break;
        }
        let Some(name) = op["name"].as_str().map(str::to_owned) else {
            break;
        };
        std::thread::sleep(poll_every);
        let reply = http::get(&format!("{endpoint}/v1internal/{name}"), &headers)
            .map_err(|e| e.to_string())?;
        op = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    }
    project_of(&op["response"]["cloudaicompanionProject"])
        .or(env_project)
        .map(Some)
        .ok_or_else(|| {
            "Cloud Code Assist onboarding gave no project; set GOOGLE_CLOUD_PROJECT".into()
        })
}

/// A finished login: the e-mail from userinfo and the Code Assist project.
pub fn logged_in(
    client: &RedirectLogin,
    tokens: &Tokens,
    env: &Env,
    now: EpochMs,
) -> Result<LoggedIn, LoginError> {
    let access = tokens.access.expose();
    let email = email(client, access);
    let project = discover_project(
        access,
        env,
        &code_assist_endpoints(env),
        Duration::from_secs(5),
    )
    .map_err(LoginError::Provider)?;
    Ok(LoggedIn {
        profile_id: profile_id(email.as_deref()),
        credential: NewCredential::new(credential(
            tokens,
            email.as_deref(),
            project.as_deref(),
            now,
        )),
        who: WhoLoggedIn {
            email,
            account: project.map(|p| format!("project {p}")),
            plan: None,
        },
    })
}

/// `google-gemini-cli:<email>`, else `google-gemini-cli:default`.
pub fn profile_id(email: Option<&str>) -> String {
    format!("{PROVIDER}:{}", email.unwrap_or("default"))
}

/// `{type, provider, access, refresh, expires (− 5 min), email?, projectId?}`.
pub fn credential(
    tokens: &Tokens,
    email: Option<&str>,
    project: Option<&str>,
    now: EpochMs,
) -> Value {
    let mut c = super::oauth_credential(PROVIDER, tokens, super::expiry_with_margin(tokens, now));
    if let Some(e) = email {
        c["email"] = json!(e);
    }
    if let Some(p) = project {
        c["projectId"] = json!(p);
    }
    c
}
