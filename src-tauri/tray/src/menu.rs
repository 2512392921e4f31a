//! The tray icon and its menu, rendering core's [`Attention`]. The menu is
//! one object updated in place (Linux cannot replace an indicator's menu):
//! alert items are inserted and removed at the top. On Linux clicks on the
//! icon itself are not delivered, so everything lives in the menu. Lives on
//! the event loop's thread (the toolkit's objects never leave it).

use authtray_core::attention::{Attention, IconState};
use authtray_core::desktop::window_link::FocusProfile;
use authtray_core::time::now_ms;
use authtray_core::usage::alerts::QuotaLine;
use tray_icon::menu::{Menu, MenuItem, PredefinedMenuItem};
use tray_icon::{Icon, TrayIcon, TrayIconBuilder};

const OPEN: &str = "open";
const QUIT: &str = "quit";
const CHECK: &str = "check";
const PAUSE_HOUR: &str = "pause-1h";
const PAUSE_DAY: &str = "pause-until-tomorrow";
const RESUME: &str = "resume";
const ALERT_PREFIX: &str = "alert:";
const CHECK_REMOTES: &str = "check-remotes";

const ICON_OK: &[u8] = include_bytes!("../../../icons/tray/ok.png");
const ICON_WARNING: &[u8] = include_bytes!("../../../icons/tray/warning.png");
const ICON_EXPIRED: &[u8] = include_bytes!("../../../icons/tray/expired.png");

/// What a menu item asks for.
#[derive(Debug, PartialEq)]
pub enum Action {
    Open,
    Quit,
    RefreshDue,
    CheckRemotes,
    PauseHour,
    PauseUntilTomorrow,
    Resume,
    Focus(FocusProfile),
}

impl Action {
    pub fn of(id: &str) -> Option<Self> {
        Some(match id {
            OPEN => Self::Open,
            QUIT => Self::Quit,
            CHECK => Self::RefreshDue,
            CHECK_REMOTES => Self::CheckRemotes,
            PAUSE_HOUR => Self::PauseHour,
            PAUSE_DAY => Self::PauseUntilTomorrow,
            RESUME => Self::Resume,
            _ => {
                let mut parts = id.strip_prefix(ALERT_PREFIX)?.split('|');
                Self::Focus(FocusProfile {
                    agent_id: parts.next()?.into(),
                    profile_id: parts.next()?.into(),
                    host: parts.next().map(str::to_owned),
                })
            }
        })
    }
}

/// The id of the item that opens the window on a profile.
fn focus_id(agent_id: &str, profile_id: &str, host: Option<&str>) -> String {
    let on = host.map(|h| format!("|{h}")).unwrap_or_default();
    format!("{ALERT_PREFIX}{agent_id}|{profile_id}{on}")
}

/// What the tray shows now: icon, title, menu lines, paused, the store note.
type Shown = (IconState, Option<String>, Vec<String>, bool, Option<String>);

/// The live tray: what is shown now, kept to update it in place.
pub struct TrayView {
    tray: TrayIcon,
    menu: Menu,
    /// How many items at the top of the menu are alerts (and their separators).
    alert_items: usize,
    resume: MenuItem,
    shown: Option<Shown>,
}

