//! OpenClaw's sidecar lock protocol (`openclaw-store.md` §6): O_EXCL lock file
//! with `{pid, createdAt}`, exponential back-off, reclaimed only when the
//! holder is definitely dead, removed only if unchanged. Also the per-profile
//! OAuth refresh lock path (§6.7).

use crate::files::create_private_dir;
use crate::time::{EpochMs, now_ms, parse_iso, to_iso};
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long and how to wait for a lock.
#[derive(Clone, Copy, Debug)]
pub struct LockPolicy {
    /// Give up once this much time has been spent waiting.
    pub budget: Duration,
    pub min: Duration,
    pub max: Duration,
    pub factor: f64,
    /// Age after which a lock without a pid (only `createdAt`) is stale.
    pub stale: Duration,
}

impl LockPolicy {
    /// The store lock. OpenClaw gives up after ~43–53 s but holds the lock
    /// during refresh calls of up to 120 s, so Authtray waits longer (§6.6).
    pub const STORE: Self = Self {
        budget: Duration::from_secs(150),
        min: Duration::from_millis(100),
        max: Duration::from_secs(10),
        factor: 2.0,
        stale: Duration::from_secs(30),
    };
    /// The OAuth refresh lock (stale 180 s for pid-less payloads).
    pub const REFRESH: Self = Self {
        stale: Duration::from_secs(180),
        ..Self::STORE
    };
    /// `openclaw.json.lock`, the sidecar OpenClaw's config writes take
    /// (`CONFIG_MUTATION_LOCK_OPTIONS` in 2026.5.20 and 2026.9.6: the same
    /// protocol, 25–250 ms back-off, stale after 30 s without a pid).
    pub const CONFIG: Self = Self {
        min: Duration::from_millis(25),
        max: Duration::from_millis(250),
        factor: 1.2,
        ..Self::STORE
    };

    pub fn with_budget(self, budget: Duration) -> Self {
        Self { budget, ..self }
    }

    fn delay(&self, attempt: u32) -> Duration {
        let base = self.min.as_secs_f64() * self.factor.powi(attempt as i32);
        let base = base.clamp(self.min.as_secs_f64(), self.max.as_secs_f64());
        Duration::from_secs_f64((base * (1.0 + rand::random::<f64>())).min(self.max.as_secs_f64()))
    }
}

