//! Agents: the list of an install, and creating one as `openclaw agents
//! add` does — its directory with an empty store and (for any agent but
//! main) an entry in `agents.list`.

use super::{AppError, InputError};
use crate::agents::AgentList;
use crate::config::normalize_agent_id;
use crate::install::Install;
use crate::paths::MAIN_AGENT;
use crate::store::write::PROFILES_FILE;
use crate::store::{Location, update};
use crate::time::EpochMs;
use std::path::PathBuf;

/// Every agent, main first (a broken `openclaw.json` is a warning here),
/// with what the install's findings are at `now`.
pub fn list(install: &Install, now: EpochMs) -> Result<AgentList, AppError> {
    let mut list = install.agents()?;
    list.upgrade = super::upgrade::findings(install).unwrap_or_default();
    if let Ok(targets) = install.targets(true, None) {
        let reports = super::status::reports(install, &targets, now, 0);
        list.upgrade
            .extend(super::untried::findings(install, &reports));
    }
    Ok(list)
}

/// What was created.
#[derive(Debug)]
pub struct NewAgent {
    pub id: String,
    pub dir: PathBuf,
    /// Whether `openclaw.json` got the agent (main is never listed).
    pub registered: bool,
    /// The backup of `openclaw.json` made when its JSON5 syntax had to go.
    pub config_backup: Option<PathBuf>,
}

/// Creates agent `id` (which must already be in OpenClaw's normal form).
pub fn add(install: &mut Install, id: &str, now: EpochMs) -> Result<NewAgent, AppError> {
    let normalized = normalize_agent_id(id);
    if id.trim().is_empty() || normalized != id.trim() {
        return Err(InputError::AgentId {
            given: id.into(),
            normalized,
        }
        .into());
    }
    if install.format().is_sqlite() {
        return Err(crate::store::StoreError::NeedsOpenclaw {
            what: "creating an agent".into(),
            command: format!("openclaw agents add {normalized}"),
        }
        .into());
    }
    let config = install.config()?;
    let dir = crate::agents::agent_dir(install.env(), install.state(), config, &normalized);
    if dir.join(PROFILES_FILE).exists() {
        return Err(InputError::AgentExists {
            id: normalized,
            dir,
        }
        .into());
    }
    // Registered first: an agent in openclaw.json without a store yet is
    // what `openclaw agents add` makes too; a store nobody lists is not.
    let _lock = install.lock()?;
    let (registered, config_backup) = if normalized == MAIN_AGENT {
        (false, None)
    } else {
        let backup =
            super::operation::edit_config(install, |c| c.add_agent(now, &normalized, &dir))?;
        (true, backup)
    };
    update(install.store(), &Location::Files(dir.clone()), |_| Ok(()))?;
    Ok(NewAgent {
        id: normalized,
        dir,
        registered,
        config_backup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn an_agent_gets_an_empty_store_and_an_agents_list_entry_after_main() {
        let tmp = tempfile::tempdir().unwrap();
        let mut install = Install::for_tests(tmp.path());
        let made = add(&mut install, "work", 1).unwrap();
        assert!(made.registered);
        assert_eq!(made.dir, install.state().path.join("agents/work/agent"));
        assert!(made.dir.join(PROFILES_FILE).exists());
        let config = Config::read(install.config_path()).unwrap();
        let ids: Vec<String> = config.agents().iter().map(|a| a.id.clone()).collect();
        assert_eq!(ids, ["main", "work"]);
        assert_eq!(install.agent(Some("work")).unwrap().dir, made.dir);
    }

    #[test]
    fn bad_or_taken_ids_are_refused_without_writing() {
        let tmp = tempfile::tempdir().unwrap();
        let mut install = Install::for_tests(tmp.path());
        for bad in ["Work", "with space", " ", "-x"] {
            let err = add(&mut install, bad, 1).unwrap_err();
            assert!(
                matches!(err, AppError::Input(InputError::AgentId { .. })),
                "{bad}: {err}"
            );
        }
        assert!(!install.state().path.exists());
        add(&mut install, "main", 1).unwrap();
        let err = add(&mut install, "main", 2).unwrap_err();
        assert!(
            matches!(err, AppError::Input(InputError::AgentExists { .. })),
            "{err}"
        );
        assert!(!install.config_path().exists(), "main is not listed");
    }
}
