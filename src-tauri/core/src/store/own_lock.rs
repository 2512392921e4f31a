//! Authtray's own OS lock, `S/locks/authtray.lock` (an `flock`, never one of
//! OpenClaw's files): it orders Authtray's processes, and the threads of one
//! process, before they touch an install — a store, `openclaw.json`, the
//! keyring, an operation's intent record. The OS releases it when its holder
//! dies, so a crash never leaves it held.
//!
//! It is re-entrant on one thread: an operation holds it across all its
//! parts, and the store writes and config edits inside take it again for
//! free. Another thread or process waits (up to the lock budget).

use super::lock::{Holder, LockError};
use crate::files::create_private_dir;
use fs4::fs_std::FileExt;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const FILE: &str = "locks/authtray.lock";

thread_local! {
    /// How deep this thread holds each own lock it holds.
    static HELD: RefCell<HashMap<PathBuf, usize>> = RefCell::new(HashMap::new());
}

/// Authtray's own lock of one state dir, held until dropped.
#[derive(Debug)]
pub struct OwnLock {
    path: PathBuf,
    /// The locked file, in the outermost guard of this thread only.
    file: Option<File>,
}

impl OwnLock {
    /// Takes the lock of `state`, waiting up to `budget` for another holder.
    pub fn take(state: &Path, budget: Duration) -> Result<Self, LockError> {
        Self::acquire(state, Some(budget)).map(|held| held.expect("waited"))
    }

    /// Takes the lock only if nobody holds it now.
    pub fn try_take(state: &Path) -> Result<Option<Self>, LockError> {
        Self::acquire(state, None)
    }

    /// Whether this thread holds the lock of `state`.
    pub fn held_here(state: &Path) -> bool {
        let path = state.join(FILE);
        HELD.with(|h| h.borrow().contains_key(&path))
    }

    fn acquire(state: &Path, budget: Option<Duration>) -> Result<Option<Self>, LockError> {
        let path = state.join(FILE);
        let nested = HELD.with(|h| match h.borrow_mut().get_mut(&path) {
            Some(depth) => {
                *depth += 1;
                true
            }
            None => false,
        });
        if nested {
            return Ok(Some(Self { path, file: None }));
        }
        let io_err = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        create_private_dir(path.parent().expect("has a parent")).map_err(io_err)?;
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(io_err)?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        while !file.try_lock_exclusive().map_err(io_err)? {
            match budget {
                Some(budget) if start.elapsed() < budget => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Some(_) => {
                    return Err(LockError::Busy {
                        holder: holder_of(&mut file),
                        path,
                    });
                }
                None => return Ok(None),
            }
        }
        // Who holds it, for the message a waiter gets (not a lock protocol:
        // the flock is the lock).
        let _ = file.set_len(0).and_then(|()| {
            file.rewind()?;
            write!(file, "{}", std::process::id())
        });
        HELD.with(|h| h.borrow_mut().insert(path.clone(), 1));
        Ok(Some(Self {
            path,
            file: Some(file),
        }))
    }
}

fn holder_of(file: &mut File) -> Holder {
    let mut text = String::new();
    let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
    Holder {
        pid: text.trim().parse().ok(),
        created_at: None,
    }
}

impl Drop for OwnLock {
    fn drop(&mut self) {
        HELD.with(|h| {
            let mut h = h.borrow_mut();
            if let Some(depth) = h.get_mut(&self.path) {
                *depth -= 1;
                if *depth == 0 {
                    h.remove(&self.path);
                }
            }
        });
        // Closing the outermost guard's file releases the flock.
        drop(self.file.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_thread_takes_it_again_and_others_wait_until_it_is_released() {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().to_path_buf();
        let outer = OwnLock::take(&state, Duration::from_secs(1)).unwrap();
        let inner = OwnLock::take(&state, Duration::from_secs(1)).unwrap();
        assert!(OwnLock::held_here(&state));
        let other = state.clone();
        let refused = std::thread::spawn(move || {
            (
                OwnLock::try_take(&other).unwrap().is_none(),
                OwnLock::take(&other, Duration::from_millis(30)).unwrap_err(),
            )
        })
        .join()
        .unwrap();
        assert!(refused.0, "another thread does not get it");
        let LockError::Busy { holder, .. } = refused.1 else {
            panic!("{:?}", refused.1)
        };
        assert_eq!(holder.pid, Some(std::process::id()));
        drop(inner);
        assert!(OwnLock::held_here(&state), "the outer guard still holds it");
        let other = state.clone();
        assert!(
            std::thread::spawn(move || OwnLock::try_take(&other).unwrap().is_none())
                .join()
                .unwrap()
        );
        drop(outer);
        assert!(!OwnLock::held_here(&state));
        let other = state.clone();
        assert!(
            std::thread::spawn(move || OwnLock::try_take(&other).unwrap().is_some())
                .join()
                .unwrap()
        );
    }
}
