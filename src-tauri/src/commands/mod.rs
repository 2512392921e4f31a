//! Thin adapters from IPC to `authtray_core::app`, one file per domain:
//! open the install, call the use case, `?`. Background work (logins,
//! refresh) runs off the IPC thread; the decisions are core's.

pub mod agents;
pub mod copy;
pub mod health;
pub mod installs;
pub mod login;
pub mod order;
pub mod profiles;
pub mod refresh;
pub mod settings;

use crate::AppEnv;
use crate::error::{ErrorCode, WireError};
use authtray_core::app::ops::{At, Verb};
use authtray_core::install::{Install, Options};
use authtray_core::remote::Host;
use authtray_core::remote::protocol::Place;
use authtray_core::time::now_ms;

/// The window's commands (`window_commands!`) and the events the page is
/// told, as the generated client declares them.
pub fn typed<R: tauri::Runtime>(commands: tauri_specta::Commands<R>) -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(commands)
        .events(tauri_specta::collect_events![
            crate::events::InstallChanged,
            crate::events::ExternalLoginsChanged,
            crate::events::FocusRequested,
            login::LoginProgress,
        ])
        // Commands reject with a `WireError`; `api.ts` makes it an ApiError.
        .error_handling(tauri_specta::ErrorHandlingMode::Throw)
        // One type per Rust type (what is sent and what is read are the same shape).
        .disable_serde_phases()
        // Epoch milliseconds and attempt ids stay far below 2^53.
        .dangerously_cast_bigints_to_number()
}

/// The install the app manages, opened for one command (its config read now).
pub(crate) fn install(env: &AppEnv) -> Install {
    authtray_core::app::open(env.0.clone(), Options::default())
}

/// Performs one of the window's verbs on the install it names: this
/// machine's (`host: None`) or the one on `host`, over the user's ssh,
/// where `authtray-cli serve` performs the very same verb. A verb may ask a
/// provider over HTTP (usage): it runs on a thread of its own, as core's
/// blocking HTTP client must not run on the async runtime's threads.
pub(crate) fn perform<V: Verb + Send>(
    env: &AppEnv,
    host: Option<&str>,
    verb: V,
) -> Result<V::Answer, WireError>
where
    V::Answer: Send,
{
    let mut install = install(env);
    let warn_ms = install.warn_ms();
    match host {
        None => std::thread::scope(|s| {
            s.spawn(|| {
                verb.perform(
                    &mut install,
                    At {
                        now: now_ms(),
                        warn_ms,
                    },
                )
            })
            .join()
            .map_err(|_| WireError::new(ErrorCode::Internal, "the command failed"))?
            .map_err(WireError::from)
        }),
        Some(h) => {
            let host = Host::new(install.env(), h, install.data_dir())?;
            Ok(host.connect()?.perform(Place::default(), verb, warn_ms)?)
        }
    }
}

/// Refuses, for an install on another host, what the window does only
/// on this machine, saying what to run instead.
pub(crate) fn here_only(host: &Option<String>, what: &str, cli: &str) -> Result<(), WireError> {
    match host {
        None => Ok(()),
        Some(h) => Err(WireError::new(
            ErrorCode::InvalidInput,
            format!(
                "{what} is done on this computer's install only; for {h} run `authtray-cli --host {h} {cli}`"
            ),
        )),
    }
}
