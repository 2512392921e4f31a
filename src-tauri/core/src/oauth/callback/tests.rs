//! The callback server against hostile and ordinary clients, on real sockets.

use super::*;

const STATE: &str = "the-expected-state";

fn config(timeout_ms: u64) -> CallbackConfig {
    CallbackConfig {
        ports: vec![0],
        path: "/auth/callback".into(),
        expected_state: STATE.into(),
        timeout: Duration::from_millis(timeout_ms),
    }
}

/// Sends raw bytes, returns the response text.
fn send(port: u16, raw: &str) -> String {
    let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

fn get(port: u16, target: &str) -> String {
    send(
        port,
        &format!("GET {target} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"),
    )
}

fn status(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn running(timeout_ms: u64) -> (u16, std::thread::JoinHandle<Outcome>, Canceller) {
    let cb = listen(config(timeout_ms)).expect("bind");
    let (port, canceller) = (cb.port(), cb.canceller());
    assert_eq!(
        cb.redirect_uri("localhost"),
        format!("http://localhost:{port}/auth/callback")
    );
    (port, std::thread::spawn(move || cb.wait()), canceller)
}

#[test]
fn a_valid_callback_ends_the_attempt_and_closes_the_port() {
    let (port, waiter, _) = running(10_000);
    let reply = get(port, &format!("/auth/callback?code=c0de%2B1&state={STATE}"));
    assert_eq!(status(&reply), 200);
    assert!(reply.contains("Cache-Control: no-store") && reply.contains("Connection: close"));
    assert_eq!(
        waiter.join().unwrap(),
        Outcome::Code {
            code: Secret::new("c0de+1"),
            state: STATE.into()
        }
    );
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err(),
        "a second callback finds nobody listening"
    );
}

#[test]
fn hostile_requests_never_end_the_attempt_or_yield_a_code() {
    let (port, waiter, _) = running(20_000);
    assert_eq!(
        status(&get(port, "/auth/callback?code=x&state=wrong")),
        400,
        "wrong state"
    );
    assert_eq!(
        status(&get(port, "/auth/callback?code=x")),
        400,
        "missing state"
    );
    assert_eq!(
        status(&get(port, &format!("/auth/callback?state={STATE}"))),
        400,
        "missing code"
    );
    assert_eq!(status(&get(port, "/favicon.ico")), 404, "other paths");
    assert_eq!(
        status(&get(
            port,
            &format!("/auth/callback/../x?code=x&state={STATE}")
        )),
        404
    );
    assert_eq!(
        status(&get(port, "/auth/callback?error=access_denied&state=other")),
        400,
        "another attempt's error"
    );
    let post = send(
        port,
        &format!(
            "POST /auth/callback?code=x&state={STATE} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
        ),
    );
    assert_eq!(status(&post), 405);
    let rebinding = send(
        port,
        &format!(
            "GET /auth/callback?code=x&state={STATE} HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n"
        ),
    );
    assert_eq!(
        status(&rebinding),
        400,
        "DNS rebinding: foreign Host header"
    );
    let huge = format!(
        "GET /auth/callback?code={} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(status(&send(port, &huge)), 431, "oversized request");
    // A client that connects and never sends is dropped after READ_TIMEOUT.
    let silent = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
    let reflected = get(
        port,
        &format!("/auth/callback?code=%3Cscript%3Ealert(1)%3C/script%3E&state={STATE}"),
    );
    drop(silent);
    assert_eq!(
        status(&reflected),
        200,
        "the real callback still gets through"
    );
    assert!(
        !reflected.contains("<script>alert"),
        "the page never reflects input"
    );
    match waiter.join().unwrap() {
        Outcome::Code { code, .. } => assert_eq!(code.expose(), "<script>alert(1)</script>"),
        other => panic!("expected the code, got {other:?}"),
    }
}

#[test]
fn an_error_parameter_ends_the_attempt_as_denied() {
    let (port, waiter, _) = running(10_000);
    let reply = get(
        port,
        &format!("/auth/callback?error=access_denied&error_description=%3Cb%3E&state={STATE}"),
    );
    assert_eq!(status(&reply), 400);
    assert!(!reply.contains("<b>"));
    assert_eq!(
        waiter.join().unwrap(),
        Outcome::Denied {
            error: "access_denied".into()
        }
    );
}

#[test]
fn timeout_cancel_and_the_cancel_route() {
    let (_, waiter, _) = running(200);
    assert_eq!(waiter.join().unwrap(), Outcome::TimedOut);
    let (_, waiter, canceller) = running(10_000);
    canceller.cancel();
    assert_eq!(waiter.join().unwrap(), Outcome::Cancelled);
    let (port, waiter, _) = running(10_000);
    assert!(get(port, "/cancel").contains("X-Authtray-Login: cancelled"));
    assert_eq!(waiter.join().unwrap(), Outcome::Cancelled);
}

#[test]
fn a_port_held_by_our_own_earlier_listener_is_taken_over() {
    let first = listen(config(10_000)).unwrap();
    let port = first.port();
    let old = std::thread::spawn(move || first.wait());
    let second = listen(CallbackConfig {
        ports: vec![port],
        ..config(10_000)
    })
    .expect("took the port over");
    assert_eq!(second.port(), port);
    assert_eq!(old.join().unwrap(), Outcome::Cancelled);
    second.canceller().cancel();
    assert_eq!(second.wait(), Outcome::Cancelled);
}

#[test]
fn a_port_held_by_another_program_falls_back_then_reports_busy() {
    let other = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let busy = other.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in other.incoming().flatten() {
            drop(s); // answers nothing useful
        }
    });
    let fallback = listen(CallbackConfig {
        ports: vec![busy, 0],
        ..config(10_000)
    })
    .expect("fell back");
    assert_ne!(fallback.port(), busy);
    fallback.canceller().cancel();
    fallback.wait();
    let err = listen(CallbackConfig {
        ports: vec![busy],
        ..config(10_000)
    })
    .err()
    .expect("busy");
    // The holder is named (here: this test process) where /proc shows it.
    let holder =
        crate::oauth::port_owner::port_owner(busy).unwrap_or_else(|| "another program".into());
    assert!(
        cfg!(not(target_os = "linux")) || holder.contains(&format!("pid {}", std::process::id()))
    );
    assert_eq!(
        err.to_string(),
        format!(
            "port {busy} on 127.0.0.1 is in use by {holder}; finish with the paste box instead"
        )
    );
}
