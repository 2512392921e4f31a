//! `authtray-tray`: the tray process of the desktop app, without a webview
//! (the window is `authtray --window`, started on demand). One per user;
//! `authtray` hands the tray role to it. Wiring only: the event loop owns
//! the tray icon and its menu; the monitor, the remote checks and the usage
//! round run on their own threads and send what to show.

// A GUI program on Windows: no console window opens with the tray.
#![cfg_attr(windows, windows_subsystem = "windows")]

mod gl;
mod instance;
mod menu;
mod monitor;
mod notify;
mod remote_check;
mod usage_watch;
mod window_process;

use authtray_core::attention::Attention;
use authtray_core::desktop::window_link::{WINDOW_BINARY, beside};
use authtray_core::desktop::{Monitor, Wake, app_env, start_hidden, tray_host_running};
use authtray_core::time::{HOUR, now_ms};
use authtray_core::usage::alerts::QuotaLine;
use menu::{Action, TrayView};
use remote_check::{RemoteChecks, RemoteHealth};
use std::sync::Arc;
use std::time::Duration;
use tao::event::{Event, StartCause};
use tao::event_loop::{ControlFlow, EventLoopBuilder, EventLoopProxy};
use tray_icon::menu::MenuEvent;
use window_process::WindowProcess;

/// What the other threads ask of the event loop's thread.
#[derive(Debug)]
pub enum UiEvent {
    Render(Attention, Vec<QuotaLine>, bool),
    Menu(String),
    /// The window picked another state dir: start again with it.
    Restart,
}

/// The event loop's thread, reachable from the others.
#[derive(Clone)]
pub struct Ui(EventLoopProxy<UiEvent>);

impl Ui {
    /// Shows `model` (with quota lines; `paused` alerts) in the tray.
    pub fn render(&self, model: Attention, quota: Vec<QuotaLine>, paused: bool) {
        let _ = self.0.send_event(UiEvent::Render(model, quota, paused));
    }
}

/// A restarted tray waits this long for the one it replaces to end.
const RESTART_WAIT: Duration = Duration::from_secs(5);

fn main() {
    gl::start_without_gl();
    let args: Vec<String> = std::env::args().collect();
    let env = app_env();
    let wait = if args.iter().any(|a| a == "--restarted") {
        RESTART_WAIT
    } else {
        Duration::ZERO
    };
    let first = match instance::claim(&authtray_core::paths::data_dir(&env), wait) {
        Ok(instance::Claim::First(first)) => first,
        Ok(instance::Claim::HandedOver) => return,
        Err(e) => {
            eprintln!("authtray: {e}");
            std::process::exit(1);
        }
    };
    let window_exe = match std::env::current_exe() {
        Ok(exe) => beside(&exe, WINDOW_BINARY),
        Err(e) => {
            eprintln!("authtray: cannot tell where this program is: {e}");
            std::process::exit(1);
        }
    };

    #[allow(unused_mut)]
    let mut event_loop = EventLoopBuilder::<UiEvent>::with_user_event().build();
    // macOS: a menu-bar item, never a Dock icon (the window process has one
    // while its window shows).
    #[cfg(target_os = "macos")]
    tao::platform::macos::EventLoopExtMacOS::set_activation_policy(
        &mut event_loop,
        tao::platform::macos::ActivationPolicy::Accessory,
    );
    let proxy = event_loop.create_proxy();
    let restart = proxy.clone();
    let window = WindowProcess::new(window_exe, move || {
        let _ = restart.send_event(UiEvent::Restart);
    });
    let shows = window.clone();
    if let Err(e) = first.listen(move || shows.show(None)) {
        eprintln!("authtray: a second start cannot reach this one: {e}");
    }
    let clicks = proxy.clone();
    MenuEvent::set_event_handler(Some(move |e: MenuEvent| {
        let _ = clicks.send_event(UiEvent::Menu(e.id.0));
    }));

    let (checks, asked) = RemoteChecks::new();
    let remote = Arc::new(RemoteHealth::default());
    let peers = monitor::Peers {
        ui: Ui(proxy),
        remote: remote.clone(),
        checks: checks.clone(),
    };
    let monitor = monitor::start(peers, env.clone());
    remote_check::start(env.clone(), remote, monitor.clone(), asked);
    usage_watch::start(monitor.clone(), env);
    // Started hidden in the tray (the login item): no window until asked.
    if !start_hidden(&args, tray_host_running()) {
        window.show(None);
    }

    let mut view: Option<TrayView> = None;
    event_loop.run(move |event, _, control_flow| {
        *control_flow = ControlFlow::Wait;
        match event {
            Event::NewEvents(StartCause::Init) => match TrayView::create() {
                Ok(v) => {
                    view = Some(v);
                    monitor.wake(Wake::CheckNow);
                }
                Err(e) => {
                    eprintln!("authtray: cannot make the tray icon: {e}");
                    *control_flow = ControlFlow::ExitWithCode(1);
                }
            },
            Event::UserEvent(UiEvent::Render(model, quota, paused)) => {
                if let Some(Err(e)) = view.as_mut().map(|v| v.render(&model, &quota, paused)) {
                    eprintln!("authtray: cannot update the tray: {e}");
                }
            }
            Event::UserEvent(UiEvent::Menu(id)) => match Action::of(&id) {
                Some(Action::Quit) => *control_flow = ControlFlow::Exit,
                Some(action) => act(action, &window, &monitor, &checks),
                None => {}
            },
            Event::UserEvent(UiEvent::Restart) => {
                start_again(&args);
                *control_flow = ControlFlow::Exit;
            }
            Event::LoopDestroyed => window.quit(),
            _ => {}
        }
    });
}

fn act(action: Action, window: &Arc<WindowProcess>, monitor: &Monitor, checks: &RemoteChecks) {
    match action {
        Action::Open => window.show(None),
        Action::Focus(profile) => window.show(Some(profile)),
        Action::RefreshDue => monitor.wake(Wake::RefreshDue),
        Action::CheckRemotes => checks.check_now(),
        Action::PauseHour => monitor.wake(Wake::Pause(Some(now_ms() + HOUR))),
        Action::PauseUntilTomorrow => {
            let offset = i64::from(jiff::Zoned::now().offset().seconds());
            monitor.wake(Wake::Pause(Some(authtray_core::notice::tomorrow_morning(
                now_ms(),
                offset,
            ))))
        }
        Action::Resume => monitor.wake(Wake::Pause(None)),
        Action::Quit => {}
    }
}

/// Starts the tray again with its window shown (even if this one was
/// started hidden by the login item); it takes over once this one ends.
fn start_again(args: &[String]) {
    let again = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .args(
                args.iter()
                    .skip(1)
                    .filter(|a| *a != "--hidden" && *a != "--restarted"),
            )
            .arg("--restarted")
            .spawn()
    });
    if let Err(e) = again {
        eprintln!("authtray: cannot start again: {e}");
    }
}
