//! The words shown to people, once: remaining-time phrases, who keeps a
//! login alive and what to run when it ends, alert and notification texts,
//! refresh outcomes. The tray, notifications, `authtray-cli` and the window
//! (through the reports it receives) all say the same thing.

use crate::health::Problem;
use crate::refresh::Outcome;
use crate::store::Owner;
use crate::time::{EpochMs, format_remaining};

/// `expires in 3h` / `expired 2d ago` (`0m` at the moment itself).
pub fn expiry(expires_at: EpochMs, now: EpochMs) -> String {
    if expires_at > now {
        format!("expires in {}", format_remaining(expires_at - now))
    } else {
        format!("expired {} ago", format_remaining(now - expires_at))
    }
}

/// What to do when a login of `owner` has ended or is ending: the words,
/// and the command when one does it. `None` when nothing is to be done
/// (a store-owned OAuth login OpenClaw refreshes before use).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NextStep {
    pub text: String,
    pub command: Option<String>,
}

/// The next step for profile `profile_id` of `provider` in `agent`.
/// `refreshed`: its store's owner renews it by itself.
pub fn next_step(
    owner: Owner,
    provider: &str,
    profile_id: &str,
    agent: &str,
    refreshed: bool,
    ended: bool,
) -> Option<NextStep> {
    let step = |text: &str, command: Option<String>| {
        Some(NextStep {
            text: text.to_owned(),
            command,
        })
    };
    match owner {
        Owner::ClaudeCode => step(owner_hint(owner)?, Some("claude".into())),
        Owner::CodexCli => step(owner_hint(owner)?, Some("codex login".into())),
        Owner::MinimaxCli => step(owner_hint(owner)?, None),
        Owner::Store if refreshed && !ended => None,
        Owner::Store => step(
            "log in again",
            Some(login_command(provider, agent, profile_id)),
        ),
        Owner::Static => step(
            "paste a new token",
            Some(format!(
                "authtray-cli profiles paste-token --provider {provider} --profile-id {profile_id} --agent {agent}"
            )),
        ),
    }
}

/// The command that logs a profile in again.
pub fn login_command(provider: &str, agent: &str, profile_id: &str) -> String {
    format!("authtray-cli login --provider {provider} --agent {agent} --profile-id {profile_id}")
}

/// What a refresh outcome means, after its status word: `valid for 3h`,
/// why it was skipped or failed and when it is tried again.
pub fn refresh_detail(outcome: &Outcome, now: EpochMs) -> String {
    match outcome {
        Outcome::Refreshed { expires } => {
            format!("valid for {}", format_remaining(expires - now))
        }
        Outcome::Skipped(why) | Outcome::NeedsReconnect(why) => why.clone(),
        Outcome::Failed { reason, retry_at } => {
            format!("{reason}; next try in {}", format_remaining(retry_at - now))
        }
    }
}

/// What an alert says about its profile: `expires in 3h`, `expired 2h ago`,
/// `missing credential`, `not refreshed for 5h`, `needs reconnect`.
pub fn alert_phrase(problem: &Problem, expires_at: Option<EpochMs>, now: EpochMs) -> String {
    match (problem, expires_at) {
        (Problem::Expiring, Some(t)) => format!("expires in {}", format_remaining(t - now)),
        (Problem::Expiring, None) => "expiring".into(),
        (Problem::Expired, Some(t)) => format!("expired {} ago", format_remaining(now - t)),
        (Problem::Expired, None) => "expired".into(),
        (Problem::Missing, _) => "missing credential".into(),
        (Problem::NotRefreshed, Some(t)) => {
            format!("not refreshed for {}", format_remaining(now - t))
        }
        (Problem::NotRefreshed, None) => "not being refreshed".into(),
        (Problem::NeedsReconnect, _) => "needs reconnect".into(),
        (Problem::Stranded, _) => "stranded in a retired JSON file".into(),
        (Problem::NeverTried, _) => "stored but never tried by OpenClaw".into(),
    }
}

/// Who keeps a profile alive, as the window says it beside the profile.
pub fn owner_words(owner: Owner) -> &'static str {
    match owner {
        Owner::Store => "kept alive by OpenClaw / Authtray",
        Owner::ClaudeCode => "Claude Code's login",
        Owner::CodexCli => "Codex CLI's login",
        Owner::MinimaxCli => "MiniMax CLI's login",
        Owner::Static => "static",
    }
}

/// Who to turn to when another program owns a login (`None`: Authtray or
/// the user reconnects it here).
pub fn owner_hint(owner: Owner) -> Option<&'static str> {
    match owner {
        Owner::ClaudeCode => Some("Claude Code owns this login: run `claude` to refresh it."),
        Owner::CodexCli => Some("Codex CLI owns this login: run `codex login`."),
        Owner::MinimaxCli => Some("The MiniMax CLI owns this login: log in with it again."),
        Owner::Store | Owner::Static => None,
    }
}

/// How many seconds the clipboard keeps a copied secret.
pub fn cleared_after(secs: u64) -> String {
    format!("cleared after {secs} seconds unless you copy something else")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::HOUR;

    #[test]
    fn expiry_phrases() {
        assert_eq!(expiry(3 * HOUR, 0), "expires in 3h");
        assert_eq!(expiry(0, 2 * HOUR), "expired 2h ago");
        assert_eq!(expiry(5, 5), "expired 0m ago");
    }

    #[test]
    fn next_steps_name_the_owner_and_the_command() {
        let s = |o, refreshed, ended| {
            next_step(o, "anthropic", "anthropic:work", "ops", refreshed, ended)
        };
        assert_eq!(s(Owner::Store, true, false), None, "OpenClaw refreshes it");
        assert_eq!(
            s(Owner::Store, true, true).unwrap().command.unwrap(),
            "authtray-cli login --provider anthropic --agent ops --profile-id anthropic:work"
        );
        assert!(
            s(Owner::ClaudeCode, false, true)
                .unwrap()
                .text
                .contains("claude")
        );
        assert!(
            s(Owner::Static, false, false)
                .unwrap()
                .command
                .unwrap()
                .contains("paste-token")
        );
    }
}
