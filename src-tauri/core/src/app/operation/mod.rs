//! One operation, all or nothing as the user sees it: a write that touches
//! more than one place — a store and `openclaw.json`, the two files of a
//! JSON-era store, the keyring — under Authtray's own lock from its first
//! part to its last, so Authtray processes never interleave.
//!
//! The store write is the commit point. What `openclaw.json` gains (a new
//! profile's `auth.profiles` entry and place in `auth.order`) is written
//! before it, what it loses (a removed profile's) after it: at every moment
//! the config lists a superset of what is stored, and OpenClaw skips a
//! listed id it does not store, while a stored id the config does not list
//! is never tried. An intent record (`intent.rs`) is written before the
//! first part and removed after the last; the next Authtray process that
//! opens the install ([`crate::app::open`]) or writes to it reads the
//! store, tells from it whether the commit point was passed, and finishes
//! the rest or takes back what was done — the same settling the operation
//! itself ends with. docs/architecture.md says why this order.

mod config;
mod intent;
pub mod listing;
mod settle;

use config::apply_listing;
pub use config::edit_config;
pub use intent::{KeyringEnd, KeyringStep, ProfileChange, fingerprint};
pub use listing::{Entry, Listing};
pub use settle::recover;
use settle::settle;

use super::AppError;
use crate::config::Config;
use crate::install::Install;
use crate::keychain;
use crate::secret::Secret;
use crate::store::{Location, StoreError, load};
use crate::time::{EpochMs, now_ms};
use intent::Intent;
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

/// How often a config edit is tried again when OpenClaw (or an editor)
/// rewrote `openclaw.json` between Authtray's read and its rename.
const CONFIG_ATTEMPTS: u32 = 5;

/// What an operation writes.
pub struct Plan {
    /// For people: "add openrouter:work to main".
    pub what: String,
    /// The store whose write is the commit point.
    pub store: Location,
    pub changes: Vec<ProfileChange>,
    /// A keyring entry the operation writes (with the secret, written
    /// before the store) or deletes (after it).
    pub keyring: Option<(KeyringStep, Option<Secret>)>,
}

impl ProfileChange {
    /// Profile `id` going from `before` to `after` (`None`: absent), its
    /// provider and type read from whichever credential there is.
    pub fn of(
        id: &str,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
    ) -> Self {
        let text = |key: &str| {
            after
                .or(before)
                .and_then(|c| c.get(key))
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let mode = Some(text("type"))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| text("mode"));
        Self {
            profile: id.to_owned(),
            provider: crate::store::normalize_provider(&text("provider")),
            mode,
            before: before.map(fingerprint),
            after: after.map(fingerprint),
            promoted: false,
            in_place_of: None,
        }
    }
}

/// What an operation did beside its store write.
#[derive(Debug, Default)]
pub struct Done<T> {
    pub out: T,
    /// `openclaw.json` was changed.
    pub config_updated: bool,
    /// The original of an `openclaw.json` that used JSON5 syntax.
    pub config_backup: Option<PathBuf>,
}

/// An operation that did not end as asked, said as it is.
#[derive(Debug, thiserror::Error)]
pub enum OperationError {
    /// The store was written, then a later part failed.
    #[error("{what}: written to {store}, but then: {source}")]
    AfterSave {
        what: String,
        store: String,
        source: Box<AppError>,
    },
    /// The store was not written, and what `openclaw.json` had gained for
    /// it could not all be taken back.
    #[error(
        "{what}: nothing was stored ({source}); openclaw.json still lists it ({left}) — harmless, OpenClaw skips ids it does not store; `authtray-cli repair` removes the entry"
    )]
    ListedNotStored {
        what: String,
        left: String,
        source: Box<AppError>,
    },
    /// Whether the store was written cannot be told now.
    #[error(
        "{what}: cannot tell whether it was saved ({source}); Authtray finishes or takes it back the next time it opens this install"
    )]
    Unsettled { what: String, source: Box<AppError> },
}

impl crate::error::Classify for OperationError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::AfterSave { source, .. }
            | Self::ListedNotStored { source, .. }
            | Self::Unsettled { source, .. } => source.code(),
        }
    }
}

/// Where an operation is, for tests that stop or disturb it there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Recorded,
    Listed,
    Stored,
}

#[cfg(test)]
type Hook = Box<dyn FnMut(Step, &Install)>;

#[cfg(test)]
thread_local! {
    pub static AT_STEP: std::cell::RefCell<Option<Hook>> = std::cell::RefCell::new(None);
}

#[cfg(test)]
fn at(step: Step, install: &Install) {
    AT_STEP.with(|hook| {
        if let Some(f) = hook.borrow_mut().as_mut() {
            f(step, install);
        }
    });
}

#[cfg(not(test))]
fn at(_: Step, _: &Install) {}

