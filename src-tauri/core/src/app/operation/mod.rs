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

mod intent;
pub mod listing;

pub use intent::{KeyringEnd, KeyringStep, ProfileChange, fingerprint};
pub use listing::{Entry, Listing};

use super::AppError;
use crate::config::{Config, ConfigError};
use crate::install::Install;
use crate::keychain;
use crate::secret::Secret;
use crate::store::{AuthStore, Location, StoreError, load};
use crate::time::{EpochMs, now_ms, to_iso};
use intent::Intent;
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::time::Duration;

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

/// Edits `openclaw.json` under Authtray's own lock and OpenClaw's config
/// lock (`openclaw.json.lock`, which OpenClaw's own config writes take),
/// from the file as it is now; when a program that takes no lock rewrote
/// it between the read and the rename, the edit is made again on what it
/// wrote (a few times, then [`ConfigError::Changed`]).
pub fn edit_config<T>(
    install: &mut Install,
    mut edit: impl FnMut(&mut Config) -> Result<T, ConfigError>,
) -> Result<T, AppError> {
    let _lock = install.lock()?;
    let sidecar = crate::store::lock::lock_path_for(install.config_path()).map_err(|source| {
        StoreError::Lock(crate::store::lock::LockError::Io {
            path: install.config_path().to_path_buf(),
            source,
        })
    })?;
    let policy =
        crate::store::lock::LockPolicy::CONFIG.with_budget(install.store().lock_policy.budget);
    let _openclaws = crate::store::lock::acquire(&sidecar, policy).map_err(StoreError::from)?;
    for attempt in 1.. {
        install.reload_config();
        let mut fresh = install.config()?.clone();
        match edit(&mut fresh) {
            Err(ConfigError::Changed { .. }) if attempt < CONFIG_ATTEMPTS => {
                std::thread::sleep(Duration::from_millis(5 * u64::from(attempt)));
            }
            Err(e) => {
                install.reload_config();
                return Err(e.into());
            }
            Ok(out) => {
                install.set_config(fresh);
                return Ok(out);
            }
        }
    }
    unreachable!("the loop returns")
}

/// Applies `listing` to `openclaw.json` (nothing is written when it is
/// already there): whether it changed, and the JSON5 original's backup.
fn apply_listing(
    install: &mut Install,
    listing: &Listing,
    now: EpochMs,
) -> Result<(bool, Option<PathBuf>), AppError> {
    change_listing(install, now, |auth| listing.apply(auth)).map(|(a, b)| (a.changed, b))
}

fn change_listing(
    install: &mut Install,
    now: EpochMs,
    change: impl Fn(&mut serde_json::Map<String, serde_json::Value>) -> listing::Applied,
) -> Result<(listing::Applied, Option<PathBuf>), AppError> {
    edit_config(install, |c| {
        let mut auth = auth_map(c);
        let applied = change(&mut auth);
        if !applied.changed {
            return Ok((applied, None));
        }
        let backup = c.update_auth(now, |a| {
            change(a);
        })?;
        Ok((applied, backup))
    })
}

/// How an operation ended, from the store as it is.
#[derive(Debug, Default)]
struct Settled {
    written: bool,
    config_changed: bool,
    config_backup: Option<PathBuf>,
    /// What could not be put in order (config entries someone else
    /// changed, a config that cannot be written).
    trouble: Option<String>,
}

