//! Tests of `store::write`.

use super::*;
use crate::paths::StateDir;
use crate::store::era::StoreFormat;
use crate::store::lock::{LockError, LockPolicy};
use crate::store::undo::undo;
use serde_json::{Value, json};
use std::fs;
use std::time::Duration;

struct Fixture {
    _tmp: tempfile::TempDir,
    ctx: StoreContext,
    agent: PathBuf,
    loc: Location,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let state = StateDir::explicit(tmp.path().join("state"));
    let agent = state.path.join("agents/main/agent");
    let ctx = StoreContext {
        state,
        data_dir: tmp.path().join("data"),
        lock_policy: LockPolicy::STORE.with_budget(Duration::from_millis(300)),
        read_only: false,
        newer_openclaw: None,
        format: StoreFormat::json(),
        read_cache: std::sync::Arc::new(crate::store::read_cache::ReadCache::new(
            &tmp.path().join("data"),
        )),
        direct_writes: true,
    };
    Fixture {
        _tmp: tmp,
        ctx,
        loc: Location::Files(agent.clone()),
        agent,
    }
}

fn read(p: &Path) -> Value {
    serde_json::from_slice(&fs::read(p).unwrap()).unwrap()
}

fn add_key(id: &str) -> impl FnOnce(&mut AuthStore) -> Result<(), StoreError> + '_ {
    move |s| {
        s.upsert(
            id,
            json!({"type": "api_key", "provider": "openrouter", "key": "sk-or-1"}),
        );
        Ok(())
    }
}

#[test]
fn creates_a_store_in_openclaws_layout_and_keeps_unknowns() {
    let f = fixture();
    update(&f.ctx, &f.loc, add_key("openrouter:default")).unwrap();
    assert_eq!(
        fs::read_to_string(f.agent.join(PROFILES_FILE)).unwrap(),
        "{\n  \"version\": 1,\n  \"profiles\": {\n    \"openrouter:default\": {\n      \"type\": \"api_key\",\n      \"provider\": \"openrouter\",\n      \"key\": \"sk-or-1\"\n    }\n  }\n}\n"
    );
    assert!(
        !f.agent.join(STATE_FILE).exists(),
        "no state: no auth-state.json"
    );

    fs::write(
        f.agent.join(PROFILES_FILE),
        r#"{"version":1,"profiles":{"x:1":{"type":"token","provider":"x","token":"t","future":[1]}},"vendor":{"a":1}}"#,
    )
    .unwrap();
    fs::write(
        f.agent.join(STATE_FILE),
        r#"{"version":1,"order":{"x":["x:1"]},"later":true}"#,
    )
    .unwrap();
    update(&f.ctx, &f.loc, add_key("openrouter:default")).unwrap();
    let profiles = read(&f.agent.join(PROFILES_FILE));
    assert_eq!(profiles["profiles"]["x:1"]["future"], json!([1]));
    assert_eq!(profiles["vendor"], json!({"a": 1}));
    assert_eq!(
        read(&f.agent.join(STATE_FILE)),
        json!({"version": 1, "order": {"x": ["x:1"]}, "later": true})
    );
}

#[test]
fn a_broken_store_is_never_written() {
    let f = fixture();
    fs::create_dir_all(&f.agent).unwrap();
    for bad in [
        "{\"version\":1,\"profiles\":{",
        "{\"a\":1,\"a\":2}",
        "[]",
        "{\"openrouter\":{\"apiKey\":\"k\"}}",
    ] {
        fs::write(f.agent.join(PROFILES_FILE), bad).unwrap();
        let err = update(&f.ctx, &f.loc, add_key("openrouter:default")).unwrap_err();
        assert!(err.to_string().contains(PROFILES_FILE), "{err}");
        assert_eq!(
            fs::read_to_string(f.agent.join(PROFILES_FILE)).unwrap(),
            bad
        );
    }
    assert!(
        !f.agent.join("auth-profiles.json.lock").exists(),
        "the lock is released after a refusal"
    );
}

#[test]
fn sqlite_era_and_read_only_refuse_to_write() {
    let mut f = fixture();
    fs::create_dir_all(&f.agent).unwrap();
    fs::write(f.agent.join(SQLITE_FILE), "").unwrap();
    assert!(matches!(
        update(&f.ctx, &f.loc, add_key("a")).unwrap_err(),
        StoreError::SqliteEra { .. }
    ));
    fs::remove_file(f.agent.join(SQLITE_FILE)).unwrap();
    f.ctx.read_only = true;
    assert!(matches!(
        update(&f.ctx, &f.loc, add_key("a")).unwrap_err(),
        StoreError::ReadOnly
    ));
    assert!(!f.agent.join(PROFILES_FILE).exists());
}

#[test]
fn a_single_agent_layout_is_not_written_before_openclaw_migrates_it() {
    let f = fixture();
    fs::create_dir_all(f.ctx.state.path.join("agent")).unwrap();
    let err = update(&f.ctx, &f.loc, add_key("a")).unwrap_err();
    assert!(err.to_string().contains("single-agent layout"), "{err}");
    assert!(!f.agent.exists());
}

