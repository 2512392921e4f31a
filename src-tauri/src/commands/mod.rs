//! Thin adapters from IPC to `authtray_core::app`, one file per domain:
//! open the install, call the use case, `?`. Background work (logins,
//! refresh) runs off the IPC thread; the decisions are core's.

pub mod agents;
pub mod copy;
pub mod health;
pub mod login;
pub mod order;
pub mod profiles;
pub mod refresh;
pub mod settings;

use crate::AppEnv;
use authtray_core::install::{Install, Options};
use authtray_core::settings::Preferences;

/// The install the app manages, opened for one command (its config read now).
pub(crate) fn install(env: &AppEnv) -> Install {
    Install::open(env.0.clone(), Options::default())
}

/// The user's preferences (warning window, refresh settings).
pub(crate) fn preferences(install: &Install) -> Preferences {
    Preferences::load(install.data_dir())
}
