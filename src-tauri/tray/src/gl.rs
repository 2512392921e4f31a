//! GDK initialises OpenGL when it opens the display, loading the driver
//! (Mesa's llvmpipe alone is 44 MB resident) into a process that never
//! draws with it: the tray turns GDK's GL off for itself and gives the
//! window process the user's own setting back.

/// Where the tray process keeps the user's own `GDK_GL` (`-` when unset)
/// for the window process, having turned GDK's GL off for itself: a tray
/// needs no OpenGL, and loading the driver costs tens of MB (Mesa's
/// llvmpipe alone is 44 MB resident).
const USERS_GDK_GL: &str = "AUTHTRAY_USERS_GDK_GL";

/// Called first thing in the tray process: starts it again without GL
/// (Linux; the environment cannot be changed safely once running).
pub fn start_without_gl() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(USERS_GDK_GL).is_none() {
        use std::os::unix::process::CommandExt;
        let users = std::env::var("GDK_GL").map_or("-".to_owned(), |v| format!("={v}"));
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let err = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env(USERS_GDK_GL, users)
            .env("GDK_GL", "disable")
            .exec();
        eprintln!("authtray: starting without GL failed, going on with it: {err}");
    }
}

/// Gives a child (the window process) the user's own `GDK_GL` back.
pub fn restore_gdk_gl(cmd: &mut std::process::Command) {
    match std::env::var(USERS_GDK_GL).ok().as_deref() {
        Some(v) if v.starts_with('=') => cmd.env("GDK_GL", &v[1..]),
        Some(_) => cmd.env_remove("GDK_GL"),
        None => cmd,
    }
    .env_remove(USERS_GDK_GL);
}
