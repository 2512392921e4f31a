//! Writes OpenClaw makes for Authtray. Where a store's schema is not one
//! Authtray writes itself (`store::verified`: a release newer than this
//! Authtray), a change goes through the install's running gateway — the
//! RPC this version offers for it, discovered from the gateway's hello —
//! or else through the install's own `openclaw` command line; OpenClaw then
//! lists the profile in `openclaw.json` and tells its gateway itself. What
//! neither offers is refused with what to do instead.

use super::AppError;
use crate::gateway::{Gateway, GatewayError, Session};
use crate::install::{AgentRef, Install};
use crate::openclaw_cli::{OpenclawCli, OpenclawCliError};
use crate::secret::Secret;
use serde_json::{Value, json};
use std::time::Duration;

/// A gateway write can take a while (it writes and reloads its auth state).
const GATEWAY_WAIT: Duration = Duration::from_secs(60);

/// The way a change went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Way {
    Gateway { port: u16 },
    Cli { program: std::path::PathBuf },
}

impl Way {
    pub fn describe(&self) -> String {
        match self {
            Self::Gateway { port } => format!("through OpenClaw's running gateway (port {port})"),
            Self::Cli { program } => format!("through OpenClaw's own CLI ({})", program.display()),
        }
    }
}

/// What OpenClaw did for Authtray.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delegated {
    pub way: Way,
    /// The profile it saved (an add).
    pub profile_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DelegateError {
    /// Neither the gateway nor the CLI offers the operation.
    #[error(
        "{what}: this store's schema is written through OpenClaw, and it offers no way to do that here ({why}); {instead}"
    )]
    NoWay {
        what: String,
        why: String,
        instead: String,
    },
    /// The gateway refused or failed; Authtray wrote nothing itself.
    #[error("{what} through OpenClaw's gateway (port {port}) failed: {said}")]
    Gateway {
        what: String,
        port: u16,
        said: crate::gateway::GatewayError,
    },
    #[error("{what} goes through OpenClaw here ({why}), but {source}")]
    Cli {
        what: String,
        why: String,
        source: OpenclawCliError,
    },
}

impl crate::error::Classify for DelegateError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::NoWay { .. } => crate::error::ErrorCode::ReadOnly,
            Self::Gateway { .. } => crate::error::ErrorCode::Unavailable,
            Self::Cli { source, .. } => source.code(),
        }
    }
}

/// The running gateway of the install, if it offers `method`.
fn gateway_offering(install: &Install, method: &str) -> Option<(u16, Session)> {
    let config = install.config().ok()?;
    let gateway = Gateway::of(install.env(), config);
    let session = gateway.connect(GATEWAY_WAIT).ok().flatten()?;
    session.offers(method).then_some((gateway.port, session))
}

fn gateway_call(
    what: &str,
    port: u16,
    mut session: Session,
    method: &str,
    params: Value,
) -> Result<Value, AppError> {
    session.call(method, params).map_err(|said| {
        DelegateError::Gateway {
            what: what.to_owned(),
            port,
            said,
        }
        .into()
    })
}

/// Runs an `openclaw models auth …` command for `agent`: `--agent` after
/// the subcommand (2026.9), or before it where the release takes it only
/// there (2026.6–7 `paste-*`).
fn cli_auth(
    install: &Install,
    what: &str,
    agent: &AgentRef,
    command: &[&str],
    rest: &[&str],
    secret: Option<&Secret>,
) -> Result<(Way, String), AppError> {
    let failed = |source| DelegateError::Cli {
        what: what.to_owned(),
        why: install.store().why_through_openclaw(),
        source,
    };
    let cli = OpenclawCli::locate(install.env()).map_err(failed)?;
    let state = &install.state().path;
    let after: Vec<&str> = ["models", "auth"]
        .iter()
        .chain(command)
        .chain(&["--agent", agent.id.as_str()])
        .chain(rest)
        .copied()
        .collect();
    let out = match cli.run(install.env(), state, &after, secret) {
        Err(OpenclawCliError::Failed { said, .. })
            if said.contains("--agent") && said.contains("recogni") =>
        {
            let before: Vec<&str> = ["models", "auth", "--agent", agent.id.as_str()]
                .iter()
                .chain(command)
                .chain(rest)
                .copied()
                .collect();
            cli.run(install.env(), state, &before, secret)
        }
        other => other,
    }
    .map_err(failed)?;
    Ok((
        Way::Cli {
            program: cli.program,
        },
        out,
    ))
}

/// The id OpenClaw says it saved ("Auth profile: openrouter:manual (…)").
fn said_profile(out: &str) -> Option<String> {
    out.lines()
        .find_map(|l| l.trim().strip_prefix("Auth profile: "))
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
}

/// Saves an API key (`provider` in the era's name): the gateway's
/// `models.authSetApiKey` when the id is the one it picks, else
/// `openclaw models auth paste-api-key`.
pub fn add_key(
    install: &Install,
    agent: &AgentRef,
    provider: &str,
    profile_id: Option<&str>,
    key: &Secret,
) -> Result<Delegated, AppError> {
    let what = format!("saving the {provider} key for agent {}", agent.id);
    let default_id = format!("{provider}:manual");
    if profile_id.is_none_or(|p| p == default_id)
        && let Some((port, session)) = gateway_offering(install, "models.authSetApiKey")
    {
        let answer = gateway_call(
            &what,
            port,
            session,
            "models.authSetApiKey",
            json!({"provider": provider, "apiKey": key.expose(), "agentId": agent.id}),
        )?;
        return Ok(Delegated {
            way: Way::Gateway { port },
            profile_id: answer["profileId"].as_str().map(str::to_owned),
        });
    }
    let mut rest = vec!["--provider", provider];
    if let Some(id) = profile_id {
        rest.extend(["--profile-id", id]);
    }
    let (way, out) = cli_auth(install, &what, agent, &["paste-api-key"], &rest, Some(key))?;
    Ok(Delegated {
        way,
        profile_id: said_profile(&out).or(Some(profile_id.map_or(default_id, str::to_owned))),
    })
}

