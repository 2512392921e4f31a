//! Operations against real files: every part in its order, what a crash
//! at each point leaves and how the next process ends it, and the words
//! of each way an operation can fail. A crash is a panic at a step (the
//! lock and the files are left as a killed process leaves them).

use super::*;
use crate::app::profiles::{add_key, rename};
use crate::app::removal::{remove, undo};
use crate::paths::Env;
use serde_json::{Value, json};
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

const CONFIG: &str = r#"{"auth":{"profiles":{"openrouter:a":{"provider":"openrouter","mode":"api_key"}},"order":{"openrouter":["openrouter:a"]}}}"#;

struct Fixture {
    tmp: tempfile::TempDir,
}

impl Fixture {
    /// A JSON-era install whose config lists `openrouter:a`, stored in main.
    fn new() -> Self {
        let f = Self {
            tmp: tempfile::tempdir().unwrap(),
        };
        fs::create_dir_all(f.state().join("agents/main/agent")).unwrap();
        fs::write(f.config_path(), CONFIG).unwrap();
        add_key(
            &mut f.open(),
            None,
            "openrouter",
            Some("openrouter:a"),
            &key("a"),
            1,
        )
        .unwrap();
        f
    }

    fn state(&self) -> std::path::PathBuf {
        self.tmp.path().join("state")
    }

    fn config_path(&self) -> std::path::PathBuf {
        self.state().join("openclaw.json")
    }

    fn env(&self) -> Env {
        Env::default()
            .with_var(
                "AUTHTRAY_DATA_DIR",
                &self.tmp.path().join("data").display().to_string(),
            )
            .with_var("AUTHTRAY_LOCK_TIMEOUT", "1")
    }

    fn options(&self) -> crate::install::Options {
        crate::install::Options {
            state_dir: Some(self.state()),
            lock_timeout: None,
        }
    }

    /// An install as a new Authtray process opens it (a crashed operation
    /// is finished or taken back first).
    fn open(&self) -> Install {
        crate::app::open(self.env(), self.options())
    }

    /// An install opened without that.
    fn open_raw(&self) -> Install {
        Install::open(self.env(), self.options())
    }

    fn config(&self) -> Value {
        serde_json::from_str(&fs::read_to_string(self.config_path()).unwrap()).unwrap()
    }

