//! A stand-in OAuth token endpoint on 127.0.0.1 for login tests: answers
//! every request with OpenAI-Codex-shaped tokens and records the bodies.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

pub fn jwt(claims: &Value) -> String {
    format!(
        "eyJhbGciOiJub25lIn0.{}.sig",
        b64url(&serde_json::to_vec(claims).unwrap())
    )
}

/// Reads one HTTP request from `stream` and returns its body.
pub fn read_request_body(stream: &std::net::TcpStream) -> String {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    String::from_utf8_lossy(&body).into_owned()
}

/// A token endpoint that records every request body.
pub struct TokenEndpoint {
    pub port: u16,
    pub bodies: Arc<Mutex<Vec<String>>>,
}

impl TokenEndpoint {
    pub fn start(account: &str, email: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let (seen, access) = (
            bodies.clone(),
            jwt(&json!({
                "https://api.openai.com/auth": {"chatgpt_account_id": account, "chatgpt_plan_type": "plus"},
                "https://api.openai.com/profile": {"email": email}
            })),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let body = read_request_body(&stream);
                seen.lock().unwrap().push(body);
                let reply = json!({"access_token": access, "refresh_token": "rt-1", "expires_in": 172800, "id_token": "idt"}).to_string();
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                    reply.len()
                );
            }
        });
        Self { port, bodies }
    }
}

/// One request a [`Stub`] received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A provider API on 127.0.0.1 answering by path: each route replies with
/// its next canned `(status, JSON)` (the last one repeats); others get 404.
/// A reply's `"{{form:NAME}}"` becomes the request's form field NAME (to
/// echo a `state`). Every request is recorded.
pub struct Stub {
    pub base: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Stub {
    pub fn start(routes: Vec<(&'static str, Vec<(u16, Value)>)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let mut routes: Vec<(&str, std::collections::VecDeque<(u16, Value)>)> =
            routes.into_iter().map(|(p, r)| (p, r.into())).collect();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap_or(0);
                let mut parts = line.split_whitespace();
                let (method, path) = (
                    parts.next().unwrap_or("").to_owned(),
                    parts.next().unwrap_or("").to_owned(),
                );
                let mut headers = Vec::new();
                let mut length = 0;
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                    if let Some((k, v)) = h.trim_end().split_once(':') {
                        if k.eq_ignore_ascii_case("content-length") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                        headers.push((k.to_owned(), v.trim().to_owned()));
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let route = routes
                    .iter_mut()
                    .find(|(p, _)| path.split('?').next() == Some(*p));
                let (status, reply) = match route {
                    Some((_, replies)) if replies.len() > 1 => replies.pop_front().unwrap(),
                    Some((_, replies)) => replies.front().cloned().unwrap_or((404, Value::Null)),
                    None => (404, json!({"error": "not_found"})),
                };
                log.lock().unwrap().push(Seen {
                    method,
                    path,
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                let mut reply = reply.to_string();
                for (k, v) in url::form_urlencoded::parse(&body) {
                    reply = reply.replace(&format!("{{{{form:{k}}}}}"), &v);
                }
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                    reply.len()
                );
            }
        });
        Self { base, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}
