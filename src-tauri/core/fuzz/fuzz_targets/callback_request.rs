//! A request head sent to the login callback → the answer. Whatever comes
//! in, the page is one of the static ones and a code is only ever returned
//! with the expected state.
#![no_main]
use authtray_core::oauth::callback::{CallbackConfig, Outcome, answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(head) = std::str::from_utf8(data) else { return };
    let config = CallbackConfig {
        ports: vec![1455],
        path: "/auth/callback".into(),
        expected_state: "expected-state-value".into(),
        timeout: std::time::Duration::from_secs(1),
    };
    let a = answer(head, &config, 1455);
    assert!(!a.body.contains("expected-state-value"));
    if let Some(Outcome::Code { state, .. }) = &a.outcome {
        assert_eq!(state, "expected-state-value");
        // The request really carried it: some `state` parameter of the
        // target decodes to the expected value.
        let target = head.lines().next().unwrap_or("").split(' ').nth(1).unwrap_or("");
        let query = target.split_once('?').map_or("", |(_, q)| q);
        assert!(
            url::form_urlencoded::parse(query.as_bytes())
                .any(|(k, v)| k == "state" && v == "expected-state-value")
        );
    }
});
