//! One tray per user: the first process holds an exclusive lock on
//! `tray.lock` in Authtray's data dir (released by the OS when it ends, so a
//! crashed tray never blocks the next); a later start finds it taken, asks
//! the first to show its window and exits. The asking goes over `tray.sock`
//! beside the lock (a Unix socket in the 0700 data dir), or on Windows over
//! a named pipe named after the data dir (a pipe's default security lets
//! only its owner, administrators and the system write to it).

use fs4::fs_std::FileExt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a later start says to the first one.
const SHOW: &str = "show";

/// The claim of the first tray; dropped when the process ends.
#[derive(Debug)]
pub struct First {
    _lock: File,
    socket: PathBuf,
}

/// Who this process is among the user's trays.
#[derive(Debug)]
pub enum Claim {
    First(First),
    /// Another tray runs and was asked to show its window.
    HandedOver,
}

/// Claims the tray role, waiting up to `wait` for a tray that is on its
/// way out (a restart); otherwise hands over to the running one.
pub fn claim(data: &Path, wait: Duration) -> io::Result<Claim> {
    let named = |e: io::Error| {
        io::Error::new(
            e.kind(),
            format!("cannot use Authtray's data folder {}: {e}", data.display()),
        )
    };
    authtray_core::files::create_private_dir(data).map_err(named)?;
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data.join("tray.lock"))
        .map_err(named)?;
    let socket = data.join("tray.sock");
    let until = Instant::now() + wait;
    loop {
        if lock.try_lock_exclusive()? {
            return Ok(Claim::First(First {
                _lock: lock,
                socket,
            }));
        }
        if Instant::now() >= until {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    hand_over(&socket)?;
    Ok(Claim::HandedOver)
}

/// Asks the running tray to show its window; it may still be starting.
fn hand_over(socket: &Path) -> io::Result<()> {
    let mut last = None;
    for _ in 0..30 {
        match connect(socket) {
            Ok(mut s) => return writeln!(s, "{SHOW}"),
            Err(e) => last = Some(e),
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(io::Error::other(format!(
        "Authtray already runs but does not answer at {} ({})",
        socket.display(),
        last.map_or_else(String::new, |e| e.to_string())
    )))
}

#[cfg(unix)]
fn connect(socket: &Path) -> io::Result<impl Write + use<>> {
    std::os::unix::net::UnixStream::connect(socket)
}

/// The pipe of the tray whose data dir holds `socket`.
#[cfg(windows)]
fn pipe_name(socket: &Path) -> io::Result<interprocess::local_socket::Name<'static>> {
    use interprocess::local_socket::{GenericNamespaced, ToNsName};
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    socket.hash(&mut h);
    format!("authtray-tray-{:016x}", h.finish()).to_ns_name::<GenericNamespaced>()
}

#[cfg(windows)]
fn connect(socket: &Path) -> io::Result<impl Write + use<>> {
    use interprocess::local_socket::{Stream, traits::Stream as _};
    Stream::connect(pipe_name(socket)?)
}

impl First {
    /// Answers later starts: each `show` calls `on_show`.
    pub fn listen(&self, on_show: impl Fn() + Send + 'static) -> io::Result<()> {
        let incoming = self.incoming()?;
        std::thread::Builder::new()
            .name("authtray-instance".into())
            .spawn(move || {
                for stream in incoming {
                    // One short line: a peer cannot make the tray hold more.
                    let mut line = String::new();
                    let read = BufReader::new(io::Read::take(stream, 64)).read_line(&mut line);
                    if read.is_ok() && line.trim_end() == SHOW {
                        on_show();
                    }
                }
            })?;
        Ok(())
    }

    #[cfg(unix)]
    fn incoming(&self) -> io::Result<impl Iterator<Item = impl io::Read> + Send + 'static> {
        // Left by a tray that ended without cleaning up: the lock is ours.
        let _ = std::fs::remove_file(&self.socket);
        let listener = std::os::unix::net::UnixListener::bind(&self.socket)?;
        Ok(std::iter::from_fn(move || {
            listener.accept().ok().map(|(s, _)| s)
        }))
    }

    #[cfg(windows)]
    fn incoming(&self) -> io::Result<impl Iterator<Item = impl io::Read> + Send + 'static> {
        use interprocess::local_socket::{ListenerOptions, traits::Listener as _};
        let listener = ListenerOptions::new()
            .name(pipe_name(&self.socket)?)
            .create_sync()?;
        Ok(std::iter::from_fn(move || listener.accept().ok()))
    }
}

impl Drop for First {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.socket);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn a_second_start_asks_the_first_to_show_and_a_dead_first_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let Claim::First(first) = claim(&data, Duration::ZERO).unwrap() else {
            panic!("the first start holds the tray");
        };
        let (tx, rx) = channel();
        first.listen(move || tx.send(()).unwrap()).unwrap();
        assert!(matches!(
            claim(&data, Duration::ZERO).unwrap(),
            Claim::HandedOver
        ));
        rx.recv_timeout(Duration::from_secs(2))
            .expect("the first was asked to show its window");

        // Garbage and long lines do nothing.
        let mut s = connect(&data.join("tray.sock")).unwrap();
        // The tray stops reading after 64 bytes: the rest may not even be sent.
        let _ = writeln!(s, "{}", "x".repeat(10_000));
        drop(s);
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());

        // The first ends (its lock goes with it): the next start is first.
        drop(first);
        assert!(matches!(
            claim(&data, Duration::ZERO).unwrap(),
            Claim::First(_)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_stale_socket_of_a_crashed_tray_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tray.sock"), "left behind").unwrap();
        let Claim::First(first) = claim(dir.path(), Duration::ZERO).unwrap() else {
            panic!("no lock held: first");
        };
        first.listen(|| {}).unwrap();
    }

    #[test]
    fn a_tray_that_holds_the_lock_but_never_answers_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::First(_first) = claim(dir.path(), Duration::ZERO).unwrap() else {
            panic!("first");
        };
        // No listener: nobody answers.
        let err = claim(dir.path(), Duration::ZERO).unwrap_err();
        assert!(err.to_string().contains("does not answer"), "{err}");
    }
}
