//! Pasted text → the paste parser under each provider's state policy.
#![no_main]
use authtray_core::oauth::paste::{StatePolicy, accept, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = parse(text);
    for policy in [StatePolicy::BareCodeAllowed, StatePolicy::SubstituteExpected, StatePolicy::FullUrlOnly] {
        let _ = accept(text, "expected-state", policy);
    }
});
