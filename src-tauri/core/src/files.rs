//! Files as OpenClaw and Authtray keep them: strict JSON reads that never
//! mistake a broken file for an empty one (§5.4), the atomic replace of
//! §5.2 with the mtime rule of §5.5, private (0600/0700) files and
//! directories for Authtray's own data.

use crate::json::{parse_strict, strip_position};
use serde_json::Value;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Stores are a few KiB; anything this large is not one.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "{path} is not valid JSON: {message} (line {line}, column {column}); Authtray will not write over it — fix the file or restore a backup"
    )]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path} is {size} bytes, too large to be a credential store (limit {MAX_FILE_BYTES}); Authtray will not touch it"
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{path} is not a regular file")]
    NotAFile { path: PathBuf },
}

impl Clone for FileError {
    fn clone(&self) -> Self {
        let copy = |e: &io::Error| io::Error::new(e.kind(), e.to_string());
        match self {
            Self::Read { path, source } => Self::Read {
                path: path.clone(),
                source: copy(source),
            },
            Self::Write { path, source } => Self::Write {
                path: path.clone(),
                source: copy(source),
            },
            Self::Parse {
                path,
                line,
                column,
                message,
            } => Self::Parse {
                path: path.clone(),
                line: *line,
                column: *column,
                message: message.clone(),
            },
            Self::TooLarge { path, size } => Self::TooLarge {
                path: path.clone(),
                size: *size,
            },
            Self::NotAFile { path } => Self::NotAFile { path: path.clone() },
        }
    }
}

impl FileError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Read { path, .. }
            | Self::Write { path, .. }
            | Self::Parse { path, .. }
            | Self::TooLarge { path, .. }
            | Self::NotAFile { path } => path,
        }
    }
}

/// Reads a JSON file strictly: missing → `None`; anything unreadable,
/// oversized, not UTF-8, malformed, too deep or with a duplicate key → error
/// with the position.
pub fn read_json(path: &Path) -> Result<Option<Value>, FileError> {
    Ok(read_json_text(path)?.map(|(_, v)| v))
}

/// [`read_json`], also returning the file's text as read.
pub fn read_json_text(path: &Path) -> Result<Option<(String, Value)>, FileError> {
    let read_err = |source| FileError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_err(e)),
    };
    if !meta.is_file() {
        return Err(FileError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(read_err)?;
    let value = parse_strict(&bytes).map_err(|e| FileError::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    Ok(Some((String::from_utf8_lossy(&bytes).into_owned(), value)))
}

/// Creates `dir` and missing parents with mode 0700 (existing ones untouched).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn set_private(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// One level of symlink, as OpenClaw's writer follows it: writes go to the
/// link's target and the link stays.
fn resolve_link(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match fs::read_link(path) {
            Ok(target) if target.is_absolute() => target,
            Ok(target) => path.parent().unwrap_or(Path::new(".")).join(target),
            Err(_) => path.to_path_buf(),
        },
        _ => path.to_path_buf(),
    }
}

/// Atomic replace (§5.2): temp file `<target>.<uuid>.tmp` (O_EXCL, 0600) in
/// the same directory, write, fsync, rename over the target, fsync the
/// directory; the target's mtime always moves forward (§5.5).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    replace(path, bytes, true)
}

/// [`write_atomic`] without the directory fsync, for a caller that writes a
/// second file in the same directory next and lets that write sync both
/// renames (or calls [`sync_dir`]).
pub fn write_atomic_deferring_dir_sync(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    replace(path, bytes, false)
}