/// Runs `write` (the store write) as the commit point of `plan`: lists new
/// profiles in `openclaw.json` first, unlists removed ones after, with the
/// keyring step around it; see the module docs.
pub fn run<T>(
    install: &mut Install,
    plan: Plan,
    now: EpochMs,
    write: impl FnOnce(&Install) -> Result<T, AppError>,
) -> Result<Done<T>, AppError> {
    let _lock = install.lock()?;
    recover(install);
    install.reload_config();
    let config = install.config()?.clone();
    let listing = Listing::to_list(&config, &entries(&plan.changes));
    let mut listed = config.clone();
    let mut auth = auth_map(&listed);
    listing.apply(&mut auth);
    listed
        .root
        .insert("auth".into(), serde_json::Value::Object(auth));
    let gone = unlisted_ids(install, &plan);
    let unlisting = Listing::to_unlist(&listed, &gone);
    let (keyring, secret) = match plan.keyring {
        Some((step, secret)) => (Some(step), secret),
        None => (None, None),
    };
    let intent = Intent {
        v: intent::VERSION,
        pid: std::process::id(),
        started_at: now_ms(),
        what: plan.what,
        store: plan.store,
        changes: plan.changes,
        listing,
        unlisting,
        keyring,
    };
    let record = needs_record(&intent).then(|| intent_path(install));
    if let Some(path) = &record {
        intent::save(path, &intent).map_err(StoreError::from)?;
    }
    at(Step::Recorded, install);
    let _inside = Inside::enter();
    let (mut config_updated, mut config_backup, mut listed) = (false, None, false);
    let mut first = || {
        if !intent.listing.is_empty() {
            let (changed, backup) = apply_listing(install, &intent.listing, now)?;
            config_updated = changed;
            config_backup = backup;
        }
        listed = true;
        at(Step::Listed, install);
        if let (Some(step), Some(secret)) = (&intent.keyring, &secret) {
            keychain::put(&step.entry, secret.expose())?;
        }
        Ok::<_, AppError>(())
    };
    let stored = match first() {
        Ok(()) => write(install),
        Err(e) => Err(e),
    };
    at(Step::Stored, install);
    let settled = settle(install, &intent, listed, now);
    if let Some(path) = &record
        && settled.is_ok()
    {
        let _ = intent::clear(path);
    }
    match (stored, settled) {
        (Ok(out), Ok(s)) if s.written || intent.changes.iter().all(|c| c.before == c.after) => {
            if let Some(why) = s.trouble {
                install.note(format!(
                    "{}: done; {why} — harmless: OpenClaw skips ids it does not store, and `authtray-cli repair` tidies it",
                    intent.what
                ));
            }
            Ok(Done {
                out,
                config_updated: config_updated || s.config_changed,
                config_backup: config_backup.or(s.config_backup),
            })
        }
        // The write changed nothing (a refusal decided on the store as it
        // is): the listing was taken back.
        (Ok(out), Ok(_)) => Ok(Done {
            out,
            config_updated: false,
            config_backup: None,
        }),
        (Err(e), Ok(s)) if s.written => Err(OperationError::AfterSave {
            what: intent.what.clone(),
            store: intent.store.to_string(),
            source: Box::new(e),
        }
        .into()),
        (Err(e), Ok(s)) => match s.trouble {
            Some(left) => Err(OperationError::ListedNotStored {
                what: intent.what.clone(),
                left,
                source: Box::new(e),
            }
            .into()),
            None => Err(e),
        },
        (Ok(_), Err(e)) | (Err(_), Err(e)) => Err(OperationError::Unsettled {
            what: intent.what.clone(),
            source: Box::new(e),
        }
        .into()),
    }
}

thread_local! {
    // (Clippy 1.96, which checks the Windows and macOS builds, asks for a
    // `const` initializer here although it is one.)
    #[allow(clippy::missing_const_for_thread_local)]
    static INSIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// This thread is inside an operation: its own record is not a crashed one.
struct Inside;

impl Inside {
    fn enter() -> Self {
        INSIDE.with(|i| i.set(true));
        Self
    }

    fn now() -> bool {
        INSIDE.with(std::cell::Cell::get)
    }
}

impl Drop for Inside {
    fn drop(&mut self) {
        INSIDE.with(|i| i.set(false));
    }
}

/// The entries a store write makes present.
fn entries(changes: &[ProfileChange]) -> Vec<Entry> {
    changes
        .iter()
        .filter(|c| c.after.is_some())
        .map(|c| Entry {
            profile: c.profile.clone(),
            provider: c.provider.clone(),
            mode: c.mode.clone(),
            in_place_of: c.in_place_of.clone(),
        })
        .collect()
}

/// The ids a store write removes that no other store of the install
/// still holds (those stay listed).
fn unlisted_ids(install: &Install, plan: &Plan) -> Vec<String> {
    let gone: Vec<String> = plan
        .changes
        .iter()
        .filter(|c| c.after.is_none())
        .map(|c| c.profile.clone())
        .collect();
    if gone.is_empty() {
        return gone;
    }
    let elsewhere = stored_anywhere(install, Some(&plan.store));
    gone.into_iter()
        .filter(|id| !elsewhere.contains(id))
        .collect()
}

/// Every profile id some store of the install holds (but `except`); a
/// store that cannot be read counts as holding everything it might.
pub fn stored_anywhere(install: &Install, except: Option<&Location>) -> BTreeSet<String> {
    let mut seen = HashSet::new();
    let mut out = BTreeSet::new();
    let Ok(agents) = install.targets(true, None) else {
        return out;
    };
    for agent in &agents {
        let layers = install.layers(agent);
        for loc in [Some(layers.own), Some(layers.credentials), layers.shared]
            .into_iter()
            .flatten()
        {
            if Some(&loc) == except || !seen.insert(loc.clone()) {
                continue;
            }
            if let Ok(store) = load(install.store(), &loc) {
                out.extend(store.profiles.keys().cloned());
            }
        }
    }
    out
}

/// An intent record is needed when the store write is not the only part:
/// config entries around it, a keyring entry, or a JSON-era store (two
/// files, the second holding the order).
fn needs_record(intent: &Intent) -> bool {
    !intent.listing.is_empty()
        || !intent.unlisting.is_empty()
        || intent.keyring.is_some()
        || matches!(intent.store, Location::Files(_)) && !intent.changes.is_empty()
}

fn intent_path(install: &Install) -> PathBuf {
    intent::path(install.data_dir(), &install.state().path)
}

fn auth_map(config: &Config) -> serde_json::Map<String, serde_json::Value> {
    config
        .root
        .get("auth")
        .and_then(serde_json::Value::as_object)
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
