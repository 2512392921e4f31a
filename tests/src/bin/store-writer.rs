//! A store writer for the reliability tests and benchmarks: performs `count`
//! updates to one agent through authtray-core's write path (the agent's
//! credentials store in the install's era: JSON files or SQLite), each adding
//! the profile `<tag>:<n>`, and prints each committed n.
//!
//! Usage: store-writer STATE_DIR AGENT_DIR TAG COUNT [PAD_BYTES]
//!
//! `store-writer hold SECONDS` only stays alive that long: a live process
//! on every platform, whose pid a lock test names as the holder.

use authtray_core::paths::{Env, StateDir};
use authtray_core::store::{StoreContext, update};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, hold, seconds] = args.as_slice()
        && hold == "hold"
    {
        let seconds = seconds.parse().expect("SECONDS is a number");
        std::thread::sleep(std::time::Duration::from_secs(seconds));
        return;
    }
    let [_, state, agent, tag, count, rest @ ..] = args.as_slice() else {
        eprintln!("usage: store-writer STATE_DIR AGENT_DIR TAG COUNT [PAD_BYTES]");
        std::process::exit(64);
    };
    let count: usize = count.parse().expect("COUNT is a number");
    let pad = "x".repeat(
        rest.first()
            .map_or(0, |p| p.parse().expect("PAD_BYTES is a number")),
    );
    let ctx = StoreContext::new(
        &Env::from_process(),
        StateDir::explicit(PathBuf::from(state)),
    );
    let agent = PathBuf::from(agent);
    let id = agent
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "main".into());
    let home = ctx.layers(&id, &agent).credentials;
    let mut out = std::io::stdout().lock();
    for n in 0..count {
        let id = format!("{tag}:{n}");
        update(&ctx, &home, |store| {
            store.upsert(&id, json!({"type": "api_key", "provider": "groq", "key": format!("gsk-{tag}-{n}"), "note": pad}));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("update {id}: {e}"));
        let _ = writeln!(out, "{n}");
        let _ = out.flush();
    }
}