/// Why the tray icon could not be made or updated.
#[derive(Debug, thiserror::Error)]
pub enum TrayError {
    #[error("the icon image does not decode: {0}")]
    Png(#[from] png::DecodingError),
    #[error("the icon image is too large")]
    IconTooLarge,
    #[error("the icon is not usable: {0}")]
    BadIcon(#[from] tray_icon::BadIcon),
    #[error("the menu: {0}")]
    Menu(#[from] tray_icon::menu::Error),
    #[error("the icon: {0}")]
    Tray(#[from] tray_icon::Error),
}

fn icon(state: IconState) -> Result<Icon, TrayError> {
    let png = match state {
        IconState::Ok => ICON_OK,
        IconState::Warning => ICON_WARNING,
        IconState::Expired | IconState::Error => ICON_EXPIRED,
    };
    let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info()?;
    let mut rgba = vec![0; reader.output_buffer_size().ok_or(TrayError::IconTooLarge)?];
    let info = reader.next_frame(&mut rgba)?;
    rgba.truncate(info.buffer_size());
    Ok(Icon::from_rgba(rgba, info.width, info.height)?)
}

/// On macOS the calm icon is a template: the menu bar draws its shape in
/// the bar's own colour, light or dark, as it does for the system's icons;
/// a warning keeps its colour so that it stands out. Elsewhere a no-op.
fn is_template(state: IconState) -> bool {
    state == IconState::Ok
}

impl TrayView {
    pub fn create() -> Result<Self, TrayError> {
        let item = |id: &str, text: &str| MenuItem::with_id(id, text, true, None);
        let resume = MenuItem::with_id(RESUME, "Resume alerts", false, None);
        let menu = Menu::with_items(&[
            &item(CHECK, "Refresh due now"),
            &item(CHECK_REMOTES, "Check other machines now"),
            &item(PAUSE_HOUR, "Pause alerts for 1 hour"),
            &item(PAUSE_DAY, "Pause alerts until tomorrow"),
            &resume,
            &PredefinedMenuItem::separator(),
            &item(OPEN, "Open Authtray"),
            &item(QUIT, "Quit"),
        ])?;
        let tray = TrayIconBuilder::new()
            .with_id("main")
            .with_icon(icon(IconState::Ok)?)
            .with_icon_as_template(is_template(IconState::Ok))
            .with_tooltip("Authtray")
            .with_menu(Box::new(menu.clone()))
            .build()?;
        Ok(Self {
            tray,
            menu,
            alert_items: 0,
            resume,
            shown: None,
        })
    }

    /// Brings the tray up to date with `model`; does nothing if nothing changed.
    pub fn render(
        &mut self,
        model: &Attention,
        quota: &[QuotaLine],
        paused: bool,
    ) -> Result<(), TrayError> {
        let now = now_ms();
        let mut texts: Vec<String> = model.alerts.iter().map(|a| a.menu_text(now)).collect();
        let alert_count = texts.len();
        texts.extend(model.unreachable.iter().cloned());
        let quiet_end = texts.len();
        texts.extend(quota.iter().map(|q| q.text.clone()));
        let next = (
            model.icon,
            model.title.clone(),
            texts.clone(),
            paused,
            model.store_note.clone(),
        );
        if self.shown.as_ref() == Some(&next) {
            return Ok(());
        }
        if self.shown.as_ref().map(|s| s.0) != Some(model.icon) {
            // (tray-icon's set_icon_with_as_template sets nothing off macOS.)
            self.tray.set_icon(Some(icon(model.icon)?))?;
            self.tray.set_icon_as_template(is_template(model.icon));
        }
        self.tray.set_title(model.title.as_deref());
        let tooltip = model
            .title
            .as_deref()
            .map_or("Authtray".into(), |t| format!("Authtray: {t}"));
        let tooltip = match &model.store_note {
            Some(note) => format!("{tooltip}\n{note}"),
            None => tooltip,
        };
        self.tray.set_tooltip(Some(tooltip))?;
        for _ in 0..self.alert_items {
            self.menu.remove_at(0);
        }
        let mut items: Vec<Box<dyn tray_icon::menu::IsMenuItem>> = Vec::new();
        for (a, text) in model.alerts.iter().zip(&texts) {
            let id = focus_id(&a.agent_id, &a.profile_id, a.host.as_deref());
            items.push(Box::new(MenuItem::with_id(id, text, true, None)));
        }
        // A host that did not answer: one quiet line, not an alert.
        for text in &texts[alert_count..quiet_end] {
            items.push(Box::new(MenuItem::new(text, false, None)));
        }
        // Accounts near a limit: after what expires, each opens its profile.
        if !quota.is_empty() && !items.is_empty() {
            items.push(Box::new(PredefinedMenuItem::separator()));
        }
        for q in quota {
            let id = focus_id(&q.agent_id, &q.profile_id, None);
            items.push(Box::new(MenuItem::with_id(id, &q.text, true, None)));
        }
        if !items.is_empty() {
            items.push(Box::new(PredefinedMenuItem::separator()));
        }
        for (pos, item) in items.iter().enumerate() {
            self.menu.insert(item.as_ref(), pos)?;
        }
        self.alert_items = items.len();
        self.resume.set_enabled(paused);
        self.shown = Some(next);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_item_id_reads_back_as_its_action() {
        assert_eq!(Action::of(OPEN), Some(Action::Open));
        assert_eq!(Action::of(QUIT), Some(Action::Quit));
        assert_eq!(Action::of(RESUME), Some(Action::Resume));
        assert_eq!(
            Action::of(&focus_id("main", "anthropic:work", Some("gw"))),
            Some(Action::Focus(FocusProfile {
                agent_id: "main".into(),
                profile_id: "anthropic:work".into(),
                host: Some("gw".into()),
            }))
        );
        assert_eq!(
            Action::of(&focus_id("main", "openai:a", None)),
            Some(Action::Focus(FocusProfile {
                agent_id: "main".into(),
                profile_id: "openai:a".into(),
                host: None,
            }))
        );
        assert_eq!(Action::of("alert:only-an-agent"), None);
        assert_eq!(Action::of("something else"), None);
    }

    #[test]
    fn the_tray_icons_decode() {
        for state in [IconState::Ok, IconState::Warning, IconState::Expired] {
            icon(state).unwrap();
        }
    }
}