#[test]
fn legacy_auth_json_is_imported_then_deleted() {
    let f = fixture();
    fs::create_dir_all(&f.agent).unwrap();
    fs::write(
        f.agent.join("auth.json"),
        r#"{"anthropic":{"type":"api_key","key":"sk-ant"}}"#,
    )
    .unwrap();
    assert!(
        load(&f.ctx, &f.loc)
            .unwrap()
            .profiles
            .contains_key("anthropic:default")
    );
    assert!(
        f.agent.join("auth.json").exists(),
        "reading never consumes legacy files"
    );
    update(&f.ctx, &f.loc, add_key("openrouter:default")).unwrap();
    let ids: Vec<String> = read(&f.agent.join(PROFILES_FILE))["profiles"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(ids, ["anthropic:default", "openrouter:default"]);
    assert!(!f.agent.join("auth.json").exists());
}

#[test]
fn undo_walks_back_through_versions() {
    let f = fixture();
    update(&f.ctx, &f.loc, add_key("a:1")).unwrap();
    let one = fs::read(f.agent.join(PROFILES_FILE)).unwrap();
    update(&f.ctx, &f.loc, add_key("a:2")).unwrap();
    update(&f.ctx, &f.loc, |s| {
        s.set_order("openrouter", Some(&["a:2".into()]));
        Ok(())
    })
    .unwrap();
    undo(&f.ctx, &f.loc).unwrap();
    assert!(!f.agent.join(STATE_FILE).exists());
    undo(&f.ctx, &f.loc).unwrap();
    assert_eq!(fs::read(f.agent.join(PROFILES_FILE)).unwrap(), one);
    undo(&f.ctx, &f.loc).unwrap();
    assert!(
        !f.agent.join(PROFILES_FILE).exists(),
        "back to before the store existed"
    );
    assert!(matches!(
        undo(&f.ctx, &f.loc).unwrap_err(),
        StoreError::NothingToUndo { .. }
    ));
}

#[test]
fn history_keeps_the_last_twenty_privately() {
    let f = fixture();
    for i in 0..25 {
        update(&f.ctx, &f.loc, add_key(&format!("a:{i}"))).unwrap();
    }
    assert_eq!(history::count(&f.ctx.data_dir, &f.agent), history::KEEP);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = f.ctx.data_dir.join("history");
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
}

#[test]
fn a_live_openclaw_lock_blocks_then_reports_busy() {
    let f = fixture();
    fs::create_dir_all(&f.agent).unwrap();
    let lock = f.agent.join("auth-profiles.json.lock");
    fs::write(
        &lock,
        format!(
            "{{\n  \"pid\": {},\n  \"createdAt\": \"2026-05-20T12:00:00.000Z\"\n}}\n",
            std::process::id()
        ),
    )
    .unwrap();
    let err = update(&f.ctx, &f.loc, add_key("a")).unwrap_err();
    assert!(
        matches!(err, StoreError::Lock(LockError::Busy { .. })),
        "{err}"
    );
    assert!(
        err.to_string().contains("since 2026-05-20T12:00:00.000Z"),
        "{err}"
    );
    assert!(!f.agent.join(PROFILES_FILE).exists());
}

#[test]
fn a_change_that_fails_writes_nothing() {
    let f = fixture();
    update(&f.ctx, &f.loc, add_key("a")).unwrap();
    let before = fs::read(f.agent.join(PROFILES_FILE)).unwrap();
    let err = update(&f.ctx, &f.loc, |s| {
        s.remove("a");
        Err::<(), _>(StoreError::ReadOnly)
    });
    assert!(err.is_err());
    assert_eq!(fs::read(f.agent.join(PROFILES_FILE)).unwrap(), before);
}

#[test]
fn removing_or_renaming_a_missing_profile_writes_nothing_and_keeps_no_undo_step() {
    let f = fixture();
    update(&f.ctx, &f.loc, add_key("openrouter:a")).unwrap();
    update(&f.ctx, &f.loc, add_key("openrouter:b")).unwrap();
    let before = fs::read(f.agent.join("auth-profiles.json")).unwrap();
    assert!(matches!(
        remove_profile(&f.ctx, &f.loc, "openrouter:nope"),
        Err(StoreError::NoProfile { .. })
    ));
    assert!(rename_profile(&f.ctx, &f.loc, "openrouter:nope", "openrouter:x").is_err());
    assert!(
        rename_profile(&f.ctx, &f.loc, "openrouter:a", "openrouter:b").is_err(),
        "never over another"
    );
    assert_eq!(
        fs::read(f.agent.join("auth-profiles.json")).unwrap(),
        before
    );
    // Undo goes back over the last real change (b added), not a no-op.
    undo(&f.ctx, &f.loc).unwrap();
    let store = read(&f.agent.join("auth-profiles.json"));
    assert!(store["profiles"].get("openrouter:a").is_some());
    assert!(store["profiles"].get("openrouter:b").is_none());
    remove_profile(&f.ctx, &f.loc, "openrouter:a").unwrap();
    assert!(
        read(&f.agent.join("auth-profiles.json"))["profiles"]
            .get("openrouter:a")
            .is_none()
    );
}
