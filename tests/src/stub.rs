//! A stand-in provider endpoint on 127.0.0.1: answers each request with the
//! next of its replies (the last one repeating) and records each request's
//! head and body, so a test can tell what was asked, with which headers, how often.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

type Answer = Box<dyn Fn(&str) -> Option<(u16, String)> + Send>;

pub struct Stub {
    pub url: String,
    requests: Arc<Mutex<Vec<String>>>,
    replies: Arc<Mutex<Vec<(u16, String)>>>,
}

impl Stub {
    pub fn start(replies: Vec<(u16, String)>) -> Self {
        Self::serve(replies, Box::new(|_| None))
    }

    /// Answers each request with the body of the first token its
    /// `Authorization` header carries (any scheme), else HTTP 500: one
    /// account's usage per access token.
    pub fn per_token(bodies: Vec<(&str, String)>) -> Self {
        let bodies: Vec<(String, String)> = bodies
            .into_iter()
            .map(|(t, b)| (t.to_ascii_lowercase(), b))
            .collect();
        Self::serve(
            vec![(500, String::new())],
            Box::new(move |head| {
                let head = head.to_ascii_lowercase();
                let auth = head.lines().find(|l| l.starts_with("authorization:"))?;
                bodies
                    .iter()
                    .find(|(token, _)| auth.trim_end().ends_with(&format!(" {token}")))
                    .map(|(_, body)| (200, body.clone()))
            }),
        )
    }

    /// Answers from `by_head` (given the request's head) where it answers,
    /// else from `replies`.
    pub fn serve(replies: Vec<(u16, String)>, by_head: Answer) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind stub");
        let url = format!("http://{}/usage", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let replies = Arc::new(Mutex::new(replies));
        let (seen, answers) = (requests.clone(), replies.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut head = String::new();
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    head.push_str(&line);
                }
                let length = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap_or(0))
                    })
                    .unwrap_or(0);
                let mut body = vec![0; length];
                let _ = std::io::Read::read_exact(&mut reader, &mut body);
                head.push_str(&String::from_utf8_lossy(&body));
                let (status, body) = by_head(&head).unwrap_or_else(|| {
                    let mut r = answers.lock().unwrap();
                    if r.len() > 1 {
                        r.remove(0)
                    } else {
                        r[0].clone()
                    }
                });
                seen.lock().unwrap().push(head);
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Self {
            url,
            requests,
            replies,
        }
    }

    /// The heads of the requests so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// Replaces what it answers from now on.
    pub fn answer(&self, replies: Vec<(u16, String)>) {
        *self.replies.lock().unwrap() = replies;
    }
}
