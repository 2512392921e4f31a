//! Status: every agent's report (`authtray-cli status`, the window's
//! profile list) and the tray's health, from one read of the install. One
//! agent whose store cannot be read is reported as such; it never hides
//! the others and is never written.

use super::AppError;
use crate::attention::{self, Attention};
use crate::install::{AgentRef, Install};
use crate::report::{AgentReport, agent_report};
use crate::store::inherit::load_shared;
use crate::store::{AuthStore, load};
use crate::time::EpochMs;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// `status --json`: the state dir, when, the warning window, every agent.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub state_dir: PathBuf,
    /// The store era the install speaks, and why.
    pub format: crate::agents::FormatView,
    pub now: EpochMs,
    pub warn_after_ms: EpochMs,
    pub agents: Vec<AgentReport>,
    /// What the upgrade guard found (retired JSON, stranded profiles, …).
    pub upgrade: Vec<super::upgrade::Finding>,
    /// Each account's last known quota (`authtray-cli usage` asks anew; the
    /// status never makes a usage request).
    pub usage: Vec<super::usage::ProfileUsage>,
}

/// Reports of `targets` at `now`; main's store (what secondaries inherit)
/// is read once. An agent whose store cannot be read gets a report that
/// says why and lists nothing.
pub fn status(install: &Install, targets: &[AgentRef], now: EpochMs, warn_ms: EpochMs) -> Status {
    let agents = reports(install, targets, now, warn_ms);
    let mut upgrade = super::upgrade::findings(install).unwrap_or_default();
    upgrade.extend(super::untried::findings(install, &agents));
    Status {
        state_dir: install.state().path.clone(),
        format: install.format_view(),
        now,
        warn_after_ms: warn_ms,
        agents,
        upgrade,
        usage: targets
            .iter()
            .flat_map(|a| super::usage::last_known(install, &a.id))
            .collect(),
    }
}

/// Every report of `targets` (see [`status`]).
pub(super) fn reports(
    install: &Install,
    targets: &[AgentRef],
    now: EpochMs,
    warn_ms: EpochMs,
) -> Vec<AgentReport> {
    let Ok(config) = install.config() else {
        return Vec::new();
    };
    let shared: Option<AuthStore> = load_shared(install.store()).ok().flatten();
    let report = |a: &AgentRef| {
        agent_report(
            install.store(),
            config,
            &a.id,
            &a.dir,
            shared.as_ref(),
            now,
            warn_ms,
        )
        .unwrap_or_else(|e| AgentReport::unreadable(&a.id, &a.dir, &e))
    };
    // One database (or pair of files) per agent: read them on every core
    // (opening an OpenClaw agent database parses its whole schema).
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || targets.len() < 4 {
        return targets.iter().map(report).collect();
    }
    let chunk = targets.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = targets
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(report).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|h| h.join().expect("a report thread"))
            .collect()
    })
}

/// One agent's report (the window's profile list).
pub fn agent(
    install: &Install,
    agent: Option<&str>,
    now: EpochMs,
    warn_ms: EpochMs,
) -> Result<AgentReport, AppError> {
    let agent = install.agent(agent)?;
    Ok(reports(install, &[agent], now, warn_ms)
        .pop()
        .expect("one report per target"))
}

/// What the tray shows at `now`: every agent's report and the tray model.
/// A config or state dir that cannot be read, and every unreadable store,
/// become errors in the model rather than a failure.
pub fn health(install: &Install, now: EpochMs, warn_ms: EpochMs) -> (Vec<AgentReport>, Attention) {
    let targets = match install.targets(true, None) {
        Ok(t) => t,
        Err(e) => {
            return (
                Vec::new(),
                attention::model(&[], vec![e.to_string()], &BTreeSet::new(), now),
            );
        }
    };
    let reports = reports(install, &targets, now, warn_ms);
    let errors = reports
        .iter()
        .filter_map(|r| {
            r.error
                .as_ref()
                .map(|e| format!("{}: {}", r.agent_id, e.message))
        })
        .collect();
    let flagged = failed_refreshes(install, &reports);
    let mut alerts = attention::model(&reports, Vec::new(), &flagged, now).alerts;
    alerts.extend(stranded_alerts(install));
    alerts.extend(
        super::untried::never_tried(&reports)
            .into_iter()
            .map(|n| attention::Alert {
                agent_id: n.agent_id,
                provider: n.entry.provider,
                profile_id: n.entry.profile,
                owner: crate::store::Owner::Static,
                problem: attention::Problem::NeverTried,
                expires_at: None,
                hint: Some("`authtray-cli repair` lists it in openclaw.json".into()),
                host: None,
            }),
    );
    let mut model = attention::summarize(alerts, errors);
    model.store_note = install.store().write_note();
    (reports, model)
}

