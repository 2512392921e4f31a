//! The pieces of a browser login (`oauth-providers.md` §1–3): PKCE and
//! `state`, the loopback callback server, and the paste parser that races it.

pub mod callback;
pub mod device;
pub mod http;
pub mod jwt;
pub mod login;
pub mod paste;
pub mod pkce;
pub mod token;
