//! The tray's side of the window: the window is the desktop app's other
//! process (`authtray --window --from-tray`, the binary beside this one),
//! started when it is first asked for and told over its stdin what to show.
//! With the window closed no WebKit runs and this process holds only the
//! tray, the monitor and the checks (numbers in docs/architecture.md).

use authtray_core::desktop::window_link::{FocusProfile, FromTray, RESTART};
use authtray_core::store::lock::pid_alive;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A window process that ends this soon after being told to show was
/// already on its way out (its linger ran out): it is started again.
const LOST_SHOW: Duration = Duration::from_secs(2);

/// The window process, if one runs, and when it was last told something.
pub struct WindowProcess {
    exe: PathBuf,
    running: Mutex<Option<(u32, ChildStdin, Instant)>>,
    /// Called when the window asks for a restart (a new state dir).
    on_restart: Box<dyn Fn() + Send + Sync>,
}

impl WindowProcess {
    pub fn new(exe: PathBuf, on_restart: impl Fn() + Send + Sync + 'static) -> Arc<Self> {
        Arc::new(Self {
            exe,
            running: Mutex::new(None),
            on_restart: Box::new(on_restart),
        })
    }

    /// Shows the window (on `focus` when given), starting its process if none runs.
    pub fn show(self: &Arc<Self>, focus: Option<FocusProfile>) {
        let message = focus.map_or(FromTray::Show, FromTray::Focus);
        let mut running = self.running.lock().expect("window process");
        if let Some((_, stdin, told)) = running.as_mut()
            && writeln!(stdin, "{}", message.line()).is_ok()
        {
            *told = Instant::now();
            return;
        }
        match self.spawn() {
            Ok(mut child) => {
                let mut stdin = child.stdin.take().expect("piped stdin");
                if let FromTray::Focus(_) = message {
                    let _ = writeln!(stdin, "{}", message.line());
                }
                // Only a show sent to a running process can be lost.
                let never = Instant::now()
                    .checked_sub(LOST_SHOW)
                    .unwrap_or_else(Instant::now);
                *running = Some((child.id(), stdin, never));
                self.reap(child);
            }
            Err(e) => eprintln!(
                "authtray: cannot start the window ({}): {e}",
                self.exe.display()
            ),
        }
    }

    /// Closes the window process (it ends on `quit` or when its stdin closes).
    pub fn quit(&self) {
        let Some((pid, mut stdin, _)) = self.running.lock().expect("window process").take() else {
            return;
        };
        let _ = writeln!(stdin, "{}", FromTray::Quit.line());
        drop(stdin);
        // Give it a moment to close its login listeners, then make sure.
        for _ in 0..40 {
            if !pid_alive(pid) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        #[cfg(unix)]
        let _ = Command::new("kill").arg(pid.to_string()).status();
        #[cfg(windows)]
        let _ = Command::new("taskkill")
            .args(["/PID", &pid.to_string()])
            .status();
    }

    fn spawn(&self) -> std::io::Result<Child> {
        let mut cmd = Command::new(&self.exe);
        cmd.args(["--window", "--from-tray"]).stdin(Stdio::piped());
        crate::gl::restore_gdk_gl(&mut cmd);
        cmd.spawn()
    }

    /// Waits for the window process to end; forgets it, starts it again
    /// when a show was lost, or restarts the app when it asked for that.
    fn reap(self: &Arc<Self>, mut child: Child) {
        let pid = child.id();
        let this = self.clone();
        std::thread::spawn(move || {
            let code = child.wait().ok().and_then(|s| s.code());
            let lost_show = match this
                .running
                .lock()
                .expect("window process")
                .take_if(|(p, _, _)| *p == pid)
            {
                Some((_, _, told)) => told.elapsed() < LOST_SHOW,
                None => false,
            };
            if lost_show && code == Some(0) {
                this.show(None);
            }
            if code == Some(RESTART) {
                (this.on_restart)();
            }
        });
    }
}
