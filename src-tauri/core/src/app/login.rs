//! Logging in, for both front ends: `begin` checks the agent and the
//! provider before anything opens, starts a browser login (PKCE, the
//! loopback listener bound first, raced by a paste box) or a code login,
//! and says what to show; `finish` waits for it and saves the credential
//! through the store's write path — or hands back a [`Pending`] login when
//! it would replace another account's profile, to be confirmed or dropped.

use super::save::{Saved, save_profile};
use super::{AppError, InputError};
use crate::install::{AgentRef, Install};
use crate::oauth::client::RedirectLogin;
use crate::oauth::login::{Attempt, PasteBox, Progress};
use crate::paths::Env;
use crate::providers::code_login::CodeLogin;
use crate::providers::{self, Browser, LoggedIn, WhoLoggedIn};
use crate::store::{NewCredential, normalize_provider};
use crate::time::now_ms;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How to log in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The browser when the provider has a browser login, else its code login.
    Auto,
    Browser,
    /// A code typed on the provider's page (a browser on another machine).
    Code,
}

#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub provider: &'a str,
    pub agent: Option<&'a str>,
    /// Save under this id (a Reconnect) instead of the login's own.
    pub profile_id: Option<&'a str>,
    pub method: Method,
    /// Replace a profile of another account without asking.
    pub replace: bool,
    pub timeout: Duration,
}

/// What the user is shown while the login waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prompt {
    Browser {
        authorize_url: String,
        /// `None`: every callback port was busy; the paste box is the way in.
        port: Option<u16>,
        busy_note: Option<String>,
    },
    Code {
        user_code: String,
        verification_uri: String,
    },
}

enum Run {
    Browser(Box<BrowserRun>),
    Code(Box<dyn CodeLogin>),
}

struct BrowserRun {
    attempt: Attempt,
    client: RedirectLogin,
    browser: Browser,
}

/// A login under way.
pub struct Started {
    /// The agent it is saved to; `None` for a login saved elsewhere.
    pub agent: Option<AgentRef>,
    pub provider: String,
    pub prompt: Prompt,
    profile_id: Option<String>,
    replace: bool,
    timeout: Duration,
    control: Control,
    run: Run,
}

/// Feeds or cancels a running login from another thread.
#[derive(Clone)]
pub struct Control {
    paste: Option<PasteBox>,
    stop: Arc<AtomicBool>,
}

impl Control {
    /// Whether the login takes a pasted redirect URL or code.
    pub fn takes_paste(&self) -> bool {
        self.paste.is_some()
    }

    /// A pasted redirect URL or code; `false` when this login takes none.
    pub fn paste(&self, text: impl Into<String>) -> bool {
        match &self.paste {
            Some(p) => {
                p.paste(text);
                true
            }
            None => false,
        }
    }

    pub fn cancel(&self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(p) = &self.paste {
            p.cancel();
        }
    }
}

/// How a login ended.
#[derive(Debug)]
pub enum Finished {
    Saved(LoginSaved),
    /// The login is another account's than the profile it would replace.
    NeedsConfirmation(Pending),
}

#[derive(Debug)]
pub struct LoginSaved {
    pub saved: Saved,
    pub who: WhoLoggedIn,
}

/// A finished login waiting for "replace the other account?".
#[derive(Debug)]
pub struct Pending {
    agent: AgentRef,
    pub profile_id: String,
    credential: NewCredential,
    pub who: WhoLoggedIn,
    /// Why it waits, in words.
    pub message: String,
}

impl Pending {
    /// Replaces the other account's profile with this login.
    pub fn confirm(self, install: &mut Install) -> Result<LoginSaved, AppError> {
        let saved = save_profile(
            install,
            &self.agent,
            &self.profile_id,
            self.credential,
            true,
            now_ms(),
        )?;
        Ok(LoginSaved {
            saved,
            who: self.who,
        })
    }
}

/// Starts a login: the agent and provider are checked first, so nothing
/// opens for a login that could not be saved.
pub fn begin(install: &Install, req: Request<'_>) -> Result<Started, AppError> {
    let agent = install.agent(req.agent)?;
    start(install.env(), Some(agent), req)
}

/// Starts a login whose credential is saved elsewhere (an install on
/// another machine, which has checked the agent itself): the browser and
/// the loopback listener are on this machine, the store is not.
pub fn begin_elsewhere(env: &Env, req: Request<'_>) -> Result<Started, AppError> {
    start(env, None, req)
}

