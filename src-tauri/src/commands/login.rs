//! Logins from the window: start (the system browser opens, never a
//! webview), paste at any time, cancel at every step, confirm replacing a
//! profile of another account. Progress arrives as `login-progress` events.

use crate::AppEnv;
use crate::commands::store_for;
use crate::error::{ErrorCode, WireError};
use authtray_core::oauth::login::{Attempt, PasteBox, Progress};
use authtray_core::providers::code_login;
use authtray_core::providers::credential_from_login;
use authtray_core::providers::registry::redirect_login;
use authtray_core::save::{SaveError, save_profile};
use authtray_core::store::normalize_provider;
use authtray_core::time::now_ms;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Runtime, State};
use ts_rs::TS;

/// A login under way: a browser login takes pastes; a code login only stops.
enum Running {
    Browser(PasteBox),
    Code(Arc<AtomicBool>),
}

impl Running {
    fn cancel(&self) {
        match self {
            Running::Browser(paste) => paste.cancel(),
            Running::Code(stop) => stop.store(true, Ordering::SeqCst),
        }
    }
}

/// Logins under way, and credentials waiting for "replace the other account?".
#[derive(Default)]
pub struct Logins {
    next: AtomicU64,
    running: Mutex<HashMap<u64, Running>>,
    pending: Mutex<HashMap<u64, (String, String, Value)>>,
}

impl Logins {
    /// Cancels every login (app exit): their listeners close, polls stop.
    pub fn cancel_all(&self) {
        for (_, login) in self.running.lock().expect("logins").drain() {
            login.cancel();
        }
    }

    fn start(&self, login: Running) -> u64 {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        self.running.lock().expect("logins").insert(id, login);
        id
    }
}

fn finished<R: Runtime>(app: &AppHandle<R>, id: u64) {
    if let Some(logins) = tauri::Manager::try_state::<Logins>(app) {
        logins.running.lock().expect("logins").remove(&id);
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CodeLoginStarted {
    #[ts(type = "number")]
    pub attempt_id: u64,
    pub user_code: String,
    pub verification_uri: String,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginStarted {
    #[ts(type = "number")]
    pub attempt_id: u64,
    pub authorize_url: String,
    /// `null`: every callback port was busy; the paste box is the way in.
    pub port: Option<u16>,
    pub busy_note: Option<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "step"
)]
pub enum LoginProgress {
    Exchanging {
        #[ts(type = "number")]
        attempt_id: u64,
    },
    PasteRejected {
        #[ts(type = "number")]
        attempt_id: u64,
        message: String,
    },
    /// The login belongs to another account than the profile it would replace.
    NeedsConfirmation {
        #[ts(type = "number")]
        attempt_id: u64,
        profile_id: String,
        message: String,
    },
    Saved {
        #[ts(type = "number")]
        attempt_id: u64,
        profile_id: String,
        email: Option<String>,
        account: Option<String>,
        plan: Option<String>,
    },
    Failed {
        #[ts(type = "number")]
        attempt_id: u64,
        message: String,
    },
}

fn emit<R: Runtime>(app: &AppHandle<R>, p: LoginProgress) {
    let _ = app.emit("login-progress", p);
}

/// Starts a browser login for `provider`, saving into `agent_id`'s store
/// under `profile_id` (Reconnect of an existing profile) or OpenClaw's
/// default id for the login.
#[tauri::command]
pub fn start_login<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    logins: State<'_, Logins>,
    provider: String,
    agent_id: String,
    open_browser: bool,
    profile_id: Option<String>,
) -> Result<LoginStarted, WireError> {
    let provider = normalize_provider(&provider);
    let login = redirect_login(&provider, &env.0).ok_or_else(|| {
        WireError::new(
            ErrorCode::InvalidInput,
            format!("{provider} has no browser login; add an API key or paste a token instead"),
        )
    })?;
    let attempt = Attempt::start(login.clone(), Duration::from_secs(600)).map_err(|e| {
        let code = match e {
            authtray_core::oauth::login::LoginError::Setup(_) => ErrorCode::InvalidInput,
            _ => ErrorCode::Unavailable,
        };
        WireError::new(code, e.to_string())
    })?;
    let id = logins.start(Running::Browser(attempt.paste_box()));
    let started = LoginStarted {
        attempt_id: id,
        authorize_url: attempt.authorize_url(),
        port: attempt.port(),
        busy_note: attempt.busy_note().map(str::to_owned),
    };
    if open_browser {
        use tauri_plugin_opener::OpenerExt;
        if let Err(e) = app.opener().open_url(&started.authorize_url, None::<&str>) {
            emit(
                &app,
                LoginProgress::PasteRejected {
                    attempt_id: id,
                    message: format!("could not open the browser ({e}); copy the link instead"),
                },
            );
        }
    }
    let env = env.0.clone();
    std::thread::spawn(move || {
        let progress_app = app.clone();
        let result = attempt.finish(|p| match p {
            Progress::Exchanging => {
                emit(&progress_app, LoginProgress::Exchanging { attempt_id: id })
            }
            Progress::PasteRejected(e) => emit(
                &progress_app,
                LoginProgress::PasteRejected {
                    attempt_id: id,
                    message: e.to_string(),
                },
            ),
        });
        let outcome = result
            .map_err(|e| e.to_string())
            .and_then(|tokens| credential_from_login(&login, &tokens, &env, now_ms()));
        conclude(&app, &env, id, &agent_id, profile_id, outcome);
    });
    Ok(started)
}

/// Starts a code login (GitHub Copilot, MiniMax portal, OpenAI Codex device
/// auth): the provider's page opens in the system browser, the user types
/// the code shown; progress comes as `login-progress` like a browser login.
#[tauri::command]
pub fn start_code_login<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    logins: State<'_, Logins>,
    provider: String,
    agent_id: String,
    open_browser: bool,
    profile_id: Option<String>,
) -> Result<CodeLoginStarted, WireError> {
    let provider = normalize_provider(&provider);
    let login = code_login::start(&provider, &env.0)
        .ok_or_else(|| {
            WireError::new(
                ErrorCode::InvalidInput,
                format!("{provider} has no code login; use the browser, an API key or a token"),
            )
        })?
        .map_err(|e| WireError::new(ErrorCode::Unavailable, e))?;
    let stop = Arc::new(AtomicBool::new(false));
    let id = logins.start(Running::Code(stop.clone()));
    let started = CodeLoginStarted {
        attempt_id: id,
        user_code: login.user_code().to_owned(),
        verification_uri: login.verification_uri().to_owned(),
    };
    if open_browser {
        use tauri_plugin_opener::OpenerExt;
        let _ = app
            .opener()
            .open_url(&started.verification_uri, None::<&str>);
    }
    let env = env.0.clone();
    std::thread::spawn(move || {
        let mut wait = |d: Duration| {
            let until = std::time::Instant::now() + d;
            while std::time::Instant::now() < until {
                if stop.load(Ordering::SeqCst) {
                    return false;
                }
                std::thread::sleep(Duration::from_millis(100).min(d));
            }
            !stop.load(Ordering::SeqCst)
        };
        let outcome = login.finish(&mut wait, now_ms);
        conclude(&app, &env, id, &agent_id, profile_id, outcome);
    });
    Ok(started)
}

