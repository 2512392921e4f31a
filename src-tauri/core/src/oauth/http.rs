//! The HTTP client logins use: rustls, no redirects (a token endpoint that
//! redirects is misconfigured or hostile), bounded time, and errors without
//! URLs (they may carry codes).

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("cannot reach the provider: {0}")]
    Network(String),
}

/// A reply: status and body, whatever the status.
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

fn client() -> Result<reqwest::blocking::Client, HttpError> {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("authtray/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| HttpError::Network(e.without_url().to_string()))
}

fn send(request: reqwest::blocking::RequestBuilder) -> Result<Reply, HttpError> {
    let response = request
        .send()
        .map_err(|e| HttpError::Network(e.without_url().to_string()))?;
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .map_err(|e| HttpError::Network(e.without_url().to_string()))?
        .to_vec();
    Ok(Reply { status, body })
}

/// `POST` an `application/x-www-form-urlencoded` body.
pub fn post_form(url: &str, fields: &[(&str, &str)]) -> Result<Reply, HttpError> {
    post_form_with(url, fields, &[])
}

/// `POST` a form with extra headers.
pub fn post_form_with(
    url: &str,
    fields: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Result<Reply, HttpError> {
    let mut request = client()?
        .post(url)
        .header("Accept", "application/json")
        .form(fields);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    send(request)
}

/// `POST` a JSON body.
pub fn post_json(url: &str, body: &serde_json::Value) -> Result<Reply, HttpError> {
    post_json_with(url, body, &[])
}

/// `POST` a JSON body with extra headers (e.g. `Authorization`).
pub fn post_json_with(
    url: &str,
    body: &serde_json::Value,
    headers: &[(&str, &str)],
) -> Result<Reply, HttpError> {
    let mut request = client()?
        .post(url)
        .header("Accept", "application/json")
        .json(body);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    send(request)
}

/// `GET` with extra headers.
pub fn get(url: &str, headers: &[(&str, &str)]) -> Result<Reply, HttpError> {
    let mut request = client()?.get(url).header("Accept", "application/json");
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    send(request)
}

impl crate::error::Classify for HttpError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Network(_) => crate::error::ErrorCode::Unavailable,
        }
    }
}
