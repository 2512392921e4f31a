//! The upgrade guard: what is where around OpenClaw's move from JSON files
//! to SQLite (`openclaw-sqlite.md` (c)) — retired JSON files beside an empty
//! store (OpenClaw then refuses their providers with
//! `AUTH_PROFILE_MIGRATION_REQUIRED`), profiles in the JSON that the SQLite
//! store lacks, archives of migrated files, a shared store still in main's
//! agent database, a config from a newer OpenClaw over JSON stores. Each
//! finding names the risk and the next step; the one thing Authtray does
//! itself, only when asked, is to import stranded profiles through the write
//! path (the rows before are kept for undo; the JSON is archived like
//! OpenClaw's doctor does, byte for byte).

use super::AppError;
use crate::install::{AgentRef, Install};
use crate::store::location::Location;
use crate::store::write::PROFILES_FILE;
use crate::store::{Era, StoreError, load};
use crate::time::{EpochMs, to_iso};
use std::path::{Path, PathBuf};

/// The credential files OpenClaw 2026.6+ retired (checked per agent dir).
const RETIRED: [&str; 2] = [PROFILES_FILE, "auth.json"];

pub use crate::findings::{Finding, FindingKind};

fn retired_files(dir: &Path) -> Vec<PathBuf> {
    RETIRED
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.is_file())
        .collect()
}

fn archives(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                (n.starts_with("auth-profiles.json.")
                    || n.starts_with("auth-state.json.")
                    || n.starts_with("auth.json."))
                    && (n.contains(".migrated-") || n.contains(".sqlite-import."))
            })
        })
        .collect();
    found.sort();
    found
}

/// The profile ids of an agent's retired JSON store (the era's names) that
/// its SQLite credentials store lacks.
fn stranded(install: &Install, agent: &AgentRef) -> Result<Vec<String>, StoreError> {
    let json = load(install.store(), &Location::Files(agent.dir.clone()))?;
    if json.profiles.is_empty() {
        return Ok(Vec::new());
    }
    let sqlite =
        crate::store::inherit::load_effective(install.store(), &agent.id, &agent.dir, None)?.merged;
    let format = install.format();
    Ok(json
        .profiles
        .keys()
        .filter(|id| {
            let renamed = format.profile_id(id);
            !sqlite.profiles.contains_key(id.as_str()) && !sqlite.profiles.contains_key(&renamed)
        })
        .cloned()
        .collect())
}

