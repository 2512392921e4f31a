//! A CLI's login file → each external reader (Claude Code, Codex CLI,
//! MiniMax CLI, Gemini CLI).
#![no_main]
use authtray_core::external::{Source, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for source in Source::ALL {
        let _ = parse(source, data, std::path::Path::new("/nonexistent/auth.json"));
    }
});
