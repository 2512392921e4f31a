//! The window's verbs as data. An [`Op`] is performed on an install
//! wherever it is: here (the window's commands call [`perform`] on the
//! opened install) or on another host (`authtray-cli serve` calls the same
//! [`perform`] there when the window sends it the op). One path for both,
//! so a remote install does exactly what a local one does.

use super::order::OrderScope;
use super::{AppError, agents, order, profiles, removal, status};
use crate::error::{Classify, Failure};
use crate::install::Install;
use crate::secret::{Secret, normalize_pasted};
use crate::time::EpochMs;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One verb with its arguments. Its `Debug` would show secrets, so it has none.
#[derive(Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum Op {
    /// The install's agents (`AgentList`).
    ListAgents,
    /// One agent's profiles with health (`AgentReport`).
    AgentReport {
        agent: String,
    },
    /// What needs attention (`Attention`).
    Health,
    AddKey {
        agent: String,
        provider: String,
        profile_id: Option<String>,
        secret: String,
    },
    AddToken {
        agent: String,
        provider: String,
        profile_id: Option<String>,
        token: String,
        expires_in: Option<String>,
    },
    RemoveProfile {
        agent: String,
        profile_id: String,
    },
    RenameProfile {
        agent: String,
        from: String,
        to: String,
    },
    Undo {
        agent: String,
    },
    /// Lists stored profiles OpenClaw never tries and drops entries no
    /// store holds (`profile_id`: only that one) (`Repaired`).
    Repair {
        profile_id: Option<String>,
    },
    /// Each account's quota (`now`: ask the providers even within five
    /// minutes of the last check). On another host its tokens stay there.
    /// The order the accounts' headroom suggests for `provider` (`SuggestedOrder`).
    SuggestOrder {
        agent: String,
        provider: String,
    },
    Usage {
        agent: String,
        now: bool,
    },
    /// `profile_ids: None` removes the order ("reset to automatic").
    SetOrder {
        agent: String,
        provider: String,
        profile_ids: Option<Vec<String>>,
        scope: OrderScope,
    },
}

/// What `AddKey` and `AddToken` answer: the id saved and the mask only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Added {
    pub profile_id: String,
    pub masked: String,
}

fn failed(e: impl Into<AppError>) -> Failure {
    let e = e.into();
    Failure::new(e.code(), e.to_string())
}

fn json(v: impl Serialize) -> Value {
    serde_json::to_value(v).expect("report types serialise")
}

/// Performs `op` on `install`; the answer is the use case's result as JSON.
pub fn perform(
    install: &mut Install,
    op: Op,
    now: EpochMs,
    warn_ms: EpochMs,
) -> Result<Value, Failure> {
    let added = |s: profiles::SavedSecret| {
        json(Added {
            profile_id: s.saved.profile_id,
            masked: s.masked,
        })
    };
    Ok(match op {
        Op::ListAgents => json(agents::list(install, now).map_err(failed)?),
        Op::AgentReport { agent } => {
            let report = status::agent(install, Some(&agent), now, warn_ms).map_err(failed)?;
            if let Some(problem) = report.error {
                return Err(problem);
            }
            json(report)
        }
        Op::Health => json(status::health(install, now, warn_ms).1),
        Op::SuggestOrder { agent, provider } => json(
            super::usage::suggest_order(install, Some(&agent), &provider, now).map_err(failed)?,
        ),
        Op::Usage { agent, now: ask } => {
            let target = install.agent(Some(&agent)).map_err(failed)?;
            json(super::usage::usage(install, &[target], now, ask).map_err(failed)?)
        }
        Op::AddKey {
            agent,
            provider,
            profile_id,
            secret,
        } => {
            let key = Secret::new(normalize_pasted(&secret));
            added(
                profiles::add_key(
                    install,
                    Some(&agent),
                    &provider,
                    profile_id.as_deref(),
                    &key,
                    now,
                )
                .map_err(failed)?,
            )
        }
        Op::AddToken {
            agent,
            provider,
            profile_id,
            token,
            expires_in,
        } => {
            let token = Secret::new(normalize_pasted(&token));
            added(
                profiles::add_token(
                    install,
                    Some(&agent),
                    &provider,
                    profile_id.as_deref(),
                    &token,
                    expires_in.as_deref(),
                    now,
                )
                .map_err(failed)?,
            )
        }
        Op::RemoveProfile { agent, profile_id } => {
            removal::remove(install, Some(&agent), &profile_id, now).map_err(failed)?;
            Value::Null
        }
        Op::RenameProfile { agent, from, to } => {
            profiles::rename(install, Some(&agent), &from, &to, now).map_err(failed)?;
            Value::Null
        }
        Op::Repair { profile_id } => {
            json(super::untried::repair(install, profile_id.as_deref(), now).map_err(failed)?)
        }
        Op::Undo { agent } => {
            removal::undo(install, Some(&agent), now).map_err(failed)?;
            Value::Null
        }
        Op::SetOrder {
            agent,
            provider,
            profile_ids,
            scope,
        } => {
            order::set(
                install,
                Some(&agent),
                &provider,
                profile_ids.as_deref(),
                scope,
                now,
            )
            .map_err(failed)?;
            Value::Null
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn an_op_reads_as_the_window_sends_it_and_runs_the_use_case() {
        let dir = tempfile::tempdir().unwrap();
        let mut install = Install::for_tests(dir.path());
        std::fs::create_dir_all(install.state().path.join("agents/main/agent")).unwrap();
        let op: Op = serde_json::from_value(serde_json::json!({
            "op": "add_key", "agent": "main", "provider": "openrouter",
            "profileId": null, "secret": "  sk-or-v1-ops-0123456789 \n"
        }))
        .unwrap();
        let added = perform(&mut install, op, 1, 1).unwrap();
        assert_eq!(added["profileId"], "openrouter:default");
        assert!(
            !added.to_string().contains("sk-or-v1-ops-0123456789"),
            "mask only"
        );
        let report = perform(
            &mut install,
            Op::AgentReport {
                agent: "main".into(),
            },
            1,
            1,
        )
        .unwrap();
        assert_eq!(report["profiles"][0]["profileId"], "openrouter:default");
        let e = perform(
            &mut install,
            Op::RemoveProfile {
                agent: "nobody".into(),
                profile_id: "x:y".into(),
            },
            1,
            1,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
    }
}