/// Ends `intent` as the store says it went: written → the listing (unless
/// `listed`: made just before), the rest of the store's own references
/// (JSON era), the unlisting, the keyring end; not written → the listing
/// taken back, the keyring entry deleted. Callers hold Authtray's lock.
fn settle(
    install: &mut Install,
    intent: &Intent,
    listed: bool,
    now: EpochMs,
) -> Result<Settled, AppError> {
    let store = load(install.store(), &intent.store)?;
    let written = intent.written(|id| store.profiles.get(id).map(fingerprint));
    let mut out = Settled {
        written,
        ..Settled::default()
    };
    if written && matches!(intent.store, Location::Files(_)) && needs_references(&store, intent) {
        crate::store::update(install.store(), &intent.store, |st| {
            settle_references(st, intent);
            Ok(())
        })?;
    }
    let nothing = if written {
        (listed || intent.listing.is_empty()) && intent.unlisting.is_empty()
    } else {
        intent.listing.is_empty()
    };
    let config = if nothing {
        Ok((listing::Applied::default(), None))
    } else {
        change_listing(install, now, |auth| {
            if written {
                let mut a = intent.listing.apply(auth);
                let b = intent.unlisting.apply(auth);
                a.changed |= b.changed;
                a.left.extend(b.left);
                a
            } else {
                intent.listing.revert(auth)
            }
        })
    };
    match config {
        Ok((applied, backup)) => {
            out.config_changed = applied.changed;
            out.config_backup = backup;
            if !applied.left.is_empty() {
                out.trouble = Some(format!(
                    "openclaw.json was changed meanwhile at {}, left as it is",
                    applied.left.join(", ")
                ));
            }
        }
        Err(e) if written || !intent.listing.is_empty() => {
            out.trouble = Some(format!("openclaw.json could not be updated ({e})"));
        }
        Err(_) => {}
    }
    if let Some(step) = &intent.keyring {
        let end = if written {
            step.if_written
        } else {
            step.if_not
        };
        let referred = store
            .profiles
            .values()
            .any(|p| keychain::ref_of(p).is_some_and(|(id, _, _)| id == step.entry));
        if end == KeyringEnd::Delete && !referred {
            keychain::delete(&step.entry);
        }
    }
    Ok(out)
}

/// A JSON-era store whose first file was written but not its second: the
/// order, last-good and usage references of the changed profiles.
fn needs_references(store: &AuthStore, intent: &Intent) -> bool {
    let mut fixed = store.clone();
    settle_references(&mut fixed, intent);
    fixed != *store
}

fn settle_references(store: &mut AuthStore, intent: &Intent) {
    for c in &intent.changes {
        match (&c.after, &c.in_place_of) {
            (Some(_), Some(from)) if !store.profiles.contains_key(from) => {
                store.repoint(from, &c.profile);
            }
            (Some(_), _) if c.promoted => store.ensure_ordered(&c.provider, &c.profile),
            (None, _) if !store.profiles.contains_key(&c.profile) => store.forget(&c.profile),
            _ => {}
        }
    }
}

/// Finishes, or takes back, an operation a crashed Authtray process left
/// on this install, unless another process is in one now. What it did is
/// a note of the install (the CLI prints notes; the window shows them).
pub fn recover(install: &mut Install) {
    let path = intent_path(install);
    if Inside::now() || !path.exists() {
        return;
    }
    let Ok(Some(_lock)) = crate::store::own_lock::OwnLock::try_take(&install.state().path) else {
        return;
    };
    let intent = match intent::load(&path) {
        Ok(Some(intent)) => intent,
        Ok(None) => return,
        Err(e) => {
            let _ = intent::clear(&path);
            install.note(format!(
                "an operation record Authtray could not read was removed ({e}); `authtray-cli status` shows anything left half-done"
            ));
            return;
        }
    };
    let when = to_iso(intent.started_at);
    match settle(install, &intent, false, now_ms()) {
        Ok(s) => {
            let _ = intent::clear(&path);
            let mut note = if s.written {
                format!(
                    "finished \"{}\", which an Authtray process (pid {}) left half-done at {when}",
                    intent.what, intent.pid
                )
            } else {
                format!(
                    "took back what an Authtray process (pid {}) had written of \"{}\" at {when} before it stopped; it was not saved",
                    intent.pid, intent.what
                )
            };
            if let Some(why) = s.trouble {
                note.push_str(&format!("; {why}"));
            }
            install.note(note);
        }
        Err(e) => install.note(format!(
            "\"{}\" was left half-done by an Authtray process (pid {}) at {when}, and cannot be put in order yet: {e}",
            intent.what, intent.pid
        )),
    }
}

#[cfg(test)]
mod tests;
