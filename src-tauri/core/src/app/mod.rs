//! The use cases both front ends call: the window's commands and
//! `authtray-cli` are a few lines each around these. Every function takes
//! an opened [`Install`](crate::install::Install), returns typed results and
//! prints nothing; every error is an [`AppError`] that knows its code.

pub mod agents;
mod error;
pub mod login;
pub mod monitor;
pub mod ops;
pub mod order;
pub mod profiles;
pub mod refresh;
mod save;
pub mod secrets;
pub mod status;
pub mod upgrade;
pub mod usage;

pub use error::{AppError, InputError, OrderProblem};
pub use save::{OtherAccount, Saved, save_profile};
