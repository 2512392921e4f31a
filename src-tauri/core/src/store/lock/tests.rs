//! Tests of `store::lock`.

use super::*;

const QUICK: LockPolicy = LockPolicy {
    budget: Duration::from_millis(300),
    min: Duration::from_millis(10),
    max: Duration::from_millis(50),
    factor: 2.0,
    stale: Duration::from_secs(30),
};

/// A process that has ended.
pub(crate) fn dead_pid() -> u32 {
    let mut child = if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/c", "exit"])
            .spawn()
    } else {
        std::process::Command::new("true").spawn()
    }
    .unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn payload_is_openclaws_shape() {
    let text = String::from_utf8(payload(48213, 1_779_280_496_789)).unwrap();
    assert_eq!(
        text,
        "{\n  \"pid\": 48213,\n  \"createdAt\": \"2026-05-20T12:34:56.789Z\"\n}\n"
    );
}

#[test]
fn acquire_writes_our_pid_and_release_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("auth-profiles.json.lock");
    let held = acquire(&path, QUICK).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(json["pid"], std::process::id());
    drop(held);
    assert!(!path.exists());
}

#[test]
fn a_live_holder_is_waited_for_then_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.lock");
    fs::write(&path, payload(std::process::id(), now_ms() - 3_600_000)).unwrap();
    let err = acquire(&path, QUICK).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!(
            "lock busy: held by pid {} since ",
            std::process::id()
        )),
        "{msg}"
    );
    assert!(path.exists(), "a live holder's lock is never removed");
}

#[test]
fn a_dead_holders_lock_is_reclaimed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.lock");
    fs::write(&path, payload(dead_pid(), now_ms())).unwrap();
    let held = acquire(&path, QUICK).unwrap();
    assert!(
        String::from_utf8(fs::read(&path).unwrap())
            .unwrap()
            .contains(&std::process::id().to_string())
    );
    drop(held);
}

#[test]
fn unparseable_locks_are_never_reclaimed_and_old_pidless_ones_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.lock");
    fs::write(&path, "").unwrap();
    assert!(matches!(acquire(&path, QUICK), Err(LockError::Busy { .. })));
    fs::write(
        &path,
        format!("{{\"createdAt\":\"{}\"}}", to_iso(now_ms() - 31_000)),
    )
    .unwrap();
    drop(acquire(&path, QUICK).unwrap());
    fs::write(&path, format!("{{\"createdAt\":\"{}\"}}", to_iso(now_ms()))).unwrap();
    assert!(matches!(acquire(&path, QUICK), Err(LockError::Busy { .. })));
}

#[test]
fn release_leaves_a_lock_that_is_no_longer_ours() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.lock");
    let held = acquire(&path, QUICK).unwrap();
    fs::remove_file(&path).unwrap();
    fs::write(&path, payload(1, now_ms())).unwrap(); // someone else's now
    drop(held);
    assert!(path.exists());
}

#[test]
fn a_fresh_legacy_lock_directory_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.lock");
    fs::create_dir(&path).unwrap();
    assert!(matches!(acquire(&path, QUICK), Err(LockError::Busy { .. })));
}

#[test]
fn refresh_lock_path_hashes_provider_and_profile() {
    let p = refresh_lock_path(Path::new("/s"), "openai-codex", "openai-codex:default");
    let expected: String = Sha256::digest(b"openai-codex\0openai-codex:default")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        p,
        PathBuf::from(format!("/s/locks/oauth-refresh/sha256-{expected}.lock"))
    );
}

#[test]
fn the_lock_appears_complete_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("auth-profiles.json.lock");
    let held = acquire(&path, QUICK).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("{\n  \"pid\": ") && text.ends_with("}\n"),
        "{text}"
    );
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["auth-profiles.json.lock"]);
    drop(held);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "released: nothing left"
    );
}

#[test]
fn an_observer_never_sees_an_empty_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.lock");
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (watch, stop) = (path.clone(), done.clone());
    let observer = std::thread::spawn(move || {
        let mut empty = 0;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            if let Ok(bytes) = fs::read(&watch)
                && bytes.is_empty()
            {
                empty += 1;
            }
        }
        empty
    });
    for _ in 0..2000 {
        drop(acquire(&path, QUICK).unwrap());
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(
        observer.join().unwrap(),
        0,
        "a lock file was visible before its payload"
    );
}

#[test]
fn dead_and_live_pids() {
    assert!(pid_alive(std::process::id()));
    assert!(!pid_alive(dead_pid()));
    assert!(!pid_alive(0));
}

#[test]
fn the_sqlite_era_refresh_lock_name_matches_openclaws_vectors() {
    let s = Path::new("/s");
    assert_eq!(
        refresh_lock_path_v2(s, "openai", "openai:default"),
        Path::new("/s/locks/oauth-refresh/lock-5440fa0b86d2697ef1152f7cb32a8157.lock")
    );
    assert_eq!(
        refresh_lock_path_v2(s, "anthropic", "anthropic:manual"),
        Path::new("/s/locks/oauth-refresh/lock-d918958489f562d5928c3d8727ce4873.lock")
    );
}
