//! The command layer on Tauri's mock runtime: real commands, real managed
//! state, the app's real capabilities (ACL) — no window system needed. One
//! test binary, a module per area (`cargo test -p authtray --test commands -- login::`).

mod boundary;
mod cli_logins;
mod common;
mod login;
mod order;
mod profiles;
mod refresh_race;
mod wire_errors;
