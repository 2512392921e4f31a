//! Logins from the window: start (the system browser opens, never a
//! webview), paste at any time, cancel at every step, confirm replacing a
//! profile of another account. The agent and provider are checked before
//! anything opens (`app::login::begin`); progress arrives as
//! `login-progress` events.

use crate::AppEnv;
use crate::commands::install;
use crate::error::{ErrorCode, WireError};
use authtray_core::app::AppError;
use authtray_core::app::login::{self, Control, Finished, LoginSaved, Method, Pending, Prompt};
use authtray_core::oauth::login::Progress;
use authtray_core::remote::Host;
use authtray_core::remote::login::{LoggedThere, RemoteLogin};
use authtray_core::remote::protocol::Place;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use tauri_specta::Event;

/// How long a login from the window waits for the browser or the code.
const TIMEOUT: Duration = Duration::from_secs(600);

/// Logins under way, and logins waiting for "replace the other account?".
#[derive(Default)]
pub struct Logins {
    next: AtomicU64,
    running: Mutex<HashMap<u64, Control>>,
    pending: Mutex<HashMap<u64, Waiting>>,
}

/// A finished login waiting for "replace the other account?".
enum Waiting {
    Here(Pending),
    There(LoggedThere),
}

impl Logins {
    /// Cancels every login (app exit): their listeners close, polls stop.
    pub fn cancel_all(&self) {
        for (_, login) in self.running.lock().expect("logins").drain() {
            login.cancel();
        }
    }

    fn start(&self, control: Control) -> u64 {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        self.running.lock().expect("logins").insert(id, control);
        id
    }
}

/// What a started login shows: a link to open (and a callback port, or
/// the paste box only), or a code to type on the provider's page.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum LoginStarted {
    Browser {
        attempt_id: u64,
        authorize_url: String,
        /// `null`: every callback port was busy; the paste box is the way in.
        port: Option<u16>,
        busy_note: Option<String>,
        /// The system browser was opened on the link (else: copy it).
        browser_opened: bool,
    },
    Code {
        attempt_id: u64,
        user_code: String,
        verification_uri: String,
    },
}

#[derive(Clone, Debug, Serialize, specta::Type, tauri_specta::Event)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "step"
)]
pub enum LoginProgress {
    Exchanging {
        attempt_id: u64,
    },
    PasteRejected {
        attempt_id: u64,
        message: String,
    },
    /// The login belongs to another account than the profile it would replace.
    NeedsConfirmation {
        attempt_id: u64,
        profile_id: String,
        message: String,
    },
    Saved {
        attempt_id: u64,
        profile_id: String,
        email: Option<String>,
        account: Option<String>,
        plan: Option<String>,
    },
    Failed {
        attempt_id: u64,
        message: String,
    },
}

fn emit<R: Runtime>(app: &AppHandle<R>, p: LoginProgress) {
    let _ = p.emit(app);
}

fn progress<R: Runtime>(app: &AppHandle<R>, id: u64) -> impl FnMut(Progress) + use<R> {
    let app = app.clone();
    move |p| {
        emit(
            &app,
            match p {
                Progress::Exchanging => LoginProgress::Exchanging { attempt_id: id },
                Progress::PasteRejected(e) => LoginProgress::PasteRejected {
                    attempt_id: id,
                    message: e.to_string(),
                },
            },
        )
    }
}

/// Checks and starts a login; the login then runs on its own thread. For
/// an install on `host` the agent is checked there first, the browser and
/// listener are here, and the login is saved there.
fn begin<R: Runtime>(
    app: &AppHandle<R>,
    env: &AppEnv,
    logins: &Logins,
    host: Option<String>,
    request: login::Request<'_>,
) -> Result<(u64, Prompt), WireError> {
    if let Some(host) = host {
        return begin_there(app, env, logins, &host, request);
    }
    let started = login::begin(&install(env), request)?;
    let prompt = started.prompt.clone();
    let id = logins.start(started.control());
    let (app, env) = (app.clone(), AppEnv(env.0.clone()));
    std::thread::spawn(move || {
        let mut install = install(&env);
        let finished = started.finish(&mut install, progress(&app, id));
        if let Some(logins) = app.try_state::<Logins>() {
            logins.running.lock().expect("logins").remove(&id);
        }
        conclude(&app, id, finished);
    });
    Ok((id, prompt))
}

fn begin_there<R: Runtime>(
    app: &AppHandle<R>,
    env: &AppEnv,
    logins: &Logins,
    host: &str,
    request: login::Request<'_>,
) -> Result<(u64, Prompt), WireError> {
    let local = install(env);
    let host = Host::new(local.env(), host, local.data_dir())?;
    let begun = RemoteLogin::begin(host, Place::default(), local.env(), request)?;
    let prompt = begun.started.prompt.clone();
    let id = logins.start(begun.started.control());
    let (app, env) = (app.clone(), env.0.clone());
    std::thread::spawn(move || {
        let logged = begun.wait(&env, progress(&app, id));
        if let Some(logins) = app.try_state::<Logins>() {
            logins.running.lock().expect("logins").remove(&id);
        }
        match logged {
            Ok(there) => save_there(&app, id, there, false),
            Err(e) => emit(
                &app,
                LoginProgress::Failed {
                    attempt_id: id,
                    message: e.to_string(),
                },
            ),
        }
    });
    Ok((id, prompt))
}

