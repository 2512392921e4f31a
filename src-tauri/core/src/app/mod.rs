//! The use cases both front ends call: the window's commands and
//! `authtray-cli` are a few lines each around these. Every function takes
//! an opened [`Install`](crate::install::Install), returns typed results and
//! prints nothing; every error is an [`AppError`] that knows its code.

pub mod agents;
pub mod delegate;
mod error;
pub mod login;
pub mod monitor;
pub mod operation;
pub mod ops;
pub mod order;
pub mod profiles;
pub mod refresh;
pub mod removal;
mod save;
pub mod secrets;
pub mod status;
pub mod untried;
pub mod upgrade;
pub mod usage;

pub use error::{AppError, InputError, OrderProblem};
pub use operation::OperationError;

/// Opens the install `env` and `options` point at, and first finishes (or
/// takes back) an operation a crashed Authtray process left on it. Every
/// front end opens installs this way.
pub fn open(env: crate::paths::Env, options: crate::install::Options) -> crate::install::Install {
    let mut install = crate::install::Install::open(env, options);
    operation::recover(&mut install);
    install
}
pub use save::{OtherAccount, Saved, save_profile};