/// Everything the upgrade guard sees in the install, agent by agent.
pub fn findings(install: &Install) -> Result<Vec<Finding>, AppError> {
    let agents = install.targets(true, None)?;
    let mut out = Vec::new();
    let format = install.format();
    if !format.is_sqlite() {
        if let Some(version) = &install.store().newer_openclaw {
            out.push(Finding {
                kind: FindingKind::NotMigrated,
                agent_id: None,
                detail: format!("openclaw.json was last written by OpenClaw {version}, but the credentials are still JSON files"),
                risk: "OpenClaw 2026.6+ ignores JSON stores: its agents see no credentials until they are imported".into(),
                next_step: "run `openclaw doctor --fix` (it imports the JSON stores into SQLite and archives them)".into(),
                files: vec![install.config_path().to_path_buf()],
                profiles: Vec::new(),
                importable: false,
            });
        }
        return Ok(out);
    }
    for agent in &agents {
        let files = retired_files(&agent.dir);
        if !files.is_empty() {
            let lost = stranded(install, agent).unwrap_or_default();
            let has_store = load(install.store(), &install.layers(agent).credentials)
                .map(|s| !s.profiles.is_empty())
                .unwrap_or(false);
            out.push(if lost.is_empty() {
                Finding {
                    kind: FindingKind::RetiredFiles,
                    agent_id: Some(agent.id.clone()),
                    detail: "retired JSON credential files beside the SQLite store, which has all their profiles".into(),
                    risk: "none for the credentials; OpenClaw warns about them at every start".into(),
                    next_step: "run `openclaw doctor --fix` to archive them".into(),
                    files,
                    profiles: Vec::new(),
                    importable: false,
                }
            } else {
                Finding {
                    kind: FindingKind::Stranded,
                    agent_id: Some(agent.id.clone()),
                    detail: format!(
                        "{} profile(s) only in retired JSON files: {}",
                        lost.len(),
                        lost.join(", ")
                    ),
                    risk: if has_store {
                        "OpenClaw never reads them: the agent runs without these credentials".into()
                    } else {
                        "OpenClaw refuses these providers (AUTH_PROFILE_MIGRATION_REQUIRED) until they are migrated".into()
                    },
                    next_step: format!(
                        "run `openclaw doctor --fix`, or `authtray-cli upgrade import --agent {}` (moves them into the SQLite store; undo keeps the rows before)",
                        agent.id
                    ),
                    importable: install.store().layers(&agent.id, &agent.dir).credentials.path().is_file(),
                    files,
                    profiles: lost,
                }
            });
        }
        let kept = archives(&agent.dir);
        if !kept.is_empty() {
            out.push(Finding {
                kind: FindingKind::Archives,
                agent_id: Some(agent.id.clone()),
                detail: format!("{} archive(s) of files OpenClaw migrated", kept.len()),
                risk: "none: byte-identical copies of the old files (they hold secrets; keep them private or delete them once you trust the migration)".into(),
                next_step: "nothing to do".into(),
                files: kept,
                profiles: Vec::new(),
                importable: false,
            });
        }
    }
    // A 2026.8+ state database (schema 12 folded the old auth tables into
    // config_machine_state) whose shared store was not moved; 2026.6–7
    // keep it in main's agent database by design.
    if format.era == Era::SqliteAgent && format.state_version.is_some_and(|v| v >= 12) {
        let main = install.state().main_agent_dir();
        let holds = load(
            install.store(),
            &Location::AgentDb {
                dir: main.clone(),
                agent: crate::paths::MAIN_AGENT.into(),
            },
        )
        .is_ok_and(|s| !s.profiles.is_empty());
        if holds {
            out.push(Finding {
                kind: FindingKind::SharedStoreNotMoved,
                agent_id: Some(crate::paths::MAIN_AGENT.into()),
                detail: "the shared (main) store is still main's agent database, not the state database".into(),
                risk: "OpenClaw 2026.8+ relocates it on `doctor --fix`; until then every agent reads it from there (it works)".into(),
                next_step: "run `openclaw doctor --fix` (twice when upgrading from 2026.7: the first run migrates the state database)".into(),
                files: vec![main.join(crate::store::location::AGENT_DB)],
                profiles: Vec::new(),
                importable: false,
            });
        }
    }
    Ok(out)
}

/// What an import did.
#[derive(Debug, PartialEq, Eq)]
pub struct Imported {
    pub agent: AgentRef,
    pub profiles: Vec<String>,
    /// The JSON files, archived under these names.
    pub archived: Vec<PathBuf>,
}

