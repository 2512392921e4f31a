//! The tray process's side of the window: the window lives in its own
//! process (`authtray --window --from-tray`), started when it is first
//! asked for and told over its stdin what to show. With the window closed
//! no WebKit runs and the tray process holds only the tray, the monitor and
//! the checks (numbers in docs/architecture.md).

use crate::window::{FocusProfile, FromTray};
use std::io::Write;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager, Runtime};

/// Exit code of a window process asking the tray process to restart
/// (a new state dir was picked).
pub const RESTART: i32 = 75;

/// The running window process, if any, and when it was last told something.
#[derive(Default)]
pub struct WindowProcess(Mutex<Option<(u32, ChildStdin, Instant)>>);

/// A window process that ends this soon after being told to show was
/// already on its way out (its linger ran out): it is started again.
const LOST_SHOW: Duration = Duration::from_secs(2);

/// Shows the window (on `focus` when given), starting its process if none runs.
pub fn show<R: Runtime>(app: &AppHandle<R>, focus: Option<FocusProfile>) {
    let message = focus.map_or(FromTray::Show, FromTray::Focus);
    let state = app.state::<WindowProcess>();
    let mut running = state.0.lock().expect("window process");
    if let Some((_, stdin, told)) = running.as_mut()
        && writeln!(stdin, "{}", message.line()).is_ok()
    {
        *told = Instant::now();
        return;
    }
    match spawn() {
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
            reap(app.clone(), child);
        }
        Err(e) => eprintln!("authtray: cannot start the window: {e}"),
    }
}

/// Closes the window process (it ends on `quit` or when its stdin closes).
pub fn quit<R: Runtime>(app: &AppHandle<R>) {
    let Some((pid, mut stdin, _)) = app
        .state::<WindowProcess>()
        .0
        .lock()
        .expect("window process")
        .take()
    else {
        return;
    };
    let _ = writeln!(stdin, "{}", FromTray::Quit.line());
    drop(stdin);
    // Give it a moment to close its login listeners, then make sure.
    for _ in 0..40 {
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    #[cfg(unix)]
    let _ = Command::new("kill").arg(pid.to_string()).status();
}

fn spawn() -> std::io::Result<Child> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.args(["--window", "--from-tray"]).stdin(Stdio::piped());
    crate::desktop::restore_gdk_gl(&mut cmd);
    cmd.spawn()
}

/// Waits for the window process to end; forgets it, or restarts the app
/// when it asked for that.
fn reap<R: Runtime>(app: AppHandle<R>, mut child: Child) {
    let pid = child.id();
    std::thread::spawn(move || {
        let code = child.wait().ok().and_then(|s| s.code());
        let lost_show = {
            let state = app.state::<WindowProcess>();
            let mut running = state.0.lock().expect("window process");
            match running.take_if(|(p, _, _)| *p == pid) {
                Some((_, _, told)) => told.elapsed() < LOST_SHOW,
                None => false,
            }
        };
        if lost_show && code == Some(0) {
            show(&app, None);
        }
        if code == Some(RESTART) {
            let handle = app.clone();
            let _ = app.run_on_main_thread(move || restart_shown(&handle));
        }
    });
}

/// Starts the app again with its window shown (even if this process was
/// started hidden by the login item).
fn restart_shown<R: Runtime>(app: &AppHandle<R>) {
    let mut env = app.env();
    env.args_os.retain(|a| a != "--hidden");
    app.cleanup_before_exit();
    tauri::process::restart(&env);
}
