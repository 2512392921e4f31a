//! The tray icon and its menu, rendering core's [`TrayModel`]. The menu is
//! one object updated in place (Linux cannot replace an indicator's menu):
//! alert items are inserted and removed at the top. On Linux clicks on the
//! icon itself are not delivered, so everything lives in the menu.

use crate::wake::{Monitor, Wake};
use crate::window::FocusProfile;
use crate::window_process;
use authtray_core::time::{HOUR, now_ms};
use authtray_core::tray::{IconState, TrayModel};
use authtray_core::usage::alerts::QuotaLine;
use std::sync::Mutex;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, MenuItemKind, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};

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
        OPEN => window_process::show(app, None),
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
                window_process::show(
                    app,
                    Some(FocusProfile {
                        agent_id: agent_id.into(),
                        profile_id: profile_id.into(),
                        host: parts.next().map(str::to_owned),
                    }),
                );
            }
        }
    }
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
    quota: &[QuotaLine],
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
    let quiet_end = texts.len();
    texts.extend(quota.iter().map(|q| q.text.clone()));
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
    for text in &texts[alert_count..quiet_end] {
        items.push(MenuItemKind::MenuItem(MenuItem::new(
            app,
            text,
            false,
            None::<&str>,
        )?));
    }
    // Accounts near a limit: after what expires, each opens its profile.
    if !quota.is_empty() && !items.is_empty() {
        items.push(MenuItemKind::Predefined(PredefinedMenuItem::separator(
            app,
        )?));
    }
    for q in quota {
        items.push(MenuItemKind::MenuItem(MenuItem::with_id(
            app,
            format!("{ALERT_PREFIX}{}|{}", q.agent_id, q.profile_id),
            &q.text,
            true,
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