/// Who holds a lock, as its payload says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub pid: Option<u32>,
    pub created_at: Option<String>,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.pid, &self.created_at) {
            (Some(pid), Some(at)) => write!(f, "held by pid {pid} since {at}"),
            (Some(pid), None) => write!(f, "held by pid {pid}"),
            (None, Some(at)) => write!(f, "held since {at}"),
            (None, None) => f.write_str("held (unreadable lock file)"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("lock busy: {holder} ({path}); nothing was written — try again when it is released")]
    Busy { path: PathBuf, holder: Holder },
    #[error("cannot lock {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// A lock this process holds; released (if still ours and unchanged) on drop.
#[derive(Debug)]
pub struct HeldLock {
    path: PathBuf,
    payload: Vec<u8>,
    identity: Option<FileIdentity>,
}

impl HeldLock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        if let Some(current) = Snapshot::read(&self.path)
            && current.bytes == self.payload
            && current.identity == self.identity
        {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// `<realpath(dir of target)>/<file name>.lock` (§6.1); creates the directory.
pub fn lock_path_for(target: &Path) -> io::Result<PathBuf> {
    let dir = target.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(fs::canonicalize(dir)?.join(format!("{name}.lock")))
}

/// `S/locks/oauth-refresh/sha256-<hex(provider \0 profileId)>.lock` (§6.7).
pub fn refresh_lock_path(state_dir: &Path, provider: &str, profile_id: &str) -> PathBuf {
    let digest = Sha256::digest(format!("{provider}\0{profile_id}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    state_dir
        .join("locks/oauth-refresh")
        .join(format!("sha256-{hex}.lock"))
}

/// OpenClaw 2026.8+'s refresh lock (`openclaw-sqlite.md` b.6):
/// `S/locks/oauth-refresh/lock-<digest>.lock`, the digest two 64-bit
/// FNV-1a-style lanes over `JSON.stringify([provider, profileId])`.
pub fn refresh_lock_path_v2(state_dir: &Path, provider: &str, profile_id: &str) -> PathBuf {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let key = serde_json::to_string(&[provider, profile_id]).expect("strings serialise");
    let (mut left, mut right) = (0xcbf2_9ce4_8422_2325_u64, 0x9ae1_6a3b_2f90_404f_u64);
    for b in key.bytes() {
        left = (left ^ u64::from(b)).wrapping_mul(PRIME);
        right = (right ^ u64::from(b).wrapping_add(0x9e37_79b9_7f4a_7c15)).wrapping_mul(PRIME);
    }
    state_dir
        .join("locks/oauth-refresh")
        .join(format!("lock-{left:016x}{right:016x}.lock"))
}

/// Takes the lock at `lock_path`, waiting per `policy`.
pub fn acquire(lock_path: &Path, policy: LockPolicy) -> Result<HeldLock, LockError> {
    let io_err = |source| LockError::Io {
        path: lock_path.to_path_buf(),
        source,
    };
    if let Some(dir) = lock_path.parent() {
        create_private_dir(dir).map_err(io_err)?;
    }
    let started = Instant::now();
    let mut attempt = 0u32;
    loop {
        let payload = payload(std::process::id(), now_ms());
        match create_complete(lock_path, &payload) {
            Ok(identity) => {
                return Ok(HeldLock {
                    path: lock_path.to_path_buf(),
                    payload,
                    identity,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_err(e)),
        }
        let Some(seen) = Snapshot::read(lock_path) else {
            continue;
        }; // vanished: retry at once
        if seen.reclaimable(policy.stale, now_ms()) {
            seen.remove_if_unchanged(lock_path);
            continue;
        }
        if started.elapsed() >= policy.budget {
            return Err(LockError::Busy {
                path: lock_path.to_path_buf(),
                holder: seen.holder(),
            });
        }
        let wait = policy
            .delay(attempt)
            .min(policy.budget.saturating_sub(started.elapsed()) + Duration::from_millis(1));
        std::thread::sleep(wait);
        attempt += 1;
    }
}

/// Creates the lock file with its payload already inside, exclusively
/// (`EEXIST` when it exists). The payload goes into a private temp file that
/// is then hard-linked into place: a process killed at any point never
/// leaves an empty or partial lock file, which §6.3 says nobody may ever
/// reclaim. Where hard links are unsupported, falls back to O_EXCL + write.
/// No handle stays open (Windows keeps the name of a file deleted while a
/// handle is open on some file systems): the file's identity is returned.
fn create_complete(lock_path: &Path, payload: &[u8]) -> io::Result<Option<FileIdentity>> {
    let name = lock_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = lock_path.with_file_name(format!(
        "{name}.{}.{:016x}.tmp",
        std::process::id(),
        rand::random::<u64>()
    ));
    let staged = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(payload).map(|_| f));
    let identity = match staged {
        Ok(f) => FileIdentity::of(&f),
        Err(_) => {
            let _ = fs::remove_file(&tmp);
            return create_then_write(lock_path, payload);
        }
    };
    let linked = fs::hard_link(&tmp, lock_path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(identity),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => create_then_write(lock_path, payload),
    }
}

fn create_then_write(lock_path: &Path, payload: &[u8]) -> io::Result<Option<FileIdentity>> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(lock_path)?;
    if let Err(e) = file.write_all(payload) {
        drop(file);
        let _ = fs::remove_file(lock_path);
        return Err(e);
    }
    Ok(FileIdentity::of(&file))
}

/// `JSON.stringify({pid, createdAt}, null, 2) + "\n"`.
fn payload(pid: u32, now: EpochMs) -> Vec<u8> {
    format!(
        "{{\n  \"pid\": {pid},\n  \"createdAt\": \"{}\"\n}}\n",
        to_iso(now)
    )
    .into_bytes()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileIdentity {
    dev: u64,
    ino: u64,
}

impl FileIdentity {
    #[cfg(unix)]
    fn from_meta(m: &fs::Metadata) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        Some(Self {
            dev: m.dev(),
            ino: m.ino(),
        })
    }
    #[cfg(not(unix))]
    fn from_meta(_: &fs::Metadata) -> Option<Self> {
        None
    }
    fn of(file: &File) -> Option<Self> {
        file.metadata().ok().as_ref().and_then(Self::from_meta)
    }
}

/// What a lock looked like when it was examined.
struct Snapshot {
    bytes: Vec<u8>,
    identity: Option<FileIdentity>,
    /// A pre-2026-02-13 `proper-lockfile` directory, with its age.
    dir_age: Option<Duration>,
}

impl Snapshot {
    fn read(path: &Path) -> Option<Self> {
        let meta = fs::symlink_metadata(path).ok()?;
        if meta.is_dir() {
            let age = meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .unwrap_or_default();
            return Some(Self {
                bytes: Vec::new(),
                identity: None,
                dir_age: Some(age),
            });
        }
        let mut bytes = Vec::new();
        File::open(path)
            .ok()?
            .take(64 * 1024)
            .read_to_end(&mut bytes)
            .ok()?;
        Some(Self {
            bytes,
            identity: FileIdentity::from_meta(&meta),
            dir_age: None,
        })
    }

    fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.bytes).ok()
    }

    fn holder(&self) -> Holder {
        let json = self.json();
        let field = |k: &str| json.as_ref().and_then(|j| j.get(k).cloned());
        Holder {
            pid: field("pid")
                .and_then(|p| p.as_u64())
                .and_then(|p| u32::try_from(p).ok()),
            created_at: field("createdAt").and_then(|c| c.as_str().map(str::to_owned)),
        }
    }

    /// The staleness rule of §6.3 (and §6.5 for lock directories).
    fn reclaimable(&self, stale: Duration, now: EpochMs) -> bool {
        if let Some(age) = self.dir_age {
            return age > Duration::from_secs(30);
        }
        let Some(json) = self.json() else {
            return false;
        };
        match json.get("pid") {
            Some(pid) if pid.as_f64().is_some_and(|p| p != 0.0) => pid
                .as_u64()
                .and_then(|p| u32::try_from(p).ok())
                .is_none_or(|p| !pid_alive(p)),
            _ => match json.get("createdAt").and_then(|c| c.as_str()) {
                Some(at) => parse_iso(at).is_none_or(|t| now - t > stale.as_millis() as EpochMs),
                None => false,
            },
        }
    }

    /// Removes the lock only if it is still exactly what was judged stale.
    fn remove_if_unchanged(&self, path: &Path) {
        let Some(now) = Self::read(path) else { return };
        if self.dir_age.is_some() && now.dir_age.is_some() {
            let _ = fs::remove_dir(path);
        } else if now.bytes == self.bytes && now.identity == self.identity && now.dir_age.is_none()
        {
            let _ = fs::remove_file(path);
        }
    }
}

/// Whether a process is alive (§6.3): `kill(pid, 0)`; ESRCH or a zombie is dead,
/// EPERM is alive. On Windows: whether the system lists the process (what
/// Node's `process.kill(pid, 0)`, OpenClaw's check, tells there too).
pub fn pid_alive(pid: u32) -> bool {
    if pid == 0 {
        return false;
    }
    #[cfg(unix)]
    {
        let Some(p) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        match rustix::process::test_kill_process(p) {
            Err(rustix::io::Errno::SRCH) => false,
            _ => !is_zombie(pid),
        }
    }
    #[cfg(windows)]
    {
        use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System};
        let pid = Pid::from_u32(pid);
        let mut system = System::new();
        system.refresh_processes_specifics(
            ProcessesToUpdate::Some(&[pid]),
            true,
            ProcessRefreshKind::nothing(),
        );
        system.process(pid).is_some()
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = pid;
        true
    }
}

#[cfg(unix)]
fn is_zombie(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("State:").map(|v| v.trim().starts_with('Z')))
        })
        .unwrap_or(false)
}

impl crate::error::Classify for LockError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Busy { .. } => crate::error::ErrorCode::Busy,
            Self::Io { .. } => crate::error::ErrorCode::Unwritable,
        }
    }
}

#[cfg(test)]
mod tests;
