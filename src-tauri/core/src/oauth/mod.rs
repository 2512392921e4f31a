//! The pieces of a browser login (`oauth-providers.md` §1–3): PKCE and
//! `state`, the loopback callback server, and the paste parser that races it.

pub mod callback;
pub mod client;
pub mod device;
pub mod http;
pub mod jwt;
pub mod login;
pub mod paste;
pub mod pkce;
pub mod port_owner;
pub mod token;

/// The decoded, non-empty query parameters of a callback or pasted URL.
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    pub(crate) fn parse(query: &str) -> Self {
        Self(
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        )
    }

    pub(crate) fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}
