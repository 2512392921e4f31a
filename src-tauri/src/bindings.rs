//! The window's command client and every type it sends or receives,
//! `ui/src/lib/ipc.ts`, are generated from the commands of
//! `window_commands!` (tauri-specta) and committed; so is
//! `ui/src/lib/words.cases.json`. `cargo test` fails when either is stale
//! or when a command is not declared in `build.rs` and granted in exactly
//! one capability; `UPDATE_BINDINGS=1 cargo test -p authtray --lib bindings`
//! rewrites them.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn ui_lib() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib")
    }

    /// The client as this build would generate it.
    fn generated() -> String {
        let out = tempfile::tempdir().expect("temp dir");
        let path = out.path().join("ipc.ts");
        crate::window_commands!(tauri::Wry)
            .export(
                specta_typescript::Typescript::default().header(
                    "// Generated from the Rust commands (src-tauri/src/bindings.rs); do not edit.",
                ),
                &path,
            )
            .expect("export the client");
        std::fs::read_to_string(&path).expect("read the client")
    }

    /// The command names the generated client invokes.
    fn invoked(client: &str) -> Vec<String> {
        let mut names: Vec<String> = client
            .split("__TAURI_INVOKE")
            .skip(2) // the import
            .filter_map(|call| {
                let (_, rest) = call.split_once("(\"")?;
                Some(rest.split_once('"')?.0.to_owned())
            })
            .collect();
        names.sort();
        names
    }

    /// The clock-dependent words the window formats itself, as Rust says
    /// them: `ui/src/lib/words.test.ts` checks its copy against every case.
    fn words_cases() -> String {
        use authtray_core::attention::{Alert, Problem};
        use authtray_core::store::Owner;
        use authtray_core::time::{DAY, HOUR, MINUTE, format_remaining};
        use authtray_core::words;
        let spans = [
            -5 * MINUTE,
            0,
            1,
            59_999,
            MINUTE,
            90_000,
            59 * MINUTE + 59_999,
            HOUR,
            HOUR + 29 * MINUTE,
            HOUR + 30 * MINUTE,
            3 * HOUR,
            47 * HOUR + 29 * MINUTE,
            47 * HOUR + 30 * MINUTE,
            2 * DAY + 11 * HOUR,
            2 * DAY + 12 * HOUR,
            365 * DAY,
        ];
        let now = 1_800_000_000_000;
        let remaining: Vec<_> = spans
            .iter()
            .map(|ms| serde_json::json!([ms, format_remaining(*ms)]))
            .collect();
        let expiry: Vec<_> = spans
            .iter()
            .map(|ms| serde_json::json!([now + ms, now, words::expiry(now + ms, now)]))
            .collect();
        let problems = [
            Problem::Expiring,
            Problem::Expired,
            Problem::Missing,
            Problem::NotRefreshed,
            Problem::NeedsReconnect,
            Problem::Stranded,
            Problem::NeverTried,
        ];
        let alerts: Vec<_> = problems
            .iter()
            .flat_map(|p| {
                [Some(now + 3 * HOUR), Some(now - 2 * DAY), None].map(|at| (p.clone(), at))
            })
            .map(|(problem, expires_at)| {
                let text = words::alert_phrase(&problem, expires_at, now);
                let alert = Alert {
                    agent_id: "main".into(),
                    profile_id: "anthropic:work".into(),
                    provider: "anthropic".into(),
                    owner: Owner::Static,
                    problem,
                    expires_at,
                    hint: None,
                    host: None,
                };
                serde_json::json!({"alert": alert, "now": now, "text": text})
            })
            .collect();
        let cases = serde_json::json!({"remaining": remaining, "expiry": expiry, "alerts": alerts});
        serde_json::to_string_pretty(&cases).expect("cases serialise") + "\n"
    }

    /// Rewrites `path` with `fresh` (UPDATE_BINDINGS) or notes it as stale.
    fn compare(path: &Path, fresh: &str, stale: &mut Vec<String>) {
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(path, fresh).expect("write the generated file");
        } else if std::fs::read_to_string(path).ok().as_deref() != Some(fresh) {
            stale.push(path.display().to_string());
        }
    }

    #[test]
    fn the_generated_client_is_fresh() {
        let mut stale = Vec::new();
        compare(&ui_lib().join("ipc.ts"), &generated(), &mut stale);
        compare(
            &ui_lib().join("words.cases.json"),
            &words_cases(),
            &mut stale,
        );
        assert!(
            stale.is_empty(),
            "stale {stale:?}: run `UPDATE_BINDINGS=1 cargo test -p authtray --lib bindings` and commit them"
        );
    }

    #[test]
    fn every_command_is_declared_and_granted_in_exactly_one_capability() {
        let commands = invoked(&generated());
        assert!(
            commands.len() >= 30,
            "read the client's commands: {commands:?}"
        );
        let mut declared: Vec<String> = include_str!("../build.rs")
            .lines()
            .filter_map(|l| Some(l.trim().strip_prefix('"')?.strip_suffix("\",")?.to_owned()))
            .collect();
        declared.sort();
        assert_eq!(declared, commands, "build.rs declares exactly the commands");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
        let mut granted: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("capabilities/") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
            let cap: serde_json::Value = serde_json::from_str(&text).expect("capability JSON");
            for p in cap["permissions"].as_array().expect("permissions") {
                if let Some(name) = p.as_str().and_then(|p| p.strip_prefix("allow-")) {
                    granted.push(name.replace('-', "_"));
                }
            }
        }
        granted.sort();
        assert_eq!(
            granted, commands,
            "each command granted once, nothing else granted"
        );
    }
}
