//! `authtray-cli serve --stdio`: the far side of an install on another
//! machine. Another host's Authtray runs it over ssh and speaks
//! `authtray_core::remote::protocol` on stdin/stdout: every command it asks
//! for runs here, through this machine's engine, lock protocol and era
//! detection. One answer per line; a line that is not a request gets an
//! error with id 0; the server ends at EOF.

use super::session::Io;
use authtray_core::Env;
use authtray_core::app::AppError;
use authtray_core::app::login::{self, Finished};
use authtray_core::app::ops;
use authtray_core::error::{Classify, ErrorCode, Failure};
use authtray_core::install::{Install, Options};
use authtray_core::remote::protocol::{
    AgentFound, AgentQuery, AppCall, Hello, LoginStored, LoginToSave, PROTOCOL, Place, Ran,
    Request, Response, Run,
};
use authtray_core::time::now_ms;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Speak the protocol on stdin/stdout (the only transport)
    #[arg(long, required = true)]
    stdio: bool,
}

pub fn run(_: ServeArgs, env: Env, io: &mut Io<'_>) -> i32 {
    if send(io, &Hello::ours()).is_err() {
        return 1;
    }
    let mut line = String::new();
    loop {
        line.clear();
        match io.input.read_line(&mut line) {
            Ok(0) | Err(_) => return 0,
            Ok(_) if line.trim().is_empty() => continue,
            Ok(_) => {}
        }
        let response = answer(&env, line.trim_end());
        if send(io, &response).is_err() {
            return 1;
        }
    }
}

fn send(io: &mut Io<'_>, message: &impl Serialize) -> std::io::Result<()> {
    let text = serde_json::to_string(message).expect("protocol types serialise");
    writeln!(io.out, "{text}")?;
    io.out.flush()
}

fn failure(code: ErrorCode, message: impl Into<String>) -> Failure {
    Failure::new(code, message)
}

fn answer(env: &Env, line: &str) -> Response {
    let request: Request = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            return Response {
                id: 0,
                result: None,
                error: Some(failure(
                    ErrorCode::InvalidInput,
                    format!("not a request ({e})"),
                )),
            };
        }
    };
    let result = if request.v != PROTOCOL {
        Err(failure(
            ErrorCode::InvalidInput,
            format!(
                "protocol {} asked; this authtray-cli ({}) speaks {PROTOCOL}",
                request.v,
                env!("CARGO_PKG_VERSION")
            ),
        ))
    } else {
        match request.method.as_str() {
            "run" => with(request.params, |r: Run| run_command(env, r)),
            "agent" => with(request.params, |q: AgentQuery| agent(env, q)),
            "save_login" => with(request.params, |l: LoginToSave| save_login(env, l)),
            "app" => with(request.params, |c: AppCall| {
                ops::perform(&mut open(env, c.place), c.op, now_ms(), c.warn_ms)
            }),
            other => Err(failure(
                ErrorCode::NotFound,
                format!(
                    "no method {other:?} in this authtray-cli ({})",
                    env!("CARGO_PKG_VERSION")
                ),
            )),
        }
    };
    match result {
        Ok(value) => Response {
            id: request.id,
            result: Some(value),
            error: None,
        },
        Err(e) => Response {
            id: request.id,
            result: None,
            error: Some(e),
        },
    }
}

fn with<P: DeserializeOwned, R: Serialize>(
    params: Value,
    f: impl FnOnce(P) -> Result<R, Failure>,
) -> Result<Value, Failure> {
    let p = serde_json::from_value(params)
        .map_err(|e| failure(ErrorCode::InvalidInput, format!("bad params ({e})")))?;
    Ok(serde_json::to_value(f(p)?).expect("protocol types serialise"))
}

fn app_failure(e: impl Into<AppError>) -> Failure {
    let e = e.into();
    failure(e.code(), e.to_string())
}

fn open(env: &Env, place: Place) -> Install {
    authtray_core::app::open(
        env.clone(),
        Options {
            state_dir: place.state_dir.map(PathBuf::from),
            lock_timeout: place.lock_timeout.map(Duration::from_secs),
        },
    )
}

/// What a far host may not ask this one to run: a login (its browser and
/// listener belong on the asking machine), another server, another hop.
fn refused(args: &[String]) -> Option<&'static str> {
    let parsed = <super::Cli as clap::Parser>::try_parse_from(
        std::iter::once("authtray-cli".to_owned()).chain(args.iter().cloned()),
    )
    .ok()?;
    match parsed.command {
        _ if parsed.host.is_some() || parsed.install_cli => {
            Some("--host and --install-cli are not taken over a connection")
        }
        Some(super::Command::Login(_)) => Some(
            "a login is started on the machine with the browser (`authtray-cli --host … login`), not run here",
        ),
        Some(super::Command::Serve(_)) => Some("serve is not run inside serve"),
        _ => None,
    }
}

fn run_command(env: &Env, r: Run) -> Result<Ran, Failure> {
    if let Some(why) = refused(&r.args) {
        return Err(failure(ErrorCode::InvalidInput, why));
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let stdin = r.stdin.unwrap_or_default();
    let exit = {
        let mut io = Io {
            input: Box::new(std::io::Cursor::new(stdin.into_bytes())),
            out: &mut out,
            err: &mut err,
            input_is_terminal: false,
        };
        super::run(
            std::iter::once("authtray-cli".into()).chain(r.args.into_iter().map(Into::into)),
            env.clone(),
            &mut io,
        )
    };
    Ok(Ran {
        exit,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    })
}

fn agent(env: &Env, q: AgentQuery) -> Result<AgentFound, Failure> {
    let install = open(env, q.place);
    let agent = install.agent(q.agent.as_deref()).map_err(app_failure)?;
    Ok(AgentFound {
        id: agent.id,
        format: install.store().describe(),
        state_dir: install.state().path.display().to_string(),
    })
}

fn save_login(env: &Env, l: LoginToSave) -> Result<LoginStored, Failure> {
    let mut install = open(env, l.place);
    let agent = install.agent(l.agent.as_deref()).map_err(app_failure)?;
    let finished = login::save_login(
        &mut install,
        &agent,
        l.profile_id.as_deref(),
        l.login.into(),
        l.replace,
    )
    .map_err(app_failure)?;
    let notes = install.notes();
    Ok(match finished {
        Finished::Saved(done) => LoginStored {
            profile_id: done.saved.profile_id,
            store_path: done.saved.store_path.display().to_string(),
            config_updated: done.saved.config_updated,
            config_backup: done.saved.config_backup.map(|p| p.display().to_string()),
            needs_confirmation: None,
            notes,
        },
        Finished::NeedsConfirmation(pending) => LoginStored {
            profile_id: pending.profile_id,
            store_path: String::new(),
            config_updated: false,
            config_backup: None,
            needs_confirmation: Some(pending.message),
            notes,
        },
    })
}
