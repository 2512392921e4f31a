//! States made once per test binary by the real OpenClaw, copied into each
//! test (`StateFixture::copy_of`): OpenClaw takes seconds a command.

use crate::{OpenClaw, StateFixture};
use std::sync::OnceLock;

pub const MAIN_KEY: &str = "sk-or-v1-main-9-0123456789abcdef";
pub const WORK_KEY: &str = "sk-or-v1-work-9-0123456789abcdef";

/// A setup-token as `claude setup-token` prints them.
pub fn setup_token() -> String {
    format!("sk-ant-oat01-{}", "s".repeat(80))
}

/// Made once by OpenClaw 2026.9.6 itself: agent `work` added, an OpenRouter
/// key for main (the shared store in the state database), a setup-token
/// and a key for work (work's agent database), main's OpenRouter order.
pub fn sqlite_2026_9() -> &'static StateFixture {
    static TEMPLATE: OnceLock<StateFixture> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let f = StateFixture::new();
        let ws = f.home().join("ws-work");
        let o = OpenClaw::locate_2026_9();
        o.run(
            &f,
            &[
                "agents",
                "add",
                "work",
                "--non-interactive",
                "--workspace",
                ws.to_str().unwrap(),
            ],
        );
        o.pipe(
            &f,
            &[
                "models",
                "auth",
                "paste-api-key",
                "--agent",
                "main",
                "--provider",
                "openrouter",
            ],
            &format!("{MAIN_KEY}\n"),
        );
        o.pipe(
            &f,
            &[
                "models",
                "auth",
                "paste-token",
                "--agent",
                "work",
                "--provider",
                "anthropic",
                "--expires-in",
                "30d",
            ],
            &format!("{}\n", setup_token()),
        );
        o.pipe(
            &f,
            &[
                "models",
                "auth",
                "paste-api-key",
                "--agent",
                "work",
                "--provider",
                "openrouter",
                "--profile-id",
                "openrouter:work",
            ],
            &format!("{WORK_KEY}\n"),
        );
        o.run(
            &f,
            &[
                "models",
                "auth",
                "order",
                "set",
                "--agent",
                "main",
                "--provider",
                "openrouter",
                "openrouter:manual",
            ],
        );
        f
    })
}
