//! Permissions of the files that hold secrets: Authtray writes 0600 files
//! in 0700 folders; looser ones found on read are reported, and fixed on
//! request (`authtray-cli fix-permissions`). Unix only.

use std::path::{Path, PathBuf};

const FILES: [&str; 2] = ["auth-profiles.json", "auth-state.json"];

/// Files and folders of an agent's store that others can read or write:
/// `(path, mode, wanted mode)`.
pub fn loose(agent_dir: &Path) -> Vec<(PathBuf, u32, u32)> {
    let mut out = Vec::new();
    let mut check = |path: PathBuf, wanted: u32| {
        if let Some(mode) = mode(&path)
            && mode & 0o077 != 0
        {
            out.push((path, mode, wanted));
        }
    };
    check(agent_dir.to_path_buf(), 0o700);
    for name in FILES {
        check(agent_dir.join(name), 0o600);
    }
    out
}

#[cfg(unix)]
fn mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn mode(_: &Path) -> Option<u32> {
    None
}

/// Sets each loose path to its wanted mode; returns what was changed.
pub fn fix(agent_dir: &Path) -> std::io::Result<Vec<(PathBuf, u32, u32)>> {
    let found = loose(agent_dir);
    #[cfg(unix)]
    for (path, _, wanted) in &found {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(*wanted))?;
    }
    Ok(found)
}

/// `auth-profiles.json is readable by others (0644)`-style words.
pub fn describe(path: &Path, mode: u32) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let who = if mode & 0o007 != 0 {
        "every user"
    } else {
        "its group"
    };
    if path.is_dir() {
        return format!("the agent folder can be listed by {who} ({mode:04o})");
    }
    format!("{name} can be read by {who} ({mode:04o})")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn loose_modes_are_found_described_and_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let agent = dir.path().join("agent");
        std::fs::create_dir(&agent).unwrap();
        std::fs::set_permissions(&agent, std::fs::Permissions::from_mode(0o755)).unwrap();
        let store = agent.join("auth-profiles.json");
        std::fs::write(&store, "{}").unwrap();
        std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o644)).unwrap();
        let found = loose(&agent);
        assert_eq!(found.len(), 2);
        assert_eq!(
            describe(&found[1].0, found[1].1),
            "auth-profiles.json can be read by every user (0644)"
        );
        assert_eq!(fix(&agent).unwrap().len(), 2);
        assert!(loose(&agent).is_empty());
        assert_eq!(
            std::fs::metadata(&store).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
