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
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A verb: its arguments (the struct), the type of its answer, and how it
/// is performed on an opened install. The answer is typed at both ends;
/// JSON only carries it over the ssh wire ([`perform`]).
pub trait Verb: Into<Op> {
    type Answer: Serialize + DeserializeOwned;
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure>;
}

/// When a verb runs: the time, and the warning window of the install.
#[derive(Clone, Copy, Debug)]
pub struct At {
    pub now: EpochMs,
    pub warn_ms: EpochMs,
}

/// Every verb, each with its answer: the one list the wire form, the
/// conversions and the wire's [`perform`] come from.
macro_rules! verbs {
    ($($(#[$doc:meta])* $verb:ident => $answer:ty),* $(,)?) => {
        /// One verb with its arguments, as the wire carries it
        /// (`{"op": "add_key", "agent": …}`). Its `Debug` would show
        /// secrets, so it has none.
        #[derive(Clone, Serialize, Deserialize)]
        #[serde(tag = "op", rename_all = "snake_case")]
        pub enum Op {
            $($(#[$doc])* $verb($verb)),*
        }
        $(impl From<$verb> for Op {
            fn from(verb: $verb) -> Op {
                Op::$verb(verb)
            }
        })*
        /// Performs `op` on `install` for the wire (`authtray-cli serve`):
        /// the verb's typed answer, as JSON.
        pub fn perform(
            install: &mut Install,
            op: Op,
            now: EpochMs,
            warn_ms: EpochMs,
        ) -> Result<Value, Failure> {
            match op {
                $(Op::$verb(v) => v.perform(install, At { now, warn_ms }).map(json)),*
            }
        }
    };
}

verbs! {
    /// The install's agents.
    ListAgents => crate::agents::AgentList,
    /// One agent's profiles with health.
    AgentReport => crate::report::AgentReport,
    /// What needs attention.
    Health => crate::attention::Attention,
    AddKey => SavedProfile,
    AddToken => SavedProfile,
    RemoveProfile => (),
    RenameProfile => (),
    Undo => (),
    /// Lists stored profiles OpenClaw never tries and drops entries no store holds.
    Repair => super::untried::Repaired,
    /// The order the accounts' headroom suggests for a provider.
    SuggestOrder => super::usage::SuggestedOrder,
    /// Each account's quota; on another host its tokens stay there.
    Usage => super::usage::UsageReport,
    SetOrder => (),
}

#[derive(Clone, Default, Serialize, Deserialize)]
pub struct ListAgents {}

#[derive(Clone, Serialize, Deserialize)]
pub struct AgentReport {
    pub agent: String,
}

#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Health {}

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddKey {
    pub agent: String,
    pub provider: String,
    pub profile_id: Option<String>,
    pub secret: String,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddToken {
    pub agent: String,
    pub provider: String,
    pub profile_id: Option<String>,
    pub token: String,
    pub expires_in: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoveProfile {
    pub agent: String,
    pub profile_id: String,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct RenameProfile {
    pub agent: String,
    pub from: String,
    pub to: String,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct Undo {
    pub agent: String,
}

/// `profile_id`: only that one.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repair {
    pub profile_id: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct SuggestOrder {
    pub agent: String,
    pub provider: String,
}

/// `now`: ask the providers even within five minutes of the last check.
#[derive(Clone, Serialize, Deserialize)]
pub struct Usage {
    pub agent: String,
    pub now: bool,
}

/// `profile_ids: None` removes the order ("reset to automatic").
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetOrder {
    pub agent: String,
    pub provider: String,
    pub profile_ids: Option<Vec<String>>,
    pub scope: OrderScope,
}

/// What `AddKey` and `AddToken` answer: the id saved and the mask only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedProfile {
    pub profile_id: String,
    /// The secret as it may be shown: first and last characters only.
    pub masked: String,
}

impl From<profiles::SavedSecret> for SavedProfile {
    fn from(s: profiles::SavedSecret) -> Self {
        SavedProfile {
            profile_id: s.saved.profile_id,
            masked: s.masked,
        }
    }
}

fn failed(e: impl Into<AppError>) -> Failure {
    let e = e.into();
    Failure::new(e.code(), e.to_string())
}

fn json(v: impl Serialize) -> Value {
    serde_json::to_value(v).expect("report types serialise")
}

impl Verb for ListAgents {
    type Answer = crate::agents::AgentList;
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        agents::list(install, at.now).map_err(failed)
    }
}

impl Verb for AgentReport {
    type Answer = crate::report::AgentReport;
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        let report =
            status::agent(install, Some(&self.agent), at.now, at.warn_ms).map_err(failed)?;
        match report.error {
            Some(problem) => Err(problem),
            None => Ok(report),
        }
    }
}

impl Verb for Health {
    type Answer = crate::attention::Attention;
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        Ok(status::health(install, at.now, at.warn_ms).1)
    }
}

impl Verb for SuggestOrder {
    type Answer = super::usage::SuggestedOrder;
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        super::usage::suggest_order(install, Some(&self.agent), &self.provider, at.now)
            .map_err(failed)
    }
}

impl Verb for Usage {
    type Answer = super::usage::UsageReport;
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        let target = install.agent(Some(&self.agent)).map_err(failed)?;
        super::usage::usage(install, &[target], at.now, self.now).map_err(failed)
    }
}

impl Verb for AddKey {
    type Answer = SavedProfile;
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        let key = Secret::new(normalize_pasted(&self.secret));
        profiles::add_key(
            install,
            Some(&self.agent),
            &self.provider,
            self.profile_id.as_deref(),
            &key,
            at.now,
        )
        .map(SavedProfile::from)
        .map_err(failed)
    }
}

impl Verb for AddToken {
    type Answer = SavedProfile;
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        let token = Secret::new(normalize_pasted(&self.token));
        profiles::add_token(
            install,
            Some(&self.agent),
            &self.provider,
            self.profile_id.as_deref(),
            &token,
            self.expires_in.as_deref(),
            at.now,
        )
        .map(SavedProfile::from)
        .map_err(failed)
    }
}

