//! The paste box that races the loopback callback (`oauth-providers.md` §3):
//! a full redirect URL, a scheme-less one, `code#state`, a query string, or
//! a bare code — parsed, then checked against the attempt's `state`.

use super::pkce::states_match;
use crate::secret::Secret;

/// What a paste contained.
#[derive(Debug, PartialEq, Eq)]
pub struct Pasted {
    pub code: Secret,
    pub state: Option<String>,
    /// It was a full URL carrying both `code` and `state`.
    pub full_url: bool,
}

/// How a provider treats a paste without `state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatePolicy {
    /// A bare code is fine (OpenAI Codex).
    BareCodeAllowed,
    /// A bare code gets the expected state (Anthropic, whose page shows `code#state`).
    SubstituteExpected,
    /// Only a full redirect URL with both `code` and `state` (Gemini CLI, Chutes).
    FullUrlOnly,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasteError {
    #[error("nothing was pasted")]
    Empty,
    #[error("the pasted text has no authorization code")]
    NoCode,
    #[error(
        "the pasted link belongs to another login attempt (state mismatch); start the login again or paste the newest link"
    )]
    StateMismatch,
    #[error(
        "paste the full redirect URL from the browser's address bar (it contains both code and state)"
    )]
    FullUrlRequired,
    #[error("the login page reported an error: {0}")]
    Denied(String),
}

/// Parses a paste (pi-ai's `parseAuthorizationInput` plus Authtray's
/// improvements: quotes stripped, scheme-less URLs, one percent-decoding).
pub fn parse(input: &str) -> Result<Pasted, PasteError> {
    let text = input
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '<' || c == '>')
        .trim();
    if text.is_empty() {
        return Err(PasteError::Empty);
    }
    let from_query = |query: &str, full_url: bool| -> Result<Pasted, PasteError> {
        let params = super::Query::parse(query);
        let get = |k: &str| params.get(k);
        if let Some(error) = get("error") {
            return Err(PasteError::Denied(error));
        }
        let code = get("code").ok_or(PasteError::NoCode)?;
        let state = get("state");
        Ok(Pasted {
            full_url: full_url && state.is_some(),
            code: Secret::new(code),
            state,
        })
    };
    if let Ok(u) = url::Url::parse(text)
        && u.has_host()
    {
        return from_query(u.query().unwrap_or(""), true);
    }
    if let Some((_, query)) = text.split_once('?') {
        return from_query(query.split('#').next().unwrap_or(query), true);
    }
    if let Some((code, state)) = text.split_once('#') {
        let code = code.trim();
        if code.is_empty() {
            return Err(PasteError::NoCode);
        }
        return Ok(Pasted {
            code: Secret::new(code),
            state: Some(state.trim().to_owned()).filter(|s| !s.is_empty()),
            full_url: false,
        });
    }
    if text.contains("code=") {
        return from_query(text, false);
    }
    Ok(Pasted {
        code: Secret::new(text),
        state: None,
        full_url: false,
    })
}

/// Checks a paste against the attempt: returns the code and the state to send.
pub fn accept(
    input: &str,
    expected_state: &str,
    policy: StatePolicy,
) -> Result<(Secret, String), PasteError> {
    let pasted = parse(input)?;
    if policy == StatePolicy::FullUrlOnly && !pasted.full_url {
        return Err(PasteError::FullUrlRequired);
    }
    match pasted.state {
        Some(state) if states_match(expected_state, &state) => Ok((pasted.code, state)),
        Some(_) => Err(PasteError::StateMismatch),
        None => Ok((pasted.code, expected_state.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "st4te";

    fn ok(input: &str, policy: StatePolicy) -> String {
        accept(input, STATE, policy).unwrap().0.expose().to_owned()
    }

    #[test]
    fn every_shape_is_parsed() {
        let any = StatePolicy::BareCodeAllowed;
        assert_eq!(
            ok(
                "http://localhost:1455/auth/callback?code=abc&state=st4te",
                any
            ),
            "abc"
        );
        assert_eq!(
            ok(
                "  'localhost:1455/auth/callback?code=a%2Bb&state=st4te'  ",
                any
            ),
            "a+b"
        );
        assert_eq!(ok("abc#st4te", any), "abc");
        assert_eq!(ok("code=abc&state=st4te", any), "abc");
        assert_eq!(ok("abc", any), "abc");
        assert_eq!(ok("abc", StatePolicy::SubstituteExpected), "abc");
        assert_eq!(
            accept("abc", STATE, StatePolicy::SubstituteExpected)
                .unwrap()
                .1,
            STATE
        );
    }

    #[test]
    fn wrong_or_missing_state_and_errors_are_refused() {
        let any = StatePolicy::BareCodeAllowed;
        assert_eq!(
            accept("http://localhost/cb?code=abc&state=other", STATE, any).unwrap_err(),
            PasteError::StateMismatch
        );
        assert_eq!(
            accept("abc#other", STATE, any).unwrap_err(),
            PasteError::StateMismatch
        );
        assert_eq!(accept("   ", STATE, any).unwrap_err(), PasteError::Empty);
        assert_eq!(
            accept("http://localhost/cb?state=st4te", STATE, any).unwrap_err(),
            PasteError::NoCode
        );
        assert_eq!(
            accept(
                "http://localhost/cb?error=access_denied&state=st4te",
                STATE,
                any
            )
            .unwrap_err(),
            PasteError::Denied("access_denied".into())
        );
        assert_eq!(
            accept("abc#st4te", STATE, StatePolicy::FullUrlOnly).unwrap_err(),
            PasteError::FullUrlRequired
        );
        assert_eq!(
            ok(
                "http://localhost:8085/oauth2callback?code=abc&state=st4te",
                StatePolicy::FullUrlOnly
            ),
            "abc"
        );
    }
}