fn start(env: &Env, agent: Option<AgentRef>, req: Request<'_>) -> Result<Started, AppError> {
    let provider = normalize_provider(req.provider);
    let p = providers::get(&provider).ok_or_else(|| InputError::NoLogin {
        provider: provider.clone(),
        method: "browser or code",
        has_other: false,
    })?;
    if p.methods().is_empty() {
        return Err(InputError::Retired {
            provider,
            note: p.note.unwrap_or("it is legacy"),
        }
        .into());
    }
    let use_code = match req.method {
        Method::Auto => p.browser.is_none(),
        Method::Browser => false,
        Method::Code => true,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let (prompt, run, paste) = match (use_code, p.browser, p.code) {
        (false, Some(browser), _) => {
            let client = p.browser_client(env).expect("has a browser login");
            let attempt = Attempt::start(client.clone(), req.timeout)?;
            let prompt = Prompt::Browser {
                authorize_url: attempt.authorize_url(),
                port: attempt.port(),
                busy_note: attempt.busy_note().map(str::to_owned),
            };
            let paste = attempt.paste_box();
            let run = Run::Browser(Box::new(BrowserRun {
                attempt,
                client,
                browser,
            }));
            (prompt, run, Some(paste))
        }
        (true, _, Some(start)) => {
            let login = start(env)?;
            let prompt = Prompt::Code {
                user_code: login.user_code().to_owned(),
                verification_uri: login.verification_uri().to_owned(),
            };
            (prompt, Run::Code(login), None)
        }
        (code, browser, other) => {
            return Err(InputError::NoLogin {
                provider,
                method: if code { "code" } else { "browser" },
                has_other: browser.is_some() || other.is_some(),
            }
            .into());
        }
    };
    Ok(Started {
        agent,
        provider,
        prompt,
        profile_id: req.profile_id.map(str::to_owned),
        replace: req.replace,
        timeout: req.timeout,
        control: Control { paste, stop },
        run,
    })
}

/// A login's provider and default id as the install's era names them.
fn in_era(install: &Install, mut logged: LoggedIn) -> LoggedIn {
    let format = install.format();
    if format.is_sqlite() {
        let mut raw = logged.credential.into_json();
        let provider = format.provider_id(raw["provider"].as_str().unwrap_or_default());
        raw["provider"] = serde_json::json!(provider);
        logged.credential = NewCredential::new(raw);
        logged.profile_id = format.profile_id(&logged.profile_id);
    }
    logged
}

impl Started {
    pub fn control(&self) -> Control {
        self.control.clone()
    }

    /// Waits for the login to be approved, then saves it.
    pub fn finish(
        self,
        install: &mut Install,
        progress: impl FnMut(Progress),
    ) -> Result<Finished, AppError> {
        let agent = self
            .agent
            .clone()
            .expect("finish: a login begun for this install");
        let (profile_id, replace) = (self.profile_id.clone(), self.replace);
        let logged = self.wait(install.env(), progress)?;
        save_login(install, &agent, profile_id.as_deref(), logged, replace)
    }

    /// Waits for the login to be approved and returns what it would save,
    /// without saving it (a login saved elsewhere; [`Started::finish`]).
    pub fn wait(self, env: &Env, progress: impl FnMut(Progress)) -> Result<LoggedIn, AppError> {
        Ok(match self.run {
            Run::Browser(run) => {
                let tokens = run.attempt.finish(progress)?;
                (run.browser.logged_in)(&run.client, &tokens, env, now_ms())?
            }
            Run::Code(login) => {
                let give_up = Instant::now() + self.timeout;
                let stop = self.control.stop.clone();
                let mut wait = |d: Duration| {
                    let until = Instant::now() + d;
                    while Instant::now() < until {
                        if stop.load(Ordering::SeqCst) {
                            return false;
                        }
                        std::thread::sleep(Duration::from_millis(100).min(d));
                    }
                    !stop.load(Ordering::SeqCst) && Instant::now() < give_up
                };
                login.finish(&mut wait, now_ms)?
            }
        })
    }
}

/// Saves a finished login to `agent` of this install, under `profile_id`
/// or the login's own id as the install's era names it — or hands it back
/// as [`Pending`] when it would replace another account's profile.
pub fn save_login(
    install: &mut Install,
    agent: &AgentRef,
    profile_id: Option<&str>,
    logged: LoggedIn,
    replace: bool,
) -> Result<Finished, AppError> {
    let logged = in_era(install, logged);
    let profile_id = profile_id.map_or(logged.profile_id, str::to_owned);
    let saved = save_profile(
        install,
        agent,
        &profile_id,
        logged.credential.clone(),
        replace,
        now_ms(),
    );
    match saved {
        Ok(saved) => Ok(Finished::Saved(LoginSaved {
            saved,
            who: logged.who,
        })),
        Err(AppError::OtherAccount(e)) => Ok(Finished::NeedsConfirmation(Pending {
            agent: agent.clone(),
            profile_id,
            credential: logged.credential,
            who: logged.who,
            message: e.to_string(),
        })),
        Err(e) => Err(e),
    }
}