/// An alert for each profile the upgrade guard finds stranded in a retired
/// JSON file, as for an expiring token.
fn stranded_alerts(install: &Install) -> Vec<attention::Alert> {
    let Ok(findings) = super::upgrade::findings(install) else {
        return Vec::new();
    };
    findings
        .into_iter()
        .filter(|f| f.kind == super::upgrade::FindingKind::Stranded)
        .flat_map(|f| {
            let agent = f.agent_id.clone().unwrap_or_default();
            f.profiles.into_iter().map(move |id| attention::Alert {
                agent_id: agent.clone(),
                provider: id.split(':').next().unwrap_or_default().to_owned(),
                profile_id: id,
                owner: crate::store::Owner::Static,
                problem: attention::Problem::Stranded,
                expires_at: None,
                hint: Some(f.next_step.clone()),
                host: None,
            })
        })
        .collect()
}

/// Profiles whose refresh failed for good (Authtray's refresh memory), while
/// the store that holds them still has the refresh token that failed.
fn failed_refreshes(install: &Install, reports: &[AgentReport]) -> BTreeSet<(String, String)> {
    let memory = crate::refresh::memory::RefreshMemory::load(install.data_dir());
    let marked: BTreeSet<(std::path::PathBuf, String)> = memory
        .reconnects()
        .map(|(key, id, _)| (key.into(), id.to_owned()))
        .collect();
    if marked.is_empty() {
        return BTreeSet::new();
    }
    let mut out = BTreeSet::new();
    for r in reports.iter().filter(|r| r.error.is_none()) {
        let layers = install.store().layers(&r.agent_id, &r.agent_dir);
        for loc in std::iter::once(&layers.own).chain(layers.shared.as_ref()) {
            let key = loc.key();
            if !marked.iter().any(|(k, _)| *k == key) {
                continue;
            }
            let Ok(store) = load(install.store(), loc) else {
                continue;
            };
            for (k, id) in marked.iter().filter(|(k, _)| *k == key) {
                let _ = k;
                if let Some(refresh) = store.credential(id).and_then(|c| c.refresh)
                    && memory.get(&key, id, refresh.expose()).is_some()
                {
                    out.insert((r.agent_id.clone(), id.clone()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_tray_says_when_an_install_is_written_through_openclaw() {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().join("state");
        crate::store::sqlite::tests::agent_db(&state.join("agents/main/agent"), "main");
        let db = crate::store::sqlite::tests::state_db(&state);
        assert_eq!(
            health(&Install::for_tests(tmp.path()), 1, 1).1.store_note,
            None
        );
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch("PRAGMA user_version = 19")
            .unwrap();
        assert_eq!(
            health(&Install::for_tests(tmp.path()), 1, 1)
                .1
                .store_note
                .as_deref(),
            Some("OpenClaw schema 19: read by content, writes go through OpenClaw")
        );
    }

    #[test]
    fn one_broken_store_never_hides_the_others_and_is_never_written() {
        let tmp = tempfile::tempdir().unwrap();
        let install = Install::for_tests(tmp.path());
        let agents = install.state().agents_dir();
        for id in ["main", "work", "ops"] {
            fs::create_dir_all(agents.join(id).join("agent")).unwrap();
        }
        fs::write(
            agents.join("main/agent/auth-profiles.json"),
            r#"{"version":1,"profiles":{"openrouter:default":{"type":"api_key","provider":"openrouter","key":"sk-or-1"}}}"#,
        )
        .unwrap();
        let broken = agents.join("work/agent/auth-profiles.json");
        fs::write(&broken, r#"{"version":1,"profiles":{"#).unwrap();
        let targets = install.targets(true, None).unwrap();
        let status = status(&install, &targets, 1, 1);
        let ids: Vec<(&str, usize, bool)> = status
            .agents
            .iter()
            .map(|r| (r.agent_id.as_str(), r.profiles.len(), r.error.is_some()))
            .collect();
        assert_eq!(
            ids,
            [("main", 1, false), ("ops", 1, false), ("work", 0, true)]
        );
        let problem = status.agents[2].error.as_ref().unwrap();
        assert_eq!(problem.code, crate::error::ErrorCode::Unreadable);
        assert_eq!(problem.path.as_deref(), Some(broken.as_path()));
        assert_eq!(crate::report::check_exit_code(&status.agents), 1);
        assert_eq!(
            fs::read_to_string(&broken).unwrap(),
            r#"{"version":1,"profiles":{"#
        );

        let (reports, model) = health(&install, 1, 1);
        assert_eq!(reports.len(), 3);
        assert_eq!(model.icon, crate::attention::IconState::Error);
        assert!(model.errors[0].starts_with("work: "), "{:?}", model.errors);
    }
}
