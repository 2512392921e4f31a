//! A token → its JWT claims, and the OpenAI identity read from them.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    let _ = authtray_core::oauth::jwt::claims(token);
    let _ = authtray_core::providers::openai_codex::identity(token);
});
