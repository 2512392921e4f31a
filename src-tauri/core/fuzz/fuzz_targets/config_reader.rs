//! `openclaw.json` text (JSON5) → the config reader and what is read from it.
#![no_main]
use authtray_core::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(config) = Config::parse(std::path::Path::new("openclaw.json"), text) {
        let _ = config.agents();
        let _ = config.default_agent();
        let _ = config.auth_order("anthropic");
    }
});
