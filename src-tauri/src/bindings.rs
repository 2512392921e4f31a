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

    #[test]
    fn bindings_are_fresh() {
        let mut stale = Vec::new();
        check::<AgentList>(&mut stale);
        check::<AgentSummary>(&mut stale);
        check::<StateDirView>(&mut stale);
        check::<StateDirSource>(&mut stale);
        check::<WireError>(&mut stale);
        check::<ErrorCode>(&mut stale);
        check::<authtray_core::tray::TrayModel>(&mut stale);
        check::<authtray_core::tray::Alert>(&mut stale);
        check::<authtray_core::tray::Problem>(&mut stale);
        check::<authtray_core::tray::IconState>(&mut stale);
        check::<authtray_core::report::Owner>(&mut stale);
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
        check::<authtray_core::external::ExternalLogin>(&mut stale);
        check::<authtray_core::external::ExternalState>(&mut stale);
        check::<authtray_core::external::Source>(&mut stale);
        check::<crate::commands::settings::Settings>(&mut stale);
        check::<authtray_core::settings::Theme>(&mut stale);
        check::<authtray_core::order::OrderScope>(&mut stale);
        check::<crate::commands::login::LoginStarted>(&mut stale);
        check::<crate::commands::login::CodeLoginStarted>(&mut stale);
        check::<crate::commands::login::LoginProgress>(&mut stale);
        check::<crate::commands::profiles::SavedProfile>(&mut stale);
        check::<crate::commands::refresh::RefreshResult>(&mut stale);
        check::<crate::commands::refresh::RefreshStatus>(&mut stale);
        check::<authtray_core::providers::catalog::ProviderInfo>(&mut stale);
        check::<authtray_core::providers::catalog::LoginMethod>(&mut stale);
        assert!(
            stale.is_empty(),
            "stale TypeScript bindings {stale:?}: run `UPDATE_BINDINGS=1 cargo test -p authtray bindings` and commit ui/src/lib/bindings/"
        );
    }
}
