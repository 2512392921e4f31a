//! The main window: created in code so navigation can be locked to the app's
//! own origin. Closing it destroys it (and its WebKit processes): the app
//! lives on in the tray, and the window is made again when it is opened.

use tauri::{AppHandle, Manager, Runtime, Url, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

pub fn create<R: Runtime>(app: &AppHandle<R>, visible: bool) -> tauri::Result<()> {
    let dev_url = app
        .config()
        .build
        .dev_url
        .clone()
        .filter(|_| tauri::is_dev());
    WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Authtray")
        .inner_size(960.0, 640.0)
        .min_inner_size(560.0, 400.0)
        .visible(visible)
        .on_navigation(move |url| is_app_origin(url, dev_url.as_ref()))
        .build()?;
    Ok(())
}

/// Shows, un-minimises and focuses the main window, making it first if it
/// was closed (or never opened: started hidden in the tray).
pub fn show<R: Runtime>(app: &AppHandle<R>) {
    if app.get_webview_window(MAIN).is_none()
        && let Err(e) = create(app, true)
    {
        eprintln!("authtray: cannot open the window: {e}");
        return;
    }
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
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