/// Ends a login of either kind: saves what it produced (into `profile_id`
/// for a Reconnect, else the login's own id) or reports why it failed.
fn conclude<R: Runtime>(
    app: &AppHandle<R>,
    env: &authtray_core::Env,
    id: u64,
    agent: &str,
    profile_id: Option<String>,
    outcome: Result<(String, Value, authtray_core::providers::WhoLoggedIn), String>,
) {
    finished(app, id);
    match outcome {
        Ok((default_id, credential, who)) => {
            let target = profile_id.unwrap_or(default_id);
            save(app, env, id, agent, target, credential, false, who)
        }
        Err(message) => emit(
            app,
            LoginProgress::Failed {
                attempt_id: id,
                message,
            },
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn save<R: Runtime>(
    app: &AppHandle<R>,
    env: &authtray_core::Env,
    id: u64,
    agent: &str,
    profile_id: String,
    credential: Value,
    replace: bool,
    who: authtray_core::providers::WhoLoggedIn,
) {
    let (ctx, mut config, dir) = match store_for(env, agent) {
        Ok(found) => found,
        Err(e) => {
            return emit(
                app,
                LoginProgress::Failed {
                    attempt_id: id,
                    message: e.message,
                },
            );
        }
    };
    match save_profile(
        &ctx,
        &mut config,
        &dir,
        &profile_id,
        credential.clone(),
        replace,
        now_ms(),
    ) {
        Ok(saved) => emit(
            app,
            LoginProgress::Saved {
                attempt_id: id,
                profile_id: saved.profile_id,
                email: who.email,
                account: who.account,
                plan: who.plan,
            },
        ),
        Err(e @ SaveError::OtherAccount { .. }) => {
            if let Some(logins) = tauri::Manager::try_state::<Logins>(app) {
                logins
                    .pending
                    .lock()
                    .expect("logins")
                    .insert(id, (agent.to_owned(), profile_id.clone(), credential));
            }
            emit(
                app,
                LoginProgress::NeedsConfirmation {
                    attempt_id: id,
                    profile_id,
                    message: e.to_string(),
                },
            );
        }
        Err(e) => emit(
            app,
            LoginProgress::Failed {
                attempt_id: id,
                message: e.to_string(),
            },
        ),
    }
}

/// Pastes a redirect URL or code into a running login.
#[tauri::command]
pub fn paste_login(
    logins: State<'_, Logins>,
    attempt_id: u64,
    text: String,
) -> Result<(), WireError> {
    let running = logins.running.lock().expect("logins");
    match running.get(&attempt_id) {
        Some(Running::Browser(paste)) => {
            paste.paste(text);
            Ok(())
        }
        Some(Running::Code(_)) => Err(WireError::new(
            ErrorCode::InvalidInput,
            "this login waits for the code to be entered on the provider's page; nothing to paste",
        )),
        None => Err(WireError::new(
            ErrorCode::NotFound,
            "this login has already ended; start it again",
        )),
    }
}

/// Cancels a running login, or drops one waiting for confirmation.
#[tauri::command]
pub fn cancel_login(logins: State<'_, Logins>, attempt_id: u64) {
    if let Some(login) = logins.running.lock().expect("logins").remove(&attempt_id) {
        login.cancel();
    }
    logins.pending.lock().expect("logins").remove(&attempt_id);
}

/// Replaces the other account's profile with the login waiting for it.
#[tauri::command]
pub fn confirm_login<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    logins: State<'_, Logins>,
    attempt_id: u64,
) -> Result<(), WireError> {
    let (agent, profile_id, credential) = logins
        .pending
        .lock()
        .expect("logins")
        .remove(&attempt_id)
        .ok_or_else(|| {
            WireError::new(
                ErrorCode::NotFound,
                "nothing is waiting for confirmation; start the login again",
            )
        })?;
    let who = authtray_core::providers::WhoLoggedIn {
        email: credential
            .get("email")
            .and_then(Value::as_str)
            .map(str::to_owned),
        account: credential
            .get("accountId")
            .and_then(Value::as_str)
            .map(str::to_owned),
        plan: credential
            .get("chatgptPlanType")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    save(
        &app, &env.0, attempt_id, &agent, profile_id, credential, true, who,
    );
    Ok(())
}