impl Verb for RemoveProfile {
    type Answer = ();
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        removal::remove(install, Some(&self.agent), &self.profile_id, at.now)
            .map(drop)
            .map_err(failed)
    }
}

impl Verb for RenameProfile {
    type Answer = ();
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        profiles::rename(install, Some(&self.agent), &self.from, &self.to, at.now)
            .map(drop)
            .map_err(failed)
    }
}

impl Verb for Repair {
    type Answer = super::untried::Repaired;
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        super::untried::repair(install, self.profile_id.as_deref(), at.now).map_err(failed)
    }
}

impl Verb for Undo {
    type Answer = ();
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        removal::undo(install, Some(&self.agent), at.now)
            .map(drop)
            .map_err(failed)
    }
}

impl Verb for SetOrder {
    type Answer = ();
    fn perform(self, install: &mut Install, at: At) -> Result<Self::Answer, Failure> {
        order::set(
            install,
            Some(&self.agent),
            &self.provider,
            self.profile_ids.as_deref(),
            self.scope,
            at.now,
        )
        .map(drop)
        .map_err(failed)
    }
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
        assert_eq!(
            serde_json::to_value(Op::from(ListAgents {})).unwrap(),
            serde_json::json!({"op": "list_agents"}),
            "the wire form an older serve reads"
        );
        assert!(
            !added.to_string().contains("sk-or-v1-ops-0123456789"),
            "mask only"
        );
        let report = AgentReport {
            agent: "main".into(),
        }
        .perform(&mut install, At { now: 1, warn_ms: 1 })
        .unwrap();
        assert_eq!(report.profiles[0].profile_id, "openrouter:default");
        let e = perform(
            &mut install,
            RemoveProfile {
                agent: "nobody".into(),
                profile_id: "x:y".into(),
            }
            .into(),
            1,
            1,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
    }
}

#[cfg(test)]
mod wire {
    use super::*;

    /// What `serve` sends for `verb`, read back as the window reads it: the
    /// same value, or the far side's answers are lost on the way.
    fn round_trip<V: Verb + Clone>(install: &mut Install, verb: V) {
        let at = At { now: 1, warn_ms: 1 };
        let sent = perform(install, verb.clone().into(), at.now, at.warn_ms).expect("performed");
        let read: V::Answer = serde_json::from_value(sent.clone())
            .unwrap_or_else(|e| panic!("{sent} does not read back: {e}"));
        assert_eq!(json(read), sent);
    }

    #[test]
    fn every_answer_reads_back_as_it_was_sent() {
        let dir = tempfile::tempdir().unwrap();
        let mut install = Install::for_tests(dir.path());
        std::fs::create_dir_all(install.state().path.join("agents/main/agent")).unwrap();
        let agent = || "main".to_owned();
        round_trip(
            &mut install,
            AddKey {
                agent: agent(),
                provider: "openrouter".into(),
                profile_id: None,
                secret: "sk-or-v1-wire-0123456789".into(),
            },
        );
        round_trip(&mut install, ListAgents {});
        round_trip(&mut install, AgentReport { agent: agent() });
        round_trip(&mut install, Health {});
        round_trip(&mut install, Repair { profile_id: None });
        round_trip(
            &mut install,
            SuggestOrder {
                agent: agent(),
                provider: "openrouter".into(),
            },
        );
        round_trip(
            &mut install,
            Usage {
                agent: agent(),
                now: false,
            },
        );
    }
}
