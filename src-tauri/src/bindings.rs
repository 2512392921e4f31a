//! The TypeScript bindings in `ui/src/lib/bindings/` are generated from these
//! Rust types with ts-rs and committed. `cargo test` fails when a committed
//! file is stale; `UPDATE_BINDINGS=1 cargo test -p authtray bindings` rewrites them.

#[cfg(test)]
mod tests {
    use crate::error::{ErrorCode, WireError};
    use authtray_core::{AgentList, AgentSummary, StateDirSource, StateDirView};
    use std::path::{Path, PathBuf};
    use ts_rs::TS;

    fn bindings_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings")
    }

    fn check<T: TS + 'static>(stale: &mut Vec<String>) {
        let name = format!("{}.ts", T::name());
        let path = bindings_dir().join(&name);
        let fresh = T::export_to_string().expect("ts-rs export");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).expect("write binding");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
            stale.push(name);
        }
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

    #[test]
    fn bindings_are_fresh() {
        let mut stale = Vec::new();
        check::<AgentList>(&mut stale);
        check::<AgentSummary>(&mut stale);
        check::<StateDirView>(&mut stale);
        check::<StateDirSource>(&mut stale);
        check::<WireError>(&mut stale);
        check::<ErrorCode>(&mut stale);
        check::<authtray_core::attention::Attention>(&mut stale);
        check::<authtray_core::attention::Alert>(&mut stale);
        check::<authtray_core::attention::Problem>(&mut stale);
        check::<authtray_core::attention::IconState>(&mut stale);
        check::<authtray_core::store::Owner>(&mut stale);
        check::<authtray_core::report::AgentReport>(&mut stale);
        check::<authtray_core::report::ProfileReport>(&mut stale);
        check::<authtray_core::order::EffectiveOrder>(&mut stale);
        check::<authtray_core::order::OrderSource>(&mut stale);
        check::<authtray_core::order::Exclusion>(&mut stale);
        check::<authtray_core::order::Tried>(&mut stale);
        check::<authtray_core::order::Unusable>(&mut stale);
        check::<authtray_core::order::Excluded>(&mut stale);
        check::<authtray_core::health::Status>(&mut stale);
        check::<authtray_core::store::CredentialType>(&mut stale);
        check::<authtray_core::cli_logins::ExternalLogin>(&mut stale);
        check::<authtray_core::cli_logins::ExternalState>(&mut stale);
        check::<authtray_core::cli_logins::Source>(&mut stale);
        check::<crate::commands::settings::Settings>(&mut stale);
        check::<authtray_core::settings::Theme>(&mut stale);
        check::<authtray_core::app::order::OrderScope>(&mut stale);
        check::<crate::commands::login::LoginStarted>(&mut stale);
        check::<crate::commands::login::CodeLoginStarted>(&mut stale);
        check::<crate::commands::login::LoginProgress>(&mut stale);
        check::<authtray_core::app::ops::Added>(&mut stale);
        check::<authtray_core::app::refresh::RefreshResult>(&mut stale);
        check::<authtray_core::app::refresh::RefreshStatus>(&mut stale);
        check::<authtray_core::providers::catalog::ProviderInfo>(&mut stale);
        check::<authtray_core::providers::catalog::LoginMethod>(&mut stale);
        check::<authtray_core::error::Failure>(&mut stale);
        check::<authtray_core::agents::FormatView>(&mut stale);
        check::<authtray_core::store::Era>(&mut stale);
        check::<authtray_core::app::upgrade::Finding>(&mut stale);
        check::<authtray_core::app::upgrade::FindingKind>(&mut stale);
        check::<authtray_core::app::untried::Repaired>(&mut stale);
        check::<crate::commands::installs::Installs>(&mut stale);
        check::<authtray_core::paths::Looked>(&mut stale);
        check::<authtray_core::app::usage::UsageReport>(&mut stale);
        check::<authtray_core::app::usage::ProfileUsage>(&mut stale);
        check::<authtray_core::usage::Usage>(&mut stale);
        check::<authtray_core::usage::UsageWindow>(&mut stale);
        check::<authtray_core::app::usage::SuggestedOrder>(&mut stale);
        check::<authtray_core::usage::suggest::Placed>(&mut stale);
        check::<authtray_core::usage::suggest::UsageSummary>(&mut stale);
        let cases = bindings_dir().join("words.cases.json");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&cases, words_cases()).expect("write cases");
        } else if std::fs::read_to_string(&cases).ok() != Some(words_cases()) {
            stale.push("words.cases.json".into());
        }
        assert!(
            stale.is_empty(),
            "stale TypeScript bindings {stale:?}: run `UPDATE_BINDINGS=1 cargo test -p authtray bindings` and commit ui/src/lib/bindings/"
        );
    }
}
