//! Settling an operation — its own end, or a crashed process's record:
//! the store tells whether the commit point was passed, and the rest is
//! finished or taken back (see the module docs of `operation`).

use super::config::change_listing;
use super::intent::{self, Intent};
use super::{AppError, Inside, KeyringEnd, fingerprint, intent_path, listing};
use crate::install::Install;
use crate::keychain;
use crate::store::{AuthStore, Location, load};
use crate::time::{EpochMs, now_ms, to_iso};
use std::path::PathBuf;

/// How an operation ended, from the store as it is.
#[derive(Debug, Default)]
pub(super) struct Settled {
    pub(super) written: bool,
    pub(super) config_changed: bool,
    pub(super) config_backup: Option<PathBuf>,
    /// What could not be put in order (config entries someone else
    /// changed, a config that cannot be written).
    pub(super) trouble: Option<String>,
}

/// Ends `intent` as the store says it went: written → the listing (unless
/// `listed`: made just before), the rest of the store's own references
/// (JSON era), the unlisting, the keyring end; not written → the listing
/// taken back, the keyring entry deleted. Callers hold Authtray's lock.
pub(super) fn settle(
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