/// Imports an agent's stranded profiles into its SQLite store through the
/// write path (the era's ids; SQLite wins on a clash, as doctor does), then
/// archives the retired files byte for byte as `<name>.migrated-<iso>-authtray`.
pub fn import(
    install: &mut Install,
    agent: Option<&str>,
    now: EpochMs,
) -> Result<Imported, AppError> {
    let agent = install.agent(agent)?;
    if !install.format().is_sqlite() {
        return Err(StoreError::NeedsOpenclaw {
            what: "moving JSON stores into SQLite".into(),
            command: "openclaw doctor --fix".into(),
        }
        .into());
    }
    super::delegate::refuse_unless_direct(
        install,
        &install.layers(&agent).credentials,
        "importing stranded profiles",
        "run `openclaw doctor --fix`",
    )?;
    let lock = install.lock()?;
    let json = load(install.store(), &Location::Files(agent.dir.clone()))?;
    let lost = stranded(install, &agent)?;
    let home = install.layers(&agent).credentials;
    let format = install.format().clone();
    let files = retired_files(&agent.dir);
    let stored = load(install.store(), &home)?;
    // Each stranded profile under the era's ids; SQLite wins on a clash.
    let incoming: Vec<(String, serde_json::Value)> = lost
        .iter()
        .map(|id| {
            let mut raw = json.profiles[id].clone();
            if let Some(p) = raw["provider"].as_str() {
                raw["provider"] = serde_json::json!(format.provider_id(p));
            }
            (format.profile_id(id), raw)
        })
        .filter(|(id, _)| !stored.profiles.contains_key(id))
        .collect();
    let plan = super::operation::Plan {
        what: format!("import stranded profiles of agent {}", agent.id),
        store: home.clone(),
        changes: incoming
            .iter()
            .map(|(id, raw)| super::operation::ProfileChange::of(id, None, Some(raw)))
            .collect(),
        keyring: None,
    };
    let moved = super::operation::run(install, plan, now, |install| {
        Ok(crate::store::write::update_ignoring_retired(
            install.store(),
            &home,
            |store| {
                let mut moved = Vec::new();
                for (id, raw) in &incoming {
                    if !store.profiles.contains_key(id) {
                        store.upsert(id, raw.clone());
                        moved.push(id.clone());
                    }
                }
                Ok::<_, StoreError>(moved)
            },
        )?)
    })?
    .out;
    let stamp = to_iso(now).replace([':', '.'], "-");
    let mut archived = Vec::new();
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let to = file.with_file_name(format!("{name}.migrated-{stamp}-authtray"));
        std::fs::rename(&file, &to).map_err(|source| {
            StoreError::File(crate::files::FileError::Write {
                path: file.clone(),
                source,
            })
        })?;
        archived.push(to);
    }
    drop(lock); // the gateway is told without holding up other writers
    install.changed(Some(&agent.id), "update");
    Ok(Imported {
        agent,
        profiles: moved,
        archived,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sqlite::tests::{agent_db, state_db};

    #[test]
    fn a_retired_json_beside_a_sqlite_store_is_found_alerted_and_imported_on_request() {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().join("state");
        agent_db(&state.join("agents/main/agent"), "main");
        let work = state.join("agents/work/agent");
        agent_db(&work, "work");
        state_db(&state);
        std::fs::write(
            work.join(PROFILES_FILE),
            r#"{"version":1,"profiles":{"openai-codex:old":{"type":"oauth","provider":"openai-codex","access":"a","refresh":"r","expires":1}}}"#,
        )
        .unwrap();
        let mut install = Install::for_tests(tmp.path());
        let found = findings(&install).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].kind, found[0].profiles.clone()),
            (FindingKind::Stranded, vec!["openai-codex:old".to_string()])
        );
        assert!(
            found[0].risk.contains("AUTH_PROFILE_MIGRATION_REQUIRED"),
            "an empty store fails closed"
        );
        assert!(found[0].importable);
        let (_, tray) = crate::app::status::health(&install, 1, 1);
        assert_eq!(tray.icon, crate::attention::IconState::Expired);
        assert_eq!(
            tray.alerts[0].menu_text(1),
            "work · openai-codex:old — stranded in a retired JSON file"
        );
        let done = import(&mut install, Some("work"), 1_796_000_000_000).unwrap();
        assert_eq!(done.profiles, ["openai:old"], "the era's id");
        assert!(!work.join(PROFILES_FILE).exists());
        let store = load(install.store(), &install.layers(&done.agent).credentials).unwrap();
        assert_eq!(store.profiles["openai:old"]["provider"], "openai");
        assert!(
            findings(&install)
                .unwrap()
                .iter()
                .any(|f| f.kind == FindingKind::Archives)
        );
        assert!(
            crate::app::status::health(&install, 1, 1)
                .1
                .alerts
                .is_empty()
        );
    }
}