/// The directory a write to `path` really lands in (one symlink level).
pub fn real_parent(path: &Path) -> PathBuf {
    resolve_link(path)
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// fsyncs a directory, best effort (§5.2 step 5).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn replace(path: &Path, bytes: &[u8], dir_sync: bool) -> Result<(), FileError> {
    let target = resolve_link(path);
    let write_err = |source| FileError::Write {
        path: target.clone(),
        source,
    };
    let dir = target.parent().unwrap_or(Path::new("."));
    create_private_dir(dir).map_err(write_err)?;
    let old_mtime = fs::metadata(&target).and_then(|m| m.modified()).ok();
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file");
    let tmp = dir.join(format!("{name}.{}.tmp", uuid_v4()));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        set_private(&file)?;
        drop(file);
        rename_or_copy(&tmp, &target)?;
        let file = OpenOptions::new().write(true).open(&target)?;
        set_private(&file)?;
        if let Some(old) = old_mtime
            && file.metadata()?.modified()? <= old
        {
            file.set_modified(old + Duration::from_millis(1))?;
        }
        Ok(())
    })();
    let _ = fs::remove_file(&tmp);
    if dir_sync {
        sync_dir(dir);
    }
    result.map_err(write_err)
}

/// The rename of an atomic replace; when the system refuses it for want of
/// permission (Windows, while another program holds the target open without
/// letting it go), the target is removed and the temp copied in — what
/// OpenClaw's `replaceFileAtomic` does (`copyFallbackOnPermissionError`).
fn rename_or_copy(tmp: &Path, target: &Path) -> io::Result<()> {
    match fs::rename(tmp, target) {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::PermissionDenied | io::ErrorKind::AlreadyExists
            ) =>
        {
            if fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(e);
            }
            let _ = fs::remove_file(target);
            fs::copy(tmp, target).map(drop)
        }
        other => other,
    }
}

/// Writes a new private (0600) file through a temp file and a rename, without
/// fsync: for Authtray's own copies, never for OpenClaw's files.
/// Writes `value` as pretty JSON to `path` (0600), creating its folder
/// (0700): Authtray's own small state files.
/// A JSON file of Authtray's own (settings, caches), or the default when
/// it is missing or does not parse — never an error: these files are
/// rebuilt by the next save.
pub fn load_json_or_default<T: serde::de::DeserializeOwned + Default>(path: &Path) -> T {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub fn save_private_json(path: &Path, value: &impl serde::Serialize) -> Result<(), FileError> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir).map_err(|source| FileError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let bytes = serde_json::to_vec_pretty(value).expect("state serialises");
    write_private(path, &bytes)
}

pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let write_err = |source| FileError::Write {
        path: path.to_path_buf(),
        source,
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!("{name}.{}.tmp", uuid_v4()));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let result = options
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|_| fs::rename(&tmp, path));
    let _ = fs::remove_file(&tmp);
    result.map_err(write_err)
}

/// Removes a file; a missing one is fine.
pub fn remove_if_present(path: &Path) -> Result<(), FileError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(FileError::Write {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// The modification time, if the file exists.
pub fn mtime(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn uuid_v4() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

impl crate::error::Classify for FileError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Read { .. } | Self::Parse { .. } | Self::TooLarge { .. } => {
                crate::error::ErrorCode::Unreadable
            }
            Self::NotAFile { .. } => crate::error::ErrorCode::InvalidLayout,
            Self::Write { .. } => crate::error::ErrorCode::Unwritable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_files_are_errors_not_absent() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("auth-profiles.json");
        assert!(read_json(&p).unwrap().is_none());
        fs::write(&p, "{\"version\": 1, \"profiles\": {").unwrap();
        let err = read_json(&p).unwrap_err();
        assert!(matches!(err, FileError::Parse { line: 1, .. }), "{err}");
        assert!(err.to_string().contains("auth-profiles.json"));
        fs::write(&p, [0xff, 0xfe, 0x00, 0x01]).unwrap();
        assert!(matches!(
            read_json(&p).unwrap_err(),
            FileError::Parse { .. }
        ));
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_is_private_and_follows_one_symlink() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("nested/auth-profiles.json");
        fs::create_dir(dir.path().join("nested")).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"{}\n").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"{}\n");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn mtime_always_moves_forward() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.json");
        write_atomic(&p, b"1").unwrap();
        let future = SystemTime::now() + Duration::from_secs(3600);
        File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(future)
            .unwrap();
        write_atomic(&p, b"2").unwrap();
        assert!(mtime(&p).unwrap() > future);
    }

    #[test]
    fn uuid_has_v4_shape() {
        let u = uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }
}