    fn listed(&self) -> Vec<String> {
        self.config()["auth"]["profiles"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn stored(&self) -> Vec<String> {
        let install = self.open_raw();
        let home = Location::Files(self.state().join("agents/main/agent"));
        load(install.store(), &home)
            .unwrap()
            .profiles
            .keys()
            .cloned()
            .collect()
    }

    fn intent_left(&self) -> bool {
        let install = self.open_raw();
        intent_path(&install).exists()
    }
}

fn key(tag: &str) -> Secret {
    Secret::new(format!("sk-or-v1-{tag}-0123456789abcdef"))
}

/// Runs `f` with the hook `step` → `then` installed; a panic in it is the crash.
fn with_hook<T>(
    at_step: Step,
    mut then: impl FnMut(&Install) + 'static,
    f: impl FnOnce() -> T,
) -> std::thread::Result<T> {
    AT_STEP.with(|h| {
        *h.borrow_mut() = Some(Box::new(move |step, install| {
            if step == at_step {
                then(install)
            }
        }))
    });
    let out = catch_unwind(AssertUnwindSafe(f));
    AT_STEP.with(|h| *h.borrow_mut() = None);
    out
}

/// A new key `openrouter:b` saved into main as a new process would.
fn save_b(f: &Fixture) -> Result<crate::app::profiles::SavedSecret, AppError> {
    add_key(
        &mut f.open(),
        None,
        "openrouter",
        Some("openrouter:b"),
        &key("b"),
        2,
    )
}

fn crash(_: &Install) {
    panic!("the process stops here");
}

#[test]
fn a_save_lists_the_profile_before_storing_it() {
    let f = Fixture::new();
    let listed_when_stored = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = listed_when_stored.clone();
    let config_path = f.config_path();
    with_hook(
        Step::Listed,
        move |_| {
            let text = fs::read_to_string(&config_path).unwrap();
            seen.set(text.contains("openrouter:b"));
        },
        || save_b(&f).unwrap(),
    )
    .unwrap();
    assert!(listed_when_stored.get(), "listed before the store write");
    assert_eq!(f.listed(), ["openrouter:a", "openrouter:b"]);
    assert_eq!(f.stored(), ["openrouter:a", "openrouter:b"]);
    assert_eq!(
        f.config()["auth"]["order"]["openrouter"],
        json!(["openrouter:b", "openrouter:a"])
    );
    assert!(!f.intent_left());
}

#[test]
fn a_save_that_stops_before_its_store_write_is_taken_back_by_the_next_process() {
    let f = Fixture::new();
    let before = f.config();
    let crashed = with_hook(Step::Listed, crash, || save_b(&f));
    assert!(crashed.is_err());
    assert_eq!(
        f.listed(),
        ["openrouter:a", "openrouter:b"],
        "half-done: listed, not stored"
    );
    assert_eq!(f.stored(), ["openrouter:a"]);
    assert!(f.intent_left());

    let next = f.open();
    assert_eq!(f.config(), before);
    assert!(!f.intent_left());
    let notes = next.notes();
    assert!(
        notes[0].starts_with("took back what an Authtray process (pid ")
            && notes[0].contains("\"save openrouter:b for agent main\"")
            && notes[0].ends_with("it was not saved"),
        "{notes:?}"
    );
}

#[test]
fn a_remove_that_stops_after_its_store_write_is_finished_by_the_next_process() {
    let f = Fixture::new();
    let crashed = with_hook(Step::Stored, crash, || {
        remove(&mut f.open(), None, "openrouter:a", 2)
    });
    assert!(crashed.is_err());
    assert_eq!(f.stored(), Vec::<String>::new());
    assert_eq!(f.listed(), ["openrouter:a"], "half-done: still listed");

    let next = f.open();
    assert_eq!(f.listed(), Vec::<String>::new());
    assert_eq!(
        f.config()["auth"].get("order"),
        None,
        "its order list went with it"
    );
    assert!(next.notes()[0].starts_with("finished \"remove openrouter:a (agent main)\""));
}

#[test]
fn a_json_store_whose_second_file_was_not_written_gets_its_order_on_recovery() {
    let f = Fixture::new();
    let state_file = f.state().join("agents/main/agent/auth-state.json");
    crate::store::update(
        f.open().store(),
        &Location::Files(f.state().join("agents/main/agent")),
        |s| {
            s.set_order("openrouter", Some(&["openrouter:a".into()]));
            Ok(())
        },
    )
    .unwrap();
    let old_state = fs::read(&state_file).unwrap();
    let crashed = with_hook(
        Step::Stored,
        move |_| {
            fs::write(&state_file, &old_state).unwrap();
            panic!("stopped between auth-profiles.json and auth-state.json");
        },
        || save_b(&f),
    );
    assert!(crashed.is_err());
    let install = f.open();
    let stored = load(
        install.store(),
        &Location::Files(f.state().join("agents/main/agent")),
    )
    .unwrap();
    assert_eq!(
        stored.order("openrouter").unwrap(),
        ["openrouter:b", "openrouter:a"]
    );
}

#[test]
fn a_store_write_that_fails_takes_the_listing_back_and_says_nothing_was_written() {
    let f = Fixture::new();
    let before = f.config();
    let sidecar = f.state().join("agents/main/agent/auth-profiles.json.lock");
    fs::write(
        &sidecar,
        format!(
            r#"{{"pid":{},"createdAt":"2026-12-07T00:00:00.000Z"}}"#,
            std::process::id()
        ),
    )
    .unwrap();
    let err = save_b(&f).unwrap_err();
    assert!(
        matches!(err, AppError::Store(StoreError::Lock(_))),
        "{err:?}"
    );
    assert!(err.to_string().contains("nothing was written"), "{err}");
    assert_eq!(f.config(), before);
    assert!(!f.intent_left());
}

#[test]
fn a_listing_someone_changed_before_a_failed_store_write_is_named() {
    let f = Fixture::new();
    let sidecar = f.state().join("agents/main/agent/auth-profiles.json.lock");
    let config_path = f.config_path();
    let err = with_hook(
        Step::Listed,
        move |_| {
            fs::write(
                &sidecar,
                format!(
                    r#"{{"pid":{},"createdAt":"2026-12-07T00:00:00.000Z"}}"#,
                    std::process::id()
                ),
            )
            .unwrap();
            let mut c: Value =
                serde_json::from_str(&fs::read_to_string(&config_path).unwrap()).unwrap();
            c["auth"]["profiles"]["openrouter:b"]["displayName"] = json!("set by OpenClaw");
            fs::write(&config_path, c.to_string()).unwrap();
        },
        || save_b(&f).unwrap_err(),
    )
    .unwrap();
    assert!(
        matches!(
            err,
            AppError::Operation(OperationError::ListedNotStored { .. })
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.starts_with("save openrouter:b for agent main: nothing was stored (lock busy")
            && text.contains(r#"auth.profiles["openrouter:b"]"#)
            && text.contains("`authtray-cli repair` removes the entry"),
        "{text}"
    );
}

#[test]
fn a_config_part_after_the_store_write_that_cannot_be_made_is_a_note_not_an_error() {
    let f = Fixture::new();
    let config_path = f.config_path();
    let mut install = f.open();
    with_hook(
        Step::Stored,
        move |_| {
            let mut c: Value =
                serde_json::from_str(&fs::read_to_string(&config_path).unwrap()).unwrap();
            c["auth"]["profiles"]["openrouter:a"]["displayName"] = json!("edited meanwhile");
            fs::write(&config_path, c.to_string()).unwrap();
        },
        || remove(&mut install, None, "openrouter:a", 2).unwrap(),
    )
    .unwrap();
    assert_eq!(f.stored(), Vec::<String>::new());
    let notes = install.notes();
    assert!(
        notes[0].starts_with("remove openrouter:a (agent main): done; openclaw.json was changed meanwhile at auth.profiles[\"openrouter:a\"], left as it is"),
        "{notes:?}"
    );
}

#[test]
fn a_broken_config_stops_a_save_before_anything_is_written() {
    let f = Fixture::new();
    fs::write(f.config_path(), "{auth: ").unwrap();
    let err = save_b(&f).unwrap_err();
    assert!(err.to_string().contains("is not valid JSON5"), "{err}");
    assert_eq!(fs::read_to_string(f.config_path()).unwrap(), "{auth: ");
    assert_eq!(f.stored(), ["openrouter:a"]);
}

#[test]
fn a_config_rewritten_between_read_and_rename_is_edited_again() {
    let f = Fixture::new();
    let mut install = f.open();
    let mut attempts = 0;
    let path = f.config_path();
    edit_config(&mut install, |c| {
        attempts += 1;
        if attempts == 1 {
            fs::write(&path, r#"{"gateway":{"port":1}}"#).unwrap();
        }
        c.update_auth(3, |a| {
            crate::config::set_auth_order(a, "xai", Some(&["xai:a".into()]))
        })
    })
    .unwrap();
    assert_eq!(attempts, 2);
    assert_eq!(
        f.config(),
        json!({"gateway":{"port":1},"auth":{"order":{"xai":["xai:a"]}}})
    );
}

#[test]
fn rename_and_undo_carry_the_listing_with_the_store() {
    let f = Fixture::new();
    rename(&mut f.open(), None, "openrouter:a", "openrouter:work", 2).unwrap();
    assert_eq!(f.listed(), ["openrouter:work"]);
    assert_eq!(
        f.config()["auth"]["order"]["openrouter"],
        json!(["openrouter:work"])
    );
    add_key(
        &mut f.open(),
        None,
        "openrouter",
        Some("openrouter:b"),
        &key("b"),
        3,
    )
    .unwrap();
    assert_eq!(f.listed(), ["openrouter:work", "openrouter:b"]);
    undo(&mut f.open(), None, 4).unwrap();
    assert_eq!(f.stored(), ["openrouter:work"]);
    assert_eq!(f.listed(), ["openrouter:work"]);
    undo(&mut f.open(), None, 5).unwrap();
    assert_eq!(f.stored(), ["openrouter:a"]);
    assert_eq!(f.listed(), ["openrouter:a"]);
}

#[test]
fn threads_that_save_at_once_lose_no_listing() {
    let f = std::sync::Arc::new(Fixture::new());
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let f = f.clone();
            std::thread::spawn(move || {
                for i in 0..10 {
                    let id = format!("openrouter:t{t}-{i}");
                    // Waiting as long as it takes: each waits for up to
                    // three others' operations, which take long on a busy
                    // machine (or under Wine); the fixture's 1 s is for
                    // the tests of a lock that is never released.
                    let patient = crate::install::Options {
                        lock_timeout: Some(std::time::Duration::from_secs(120)),
                        ..f.options()
                    };
                    let mut install = crate::app::open(f.env(), patient);
                    add_key(&mut install, None, "openrouter", Some(&id), &key(&id), 2).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let (mut listed, mut stored) = (f.listed(), f.stored());
    listed.sort();
    stored.sort();
    assert_eq!(stored.len(), 41);
    assert_eq!(listed, stored);
}

#[test]
fn a_record_another_process_cannot_read_is_removed_with_a_note() {
    let f = Fixture::new();
    let install = f.open_raw();
    let path = intent_path(&install);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, "{not json").unwrap();
    let next = f.open();
    assert!(!Path::new(&path).exists());
    assert!(next.notes()[0].starts_with("an operation record Authtray could not read was removed"));
}

/// A plan that saves `openrouter:b` into main's JSON store.
fn plan_of_b(f: &Fixture, value: &Value) -> Plan {
    Plan {
        what: "save openrouter:b for agent main".into(),
        store: Location::Files(f.state().join("agents/main/agent")),
        changes: vec![ProfileChange {
            promoted: true,
            ..ProfileChange::of("openrouter:b", None, Some(value))
        }],
        keyring: None,
    }
}

#[test]
fn a_store_write_that_fails_after_it_committed_says_it_was_written() {
    let f = Fixture::new();
    let value = json!({"type": "api_key", "provider": "openrouter", "key": "sk-or-b"});
    let home = Location::Files(f.state().join("agents/main/agent"));
    let mut install = f.open();
    let err = run(&mut install, plan_of_b(&f, &value), 2, |install| {
        crate::store::update(install.store(), &home, |s| {
            s.upsert("openrouter:b", value.clone());
            Ok(())
        })?;
        Err::<(), AppError>(
            StoreError::NothingToUndo {
                store: "then this failed".into(),
            }
            .into(),
        )
    })
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("save openrouter:b for agent main: written to ")
            && err
                .to_string()
                .ends_with(", but then: nothing to undo for then this failed"),
        "{err}"
    );
    assert_eq!(
        f.listed(),
        ["openrouter:a", "openrouter:b"],
        "written, so listed"
    );
}

#[test]
fn a_store_that_cannot_be_read_after_its_write_is_settled_by_the_next_process() {
    let f = Fixture::new();
    let value = json!({"type": "api_key", "provider": "openrouter", "key": "sk-or-b"});
    let home = Location::Files(f.state().join("agents/main/agent"));
    let file = f.state().join("agents/main/agent/auth-profiles.json");
    let mut install = f.open();
    let good = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let kept = good.clone();
    let err = run(&mut install, plan_of_b(&f, &value), 2, |install| {
        crate::store::update(install.store(), &home, |s| {
            s.upsert("openrouter:b", value.clone());
            Ok(())
        })?;
        *kept.borrow_mut() = fs::read(&file).unwrap();
        fs::write(&file, "{half a file").unwrap();
        Ok(())
    })
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("save openrouter:b for agent main: cannot tell whether it was saved (")
            && err.to_string().ends_with(
                "Authtray finishes or takes it back the next time it opens this install"
            ),
        "{err}"
    );
    assert!(f.intent_left(), "kept for the next process");
    fs::write(&file, good.borrow().as_slice()).unwrap();
    let next = f.open();
    assert!(!f.intent_left());
    assert!(next.notes()[0].starts_with("finished \"save openrouter:b for agent main\""));
    assert_eq!(f.listed(), ["openrouter:a", "openrouter:b"]);
}
