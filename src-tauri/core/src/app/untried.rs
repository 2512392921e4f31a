//! What a half-done write leaves, whoever made it (an interrupted save,
//! two programs racing over `openclaw.json`, a hand edit): a profile that
//! is stored but that OpenClaw never tries, because `openclaw.json` lists
//! other profiles of its provider and not this one (`openclaw-store.md`
//! §10.2 step 4; 2026.9.6 leaves it out of `effectiveProfiles`); and the
//! reverse, an `auth.profiles` entry no store holds. Both are findings of
//! `status`, the window and the tray, and [`repair`] fixes them through
//! Authtray's config write (its own lock, the file re-read, compare
//! before rename).

use super::AppError;
use super::operation::{self, Entry, Listing};
use super::upgrade::{Finding, FindingKind};
use crate::install::Install;
use crate::order::Exclusion;
use crate::report::AgentReport;
use crate::time::EpochMs;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// A stored profile OpenClaw never tries: who stores it, and what the
/// config entry that lets it be tried says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeverTried {
    pub agent_id: String,
    pub entry: Entry,
}

/// The profiles of `reports` that OpenClaw never tries for want of a
/// config entry, each once, under the agent that stores it.
pub fn never_tried(reports: &[AgentReport]) -> Vec<NeverTried> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for r in reports.iter().filter(|r| r.error.is_none()) {
        for o in &r.effective_order {
            for e in &o.excluded {
                if e.why != Exclusion::NotInConfigProfiles {
                    continue;
                }
                let Some(p) = r.profiles.iter().find(|p| p.profile_id == e.profile_id) else {
                    continue;
                };
                let owner = if p.inherited {
                    crate::paths::MAIN_AGENT
                } else {
                    r.agent_id.as_str()
                };
                if seen.insert((owner.to_owned(), p.profile_id.clone())) {
                    out.push(NeverTried {
                        agent_id: owner.to_owned(),
                        entry: Entry {
                            profile: p.profile_id.clone(),
                            provider: p.provider.clone(),
                            mode: p.kind.as_str().to_owned(),
                            in_place_of: None,
                        },
                    });
                }
            }
        }
    }
    out
}

/// `auth.profiles` ids no store of the install holds (`aws-sdk` entries
/// are routes without a stored credential and are left alone).
pub fn listed_not_stored(install: &Install) -> Vec<String> {
    let Ok(config) = install.config() else {
        return Vec::new();
    };
    let listed: Vec<String> = config
        .auth_profiles()
        .iter()
        .filter(|(_, p)| p.get("mode").and_then(Value::as_str) != Some("aws-sdk"))
        .map(|(id, _)| id.clone())
        .collect();
    if listed.is_empty() {
        return listed;
    }
    let stored = operation::stored_anywhere(install, None);
    listed
        .into_iter()
        .filter(|id| !stored.contains(id))
        .collect()
}

/// Both kinds as findings of the install.
pub fn findings(install: &Install, reports: &[AgentReport]) -> Vec<Finding> {
    let mut out = Vec::new();
    let untried = never_tried(reports);
    let agents: BTreeSet<&str> = untried.iter().map(|n| n.agent_id.as_str()).collect();
    for agent in agents {
        let ids: Vec<String> = untried
            .iter()
            .filter(|n| n.agent_id == agent)
            .map(|n| n.entry.profile.clone())
            .collect();
        out.push(Finding {
            kind: FindingKind::NeverTried,
            agent_id: Some(agent.to_owned()),
            detail: format!(
                "stored but never tried by OpenClaw: {} (openclaw.json lists other profiles of the provider, not these)",
                ids.join(", ")
            ),
            risk: "the agent runs without them, and falls over when the listed ones fail".into(),
            next_step: "`authtray-cli repair` lists them in openclaw.json, as OpenClaw's own logins do".into(),
            files: vec![install.config_path().to_path_buf()],
            profiles: ids,
            importable: false,
        });
    }
    let orphans = listed_not_stored(install);
    if !orphans.is_empty() {
        out.push(Finding {
            kind: FindingKind::ListedNotStored,
            agent_id: None,
            detail: format!(
                "openclaw.json lists {} but no store holds it",
                orphans.join(", ")
            ),
            risk: "none while it stays so: OpenClaw skips listed ids it does not store (often what an interrupted removal leaves)".into(),
            next_step: "`authtray-cli repair` removes the entries, as OpenClaw's logout does".into(),
            files: vec![install.config_path().to_path_buf()],
            profiles: orphans,
            importable: false,
        });
    }
    out
}

/// What [`repair`] changed in `openclaw.json`.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub struct Repaired {
    /// Listed, so OpenClaw tries them.
    pub listed: Vec<String>,
    /// Entries of profiles no store holds, removed.
    pub unlisted: Vec<String>,
    pub config_backup: Option<PathBuf>,
}