/// Saves a login finished here into the install on its host.
fn save_there<R: Runtime>(app: &AppHandle<R>, id: u64, there: LoggedThere, replace: bool) {
    let stored = match there.save(replace) {
        Ok(stored) => stored,
        Err(e) => {
            return emit(
                app,
                LoginProgress::Failed {
                    attempt_id: id,
                    message: e.to_string(),
                },
            );
        }
    };
    if let Some(message) = stored.needs_confirmation {
        if let Some(logins) = app.try_state::<Logins>() {
            let mut pending = logins.pending.lock().expect("logins");
            pending.insert(id, Waiting::There(there));
        }
        return emit(
            app,
            LoginProgress::NeedsConfirmation {
                attempt_id: id,
                profile_id: stored.profile_id,
                message,
            },
        );
    }
    let who = there.logged.who;
    emit(
        app,
        LoginProgress::Saved {
            attempt_id: id,
            profile_id: stored.profile_id,
            email: who.email,
            account: who.account,
            plan: who.plan,
        },
    );
}

/// Tells the window how a login ended; keeps one that waits for confirmation.
fn conclude<R: Runtime>(app: &AppHandle<R>, id: u64, finished: Result<Finished, AppError>) {
    match finished {
        Ok(Finished::Saved(done)) => saved(app, id, done),
        Ok(Finished::NeedsConfirmation(pending)) => {
            let (profile_id, message) = (pending.profile_id.clone(), pending.message.clone());
            if let Some(logins) = app.try_state::<Logins>() {
                let mut waiting = logins.pending.lock().expect("logins");
                waiting.insert(id, Waiting::Here(pending));
            }
            emit(
                app,
                LoginProgress::NeedsConfirmation {
                    attempt_id: id,
                    profile_id,
                    message,
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

fn saved<R: Runtime>(app: &AppHandle<R>, id: u64, done: LoginSaved) {
    emit(
        app,
        LoginProgress::Saved {
            attempt_id: id,
            profile_id: done.saved.profile_id,
            email: done.who.email,
            account: done.who.account,
            plan: done.who.plan,
        },
    );
}

fn request<'a>(
    provider: &'a str,
    agent_id: &'a str,
    profile_id: Option<&'a str>,
    method: Method,
) -> login::Request<'a> {
    login::Request {
        provider,
        agent: Some(agent_id),
        profile_id,
        method,
        replace: false,
        timeout: TIMEOUT,
    }
}

/// Starts a login for `provider` the way `method` says (`browser`: PKCE
/// with a loopback callback, raced by the paste box; `code`: a code typed
/// on the provider's page — GitHub Copilot, MiniMax portal, OpenAI Codex
/// device auth; `auto`: the browser where the provider has one), saving
/// into `agent_id`'s store under `profile_id` (Reconnect of an existing
/// profile) or OpenClaw's default id for the login. The system browser
/// opens on the link or the code page when `open_browser`; progress comes
/// as `LoginProgress` events.
#[tauri::command]
#[specta::specta]
#[expect(
    clippy::too_many_arguments,
    reason = "a command's arguments are its IPC fields"
)]
pub fn start_login<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    logins: State<'_, Logins>,
    host: Option<String>,
    provider: String,
    agent_id: String,
    method: Method,
    open_browser: bool,
    profile_id: Option<String>,
) -> Result<LoginStarted, WireError> {
    let req = request(&provider, &agent_id, profile_id.as_deref(), method);
    let (attempt_id, prompt) = begin(&app, &env, &logins, host, req)?;
    let open = |url: &str| open_browser && app.opener().open_url(url, None::<&str>).is_ok();
    Ok(match prompt {
        Prompt::Browser {
            authorize_url,
            port,
            busy_note,
        } => LoginStarted::Browser {
            attempt_id,
            browser_opened: open(&authorize_url),
            authorize_url,
            port,
            busy_note,
        },
        Prompt::Code {
            user_code,
            verification_uri,
        } => {
            open(&verification_uri);
            LoginStarted::Code {
                attempt_id,
                user_code,
                verification_uri,
            }
        }
    })
}

/// Pastes a redirect URL or code into a running login.
#[tauri::command]
#[specta::specta]
pub fn paste_login(
    logins: State<'_, Logins>,
    attempt_id: u64,
    text: String,
) -> Result<(), WireError> {
    let running = logins.running.lock().expect("logins");
    match running.get(&attempt_id) {
        Some(control) if control.paste(text) => Ok(()),
        Some(_) => Err(WireError::new(
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
#[specta::specta]
pub fn cancel_login(logins: State<'_, Logins>, attempt_id: u64) {
    if let Some(login) = logins.running.lock().expect("logins").remove(&attempt_id) {
        login.cancel();
    }
    logins.pending.lock().expect("logins").remove(&attempt_id);
}

/// Replaces the other account's profile with the login waiting for it.
#[tauri::command]
#[specta::specta]
pub fn confirm_login<R: Runtime>(
    app: AppHandle<R>,
    env: State<'_, AppEnv>,
    logins: State<'_, Logins>,
    attempt_id: u64,
) -> Result<(), WireError> {
    let pending = logins
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
    match pending {
        Waiting::Here(pending) => {
            let confirmed = pending.confirm(&mut install(&env)).map(Finished::Saved);
            conclude(&app, attempt_id, confirmed);
        }
        Waiting::There(there) => save_there(&app, attempt_id, there, true),
    }
    Ok(())
}
