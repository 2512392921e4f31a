//! The tray icon and its menu, rendering core's [`TrayModel`]. The menu is
//! one object updated in place (Linux cannot replace an indicator's menu):
//! alert items are inserted and removed at the top. On Linux clicks on the
//! icon itself are not delivered, so everything lives in the menu.

use crate::wake::{Monitor, Wake};
use crate::window;
use authtray_core::time::{HOUR, now_ms};
use authtray_core::tray::{IconState, TrayModel};
use serde::Serialize;
use std::sync::Mutex;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, MenuItemKind, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};

const OPEN: &str = "open";
const QUIT: &str = "quit";
const CHECK: &str = "check";
const PAUSE_HOUR: &str = "pause-1h";
const PAUSE_DAY: &str = "pause-until-tomorrow";
const RESUME: &str = "resume";
const ALERT_PREFIX: &str = "alert:";
const CHECK_REMOTES: &str = "check-remotes";

const ICON_OK: &[u8] = include_bytes!("../../icons/tray/ok.png");
const ICON_WARNING: &[u8] = include_bytes!("../../icons/tray/warning.png");
const ICON_EXPIRED: &[u8] = include_bytes!("../../icons/tray/expired.png");

/// The live tray: what is shown now, kept to update it in place.
pub struct TrayView<R: Runtime> {
    tray: TrayIcon<R>,
    menu: Menu<R>,
    alert_items: Vec<MenuItemKind<R>>,
    resume: MenuItem<R>,
    shown: Option<(IconState, Option<String>, Vec<String>, bool)>,
}

/// Payload of the `focus-profile` event the window receives.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FocusProfile {
    pub agent_id: String,
    pub profile_id: String,
    /// The install's host when it is on another machine.
    pub host: Option<String>,
}

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let resume = MenuItem::with_id(app, RESUME, "Resume alerts", false, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, CHECK, "Refresh due now", true, None::<&str>)?,
            &MenuItem::with_id(
                app,
                CHECK_REMOTES,
                "Check other machines now",
                true,
                None::<&str>,
            )?,
            &MenuItem::with_id(
                app,
                PAUSE_HOUR,
                "Pause alerts for 1 hour",
                true,
                None::<&str>,
            )?,
            &MenuItem::with_id(
                app,
                PAUSE_DAY,
                "Pause alerts until tomorrow",
                true,
                None::<&str>,
            )?,
            &resume,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, OPEN, "Open Authtray", true, None::<&str>)?,
            &MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>)?,
        ],
    )?;
    let tray = TrayIconBuilder::with_id("main")
        .icon(Image::from_bytes(ICON_OK)?)
        .tooltip("Authtray")
        .menu(&menu)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
        .build(app)?;
    app.manage(Mutex::new(TrayView {
        tray,
        menu,
        alert_items: Vec::new(),
        resume,
        shown: None,
    }));
    Ok(())
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let wake = |w: Wake| {
        if let Some(m) = app.try_state::<Monitor>() {
            m.wake(w);
        }
    };
    match id {
        OPEN => window::show(app),
        QUIT => app.exit(0),
        CHECK => wake(Wake::RefreshDue),
        CHECK_REMOTES => {
            if let Some(checks) = app.try_state::<crate::remote_check::RemoteChecks>() {
                checks.check_now();
            }
        }
        PAUSE_HOUR => wake(Wake::Pause(Some(now_ms() + HOUR))),
        PAUSE_DAY => {
            let offset = i64::from(jiff::Zoned::now().offset().seconds());
            wake(Wake::Pause(Some(authtray_core::notice::tomorrow_morning(
                now_ms(),
                offset,
            ))))
        }
        RESUME => wake(Wake::Pause(None)),
        _ => {
            let mut parts = id
                .strip_prefix(ALERT_PREFIX)
                .into_iter()
                .flat_map(|k| k.split('|'));
            if let (Some(agent_id), Some(profile_id)) = (parts.next(), parts.next()) {
                focus_profile(
                    app,
                    FocusProfile {
                        agent_id: agent_id.into(),
                        profile_id: profile_id.into(),
                        host: parts.next().map(str::to_owned),
                    },
                );
            }
        }
    }
}

/// A profile the window should open on once its page has loaded (the
/// window did not exist when the tray asked).
#[derive(Default)]
pub struct PendingFocus(pub std::sync::Mutex<Option<FocusProfile>>);

/// Opens the window on a profile: the title names it, the UI selects it.
pub fn focus_profile<R: Runtime>(app: &AppHandle<R>, target: FocusProfile) {
    if app.get_webview_window(window::MAIN).is_none()
        && let Some(pending) = app.try_state::<PendingFocus>()
    {
        *pending.0.lock().expect("pending focus") = Some(target.clone());
    }
    window::show(app);
    if let Some(w) = app.get_webview_window(window::MAIN) {
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
    let _ = app.emit("focus-profile", target);
}

fn icon_bytes(state: IconState) -> &'static [u8] {
    match state {
        IconState::Ok => ICON_OK,
        IconState::Warning => ICON_WARNING,
        IconState::Expired | IconState::Error => ICON_EXPIRED,
    }
}

/// Brings the tray up to date with `model`; does nothing if nothing changed.
pub fn render<R: Runtime>(
    app: &AppHandle<R>,
    model: &TrayModel,
    paused: bool,
) -> tauri::Result<()> {
    let Some(view) = app.try_state::<Mutex<TrayView<R>>>() else {
        return Ok(());
    };
    let mut view = view.inner().lock().expect("tray view lock");
    let now = now_ms();
    let mut texts: Vec<String> = model.alerts.iter().map(|a| a.menu_text(now)).collect();
    let alert_count = texts.len();
    texts.extend(model.unreachable.iter().cloned());
    let next = (model.icon, model.title.clone(), texts.clone(), paused);
    if view.shown.as_ref() == Some(&next) {
        return Ok(());
    }
    if view.shown.as_ref().map(|s| s.0) != Some(model.icon) {
        view.tray
            .set_icon(Some(Image::from_bytes(icon_bytes(model.icon))?))?;
    }
    view.tray.set_title(model.title.as_deref())?;
    view.tray.set_tooltip(Some(
        model
            .title
            .as_deref()
            .map_or("Authtray".into(), |t| format!("Authtray: {t}")),
    ))?;
    let view = &mut *view;
    for item in view.alert_items.drain(..) {
        view.menu.remove(&item)?;
    }
    let mut items: Vec<MenuItemKind<R>> = Vec::new();
    for (a, text) in model.alerts.iter().zip(&texts) {
        let on = a
            .host
            .as_deref()
            .map(|h| format!("|{h}"))
            .unwrap_or_default();
        let id = format!("{ALERT_PREFIX}{}|{}{on}", a.agent_id, a.profile_id);
        items.push(MenuItemKind::MenuItem(MenuItem::with_id(
            app,
            id,
            text,
            true,
            None::<&str>,
        )?));
    }
    // A host that did not answer: one quiet line, not an alert.
    for text in &texts[alert_count..] {
        items.push(MenuItemKind::MenuItem(MenuItem::new(
            app,
            text,
            false,
            None::<&str>,
        )?));
    }
    if !items.is_empty() {
        items.push(MenuItemKind::Predefined(PredefinedMenuItem::separator(
            app,
        )?));
    }
    for (pos, item) in items.iter().enumerate() {
        view.menu.insert(item, pos)?;
    }
    view.alert_items = items;
    view.resume.set_enabled(paused)?;
    view.shown = Some(next);
    Ok(())
}
