//! The main window, in the window process (`authtray --window`, started by
//! the tray process `authtray-tray` on demand). Created in code so
//! navigation can be locked to the app's own origin. Closed, it is hidden
//! for [`linger`] (opened again at once) and then the process ends, taking
//! its WebKit processes with it.

pub use authtray_core::desktop::window_link::FocusProfile;
use authtray_core::desktop::window_link::FromTray;
use std::io::BufRead;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime, Url, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use tauri_specta::Event;

pub const MAIN: &str = "main";

/// How long a closed window is kept hidden before its process ends
/// (`AUTHTRAY_WINDOW_LINGER_SECS`, default two minutes).
pub fn linger() -> Duration {
    let secs = std::env::var("AUTHTRAY_WINDOW_LINGER_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    Duration::from_secs(secs)
}

/// Bumped each time the window is shown: a linger that outlives a show ends nothing.
#[derive(Default)]
pub struct Shown(AtomicU64);

pub fn create<R: Runtime>(app: &AppHandle<R>, visible: bool) -> tauri::Result<()> {
    let dev_url = app
        .config()
        .build
        .dev_url
        .clone()
        .filter(|_| tauri::is_dev());
    let window = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Authtray")
        .inner_size(960.0, 640.0)
        .min_inner_size(560.0, 400.0)
        .visible(visible)
        .on_navigation(move |url| is_app_origin(url, dev_url.as_ref()))
        .build()?;
    let handle = app.clone();
    window.on_window_event(move |event| {
        if let WindowEvent::CloseRequested { api, .. } = event {
            api.prevent_close();
            close(&handle);
        }
    });
    Ok(())
}

/// Hides the window and ends the process after [`linger`] unless it is
/// shown again meanwhile.
fn close<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window(MAIN) {
        let _ = w.hide();
    }
    in_dock(app, false);
    // Started on its own (not by the tray process): nothing to come back to.
    let by_tray = app
        .try_state::<crate::commands::settings::StartedByTray>()
        .is_some_and(|s| s.0);
    let linger = if by_tray { linger() } else { Duration::ZERO };
    if linger.is_zero() {
        return app.exit(0);
    }
    let shown = app.state::<Shown>().0.load(Ordering::SeqCst);
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(linger);
        if app.state::<Shown>().0.load(Ordering::SeqCst) == shown {
            app.exit(0);
        }
    });
}

/// Shows, un-minimises and focuses the main window, making it first if it
/// was never made.
pub fn show<R: Runtime>(app: &AppHandle<R>) {
    app.state::<Shown>().0.fetch_add(1, Ordering::SeqCst);
    if app.get_webview_window(MAIN).is_none()
        && let Err(e) = create(app, true)
    {
        eprintln!("authtray: cannot open the window: {e}");
        return;
    }
    in_dock(app, true);
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// macOS: the Dock shows Authtray while its window shows, not while only
/// the menu-bar item (the tray process) runs. Elsewhere a no-op.
pub fn in_dock<R: Runtime>(app: &AppHandle<R>, shown: bool) {
    #[cfg(target_os = "macos")]
    let _ = app.set_activation_policy(if shown {
        tauri::ActivationPolicy::Regular
    } else {
        tauri::ActivationPolicy::Accessory
    });
    #[cfg(not(target_os = "macos"))]
    let _ = (app, shown);
}

/// A profile asked for before the page had loaded (it asks once, at load).
#[derive(Default)]
pub struct PendingFocus(Mutex<(bool, Option<FocusProfile>)>);

impl PendingFocus {
    /// The page has loaded: what was asked before, once.
    pub fn take(&self) -> Option<FocusProfile> {
        let mut p = self.0.lock().expect("pending focus");
        p.0 = true;
        p.1.take()
    }
}

/// Opens the window on a profile: the title names it, the UI selects it.
pub fn focus_profile<R: Runtime>(app: &AppHandle<R>, target: FocusProfile) {
    {
        let mut pending = app
            .state::<PendingFocus>()
            .inner()
            .0
            .lock()
            .expect("pending focus");
        if !pending.0 {
            pending.1 = Some(target.clone());
        }
    }
    show(app);
    if let Some(w) = app.get_webview_window(MAIN) {
        let on = target
            .host
            .as_deref()
            .map(|h| format!("{h}: "))
            .unwrap_or_default();
        let _ = w.set_title(&format!(
            "Authtray — {on}{} · {}",
            target.agent_id, target.profile_id
        ));
    }
    let _ = crate::events::FocusRequested { target }.emit(app);
}

/// Follows the tray process's lines until its end of the pipe closes (the
/// tray is gone: so is this window).
pub fn follow_tray<R: Runtime>(app: AppHandle<R>) {
    std::thread::Builder::new()
        .name("authtray-from-tray".into())
        .spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                match FromTray::parse(&line) {
                    Some(FromTray::Show) => window_task(&app, show),
                    Some(FromTray::Focus(f)) => window_task(&app, move |a| focus_profile(a, f)),
                    Some(FromTray::Quit) => break,
                    None => eprintln!(
                        "authtray: the tray sent what this window does not know: {line:?}"
                    ),
                }
            }
            app.exit(0);
        })
        .expect("spawn tray follower");
}

/// Runs `task` on the main thread (windows are made and shown there).
fn window_task<R: Runtime>(app: &AppHandle<R>, task: impl FnOnce(&AppHandle<R>) + Send + 'static) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || task(&handle));
}

/// The webview may only ever show the bundled app: `tauri://localhost` on
/// Linux/macOS, `http(s)://tauri.localhost` on Windows, and the dev server
/// during `tauri dev`.
pub fn is_app_origin(url: &Url, dev_url: Option<&Url>) -> bool {
    let host = url.host_str();
    match url.scheme() {
        "tauri" => host == Some("localhost"),
        "http" | "https" if host == Some("tauri.localhost") => true,
        _ => dev_url.is_some_and(|dev| dev.origin() == url.origin()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn only_the_app_origin_is_navigable() {
        assert!(is_app_origin(&url("tauri://localhost/index.html"), None));
        assert!(is_app_origin(&url("http://tauri.localhost/"), None));
        assert!(!is_app_origin(&url("https://example.com/"), None));
        assert!(!is_app_origin(&url("tauri://evil/"), None));
        assert!(!is_app_origin(&url("http://localhost:5173/"), None));
        assert!(!is_app_origin(&url("file:///etc/passwd"), None));
        let dev = url("http://localhost:5173");
        assert!(is_app_origin(&url("http://localhost:5173/x"), Some(&dev)));
        assert!(!is_app_origin(&url("http://localhost:5174/"), Some(&dev)));
    }
}