/// Lists every stored profile OpenClaw never tries and removes every
/// entry no store holds (only `profile` with `Some`), in one config write.
pub fn repair(
    install: &mut Install,
    profile: Option<&str>,
    now: EpochMs,
) -> Result<Repaired, AppError> {
    let lock = install.lock()?;
    install.reload_config();
    let targets = install.targets(true, None)?;
    let reports = super::status::reports(install, &targets, now, install.warn_ms());
    let wanted = |id: &str| profile.is_none_or(|p| p == id);
    let entries: Vec<Entry> = never_tried(&reports)
        .into_iter()
        .map(|n| n.entry)
        .filter(|e| wanted(&e.profile))
        .collect();
    let orphans: Vec<String> = listed_not_stored(install)
        .into_iter()
        .filter(|id| wanted(id))
        .collect();
    let mut done = Repaired {
        listed: entries.iter().map(|e| e.profile.clone()).collect(),
        unlisted: orphans.clone(),
        config_backup: None,
    };
    if entries.is_empty() && orphans.is_empty() {
        return Ok(done);
    }
    done.config_backup = operation::edit_config(install, |c| {
        let listing = Listing::to_list(c, &entries);
        let unlisting = Listing::to_unlist(c, &orphans);
        c.update_auth(now, |auth| {
            listing.apply(auth);
            unlisting.apply(auth);
        })
    })?;
    drop(lock); // the gateway is told without holding up other writers
    install.changed(None, "update");
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Location, update};
    use serde_json::json;
    use std::fs;

    #[test]
    fn what_others_left_half_done_is_found_and_repaired_in_one_write() {
        let tmp = tempfile::tempdir().unwrap();
        let mut install = Install::for_tests(tmp.path());
        let main = install.state().main_agent_dir();
        fs::create_dir_all(&main).unwrap();
        fs::write(
            install.config_path(),
            r#"{"auth":{"profiles":{"openrouter:a":{"provider":"openrouter","mode":"api_key"},"openrouter:gone":{"provider":"openrouter","mode":"api_key"},"amazon-bedrock:route":{"provider":"amazon-bedrock","mode":"aws-sdk"}}}}"#,
        )
        .unwrap();
        install.reload_config();
        let key = |k: &str| json!({"type": "api_key", "provider": "openrouter", "key": k});
        update(install.store(), &Location::Files(main), |s| {
            s.upsert("openrouter:a", key("sk-or-a"));
            s.upsert("openrouter:b", key("sk-or-b"));
            s.upsert(
                "xai:c",
                json!({"type": "api_key", "provider": "xai", "key": "xai-c"}),
            );
            Ok(())
        })
        .unwrap();
        let targets = install.targets(true, None).unwrap();
        let status = super::super::status::status(&install, &targets, 1, 1);
        let found = findings(&install, &status.agents);
        let kinds: Vec<(FindingKind, Vec<String>)> =
            found.iter().map(|f| (f.kind, f.profiles.clone())).collect();
        assert_eq!(
            kinds,
            [
                (FindingKind::NeverTried, vec!["openrouter:b".to_string()]),
                (
                    FindingKind::ListedNotStored,
                    vec!["openrouter:gone".to_string()]
                ),
            ],
            "xai:c is tried (no xai profile is listed); the aws-sdk route is not a leftover"
        );
        assert_eq!(
            found[0].detail,
            "stored but never tried by OpenClaw: openrouter:b (openclaw.json lists other profiles of the provider, not these)"
        );
        let (_, tray) = super::super::status::health(&install, 1, 1);
        assert_eq!(
            tray.alerts
                .iter()
                .map(|a| a.menu_text(1))
                .collect::<Vec<_>>(),
            ["main · openrouter:b — stored but never tried by OpenClaw"]
        );

        let done = repair(&mut install, None, 2).unwrap();
        assert_eq!(done.listed, ["openrouter:b"]);
        assert_eq!(done.unlisted, ["openrouter:gone"]);
        let config: Value =
            serde_json::from_str(&fs::read_to_string(install.config_path()).unwrap()).unwrap();
        assert_eq!(
            config["auth"]["profiles"],
            json!({"openrouter:a":{"provider":"openrouter","mode":"api_key"},"amazon-bedrock:route":{"provider":"amazon-bedrock","mode":"aws-sdk"},"openrouter:b":{"provider":"openrouter","mode":"api_key"}})
        );
        let status = super::super::status::status(&install, &targets, 3, 1);
        assert!(findings(&install, &status.agents).is_empty());
        assert_eq!(repair(&mut install, None, 4).unwrap(), Repaired::default());
    }
}
