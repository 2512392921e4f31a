//! Starts of the real `authtray-tray` binary that end before any display is
//! needed: each fails with a clear error and changes nothing.

use std::process::Command;

fn tray(data: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_authtray-tray"));
    cmd.env("AUTHTRAY_DATA_DIR", data)
        .env("HOME", data.parent().unwrap())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    cmd
}

#[test]
fn a_tray_that_holds_the_lock_but_does_not_answer_is_named_and_left_alone() {
    use fs4::fs_std::FileExt;
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let lock = std::fs::File::create(data.join("tray.lock")).unwrap();
    assert!(
        lock.try_lock_exclusive().unwrap(),
        "this test holds the tray"
    );
    let out = tray(&data).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("Authtray already runs but does not answer"),
        "{err}"
    );
    let again = std::fs::File::open(data.join("tray.lock")).unwrap();
    assert!(
        !again.try_lock_exclusive().unwrap(),
        "still held, by this test"
    );
}

#[test]
fn a_data_dir_that_cannot_be_made_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    std::fs::write(&data, "a file where the folder should be").unwrap();
    let out = tray(&data).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("authtray: cannot use Authtray's data folder"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&data).unwrap(),
        "a file where the folder should be"
    );
}