/// Saves a pasted token: `openclaw models auth paste-token`.
pub fn add_token(
    install: &Install,
    agent: &AgentRef,
    provider: &str,
    profile_id: Option<&str>,
    token: &Secret,
    expires_in: Option<&str>,
) -> Result<Delegated, AppError> {
    let what = format!("saving the {provider} token for agent {}", agent.id);
    let mut rest = vec!["--provider", provider];
    if let Some(id) = profile_id {
        rest.extend(["--profile-id", id]);
    }
    if let Some(d) = expires_in {
        rest.extend(["--expires-in", d]);
    }
    let (way, out) = cli_auth(install, &what, agent, &["paste-token"], &rest, Some(token))?;
    Ok(Delegated {
        way,
        profile_id: said_profile(&out).or_else(|| {
            Some(profile_id.map_or_else(|| format!("{provider}:manual"), str::to_owned))
        }),
    })
}

/// Removes a profile: the gateway's `models.authLogout`, else `openclaw
/// models auth logout --yes`.
pub fn remove(
    install: &Install,
    agent: &AgentRef,
    provider: &str,
    profile_id: &str,
) -> Result<Delegated, AppError> {
    let what = format!("removing {profile_id} from agent {}", agent.id);
    if let Some((port, session)) = gateway_offering(install, "models.authLogout") {
        gateway_call(
            &what,
            port,
            session,
            "models.authLogout",
            json!({"provider": provider, "profileIds": [profile_id], "agentId": agent.id}),
        )?;
        return Ok(Delegated {
            way: Way::Gateway { port },
            profile_id: None,
        });
    }
    match cli_auth(
        install,
        &what,
        agent,
        &["logout"],
        &[profile_id, "--yes"],
        None,
    ) {
        Err(AppError::Delegate(DelegateError::Cli {
            source: OpenclawCliError::Failed { said, .. },
            ..
        })) if said.contains("unknown command") => Err(DelegateError::NoWay {
            what,
            why: "this OpenClaw's CLI has no `models auth logout`, and no gateway of it is running"
                .into(),
            instead: "start its gateway (`openclaw gateway run`) and try again".into(),
        }
        .into()),
        other => other.map(|(way, _)| Delegated {
            way,
            profile_id: None,
        }),
    }
}

/// Sets (or with `None` clears) an agent's order: the gateway's
/// `models.authOrderSet` (it insists on every available profile; a list
/// it refuses goes to the CLI), else `openclaw models auth order set|clear`.
pub fn set_order(
    install: &Install,
    agent: &AgentRef,
    provider: &str,
    ids: Option<&[String]>,
) -> Result<Delegated, AppError> {
    let what = format!("the {provider} order of agent {}", agent.id);
    if let Some((port, session)) = gateway_offering(install, "models.authOrderSet") {
        let mut params = json!({"provider": provider, "agentId": agent.id});
        if let Some(ids) = ids {
            params["profileIds"] = json!(ids);
        }
        match gateway_call(&what, port, session, "models.authOrderSet", params) {
            Ok(_) => {
                return Ok(Delegated {
                    way: Way::Gateway { port },
                    profile_id: None,
                });
            }
            Err(AppError::Delegate(DelegateError::Gateway {
                said: GatewayError::Said(said),
                ..
            })) if said.contains("every available profile") => {}
            Err(e) => return Err(e),
        }
    }
    let (command, rest): (&str, Vec<&str>) = match ids {
        Some(ids) => (
            "set",
            std::iter::once("--provider")
                .chain(std::iter::once(provider))
                .chain(ids.iter().map(String::as_str))
                .collect(),
        ),
        None => ("clear", vec!["--provider", provider]),
    };
    let (way, _) = cli_auth(install, &what, agent, &["order", command], &rest, None)?;
    Ok(Delegated {
        way,
        profile_id: None,
    })
}

/// An operation OpenClaw offers no surface for, refused up front when the
/// store is not one Authtray writes itself.
pub fn refuse_unless_direct(
    install: &Install,
    loc: &crate::store::Location,
    what: &str,
    instead: &str,
) -> Result<(), AppError> {
    if install.store().writes_directly(loc) {
        return Ok(());
    }
    Err(DelegateError::NoWay {
        what: what.to_owned(),
        why: format!(
            "{} is not a schema Authtray writes itself, and OpenClaw has no command or gateway method for it",
            loc
        ),
        instead: instead.to_owned(),
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_saved_id_is_read_from_what_openclaw_printed() {
        let out = "Updated config: ~/state/openclaw.json\nAuth profile: openrouter:work (openrouter/api_key)\n";
        assert_eq!(said_profile(out).as_deref(), Some("openrouter:work"));
        assert_eq!(said_profile("nothing"), None);
    }
}
