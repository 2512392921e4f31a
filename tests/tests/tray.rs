//! The tray icon of the real app under Xvfb, hosted by `trayer` (an XEmbed
//! system tray; without a StatusNotifier host libayatana-appindicator falls
//! back to XEmbed), clicked with xdotool.

use authtray_tests::x11::{self, Geometry};
use authtray_tests::{Running, StateFixture, app_binary, artefacts_dir, poll, require_display};
use std::process::Command;
use std::time::Duration;

/// WM_CLASS of the tray icon's embedded window (set by tray-icon from the tray id).
const TRAY_ICON_CLASS: &str = "^tray-icon tray app main$";
const APP_CLASS: &str = "^authtray$";

fn start_tray_host() -> Running {
    Running::spawn(Command::new("trayer").args([
        "--edge",
        "bottom",
        "--align",
        "left",
        "--widthtype",
        "pixel",
        "--width",
        "120",
        "--heighttype",
        "pixel",
        "--height",
        "32",
        "--SetDockType",
        "true",
        "--transparent",
        "false",
        "--tint",
        "0xffffff",
        "--expand",
        "false",
    ]))
}

fn start_app(fixture: &StateFixture) -> Running {
    Running::spawn(Command::new(app_binary()).envs(fixture.env()))
}

fn tray_icon() -> Geometry {
    poll(Duration::from_secs(30), || {
        x11::windows(TRAY_ICON_CLASS, false)
            .first()
            .and_then(|w| x11::geometry(w))
    })
    .expect("the tray icon was never embedded in trayer")
}

#[test]
#[ignore = "desktop E2E: needs Xvfb and trayer; run by `make test`"]
fn tray_menu_opens_on_click_and_quit_ends_the_app() {
    require_display();
    let fixture = StateFixture::new();
    fixture.agent("main", true);
    let _host = start_tray_host();
    let mut app = start_app(&fixture);

    let icon = tray_icon();
    let before = x11::windows(APP_CLASS, true);
    x11::click(icon.x + icon.width / 2, icon.y + icon.height / 2, 1);
    let menu = poll(Duration::from_secs(10), || {
        x11::windows(APP_CLASS, true)
            .into_iter()
            .find(|w| !before.contains(w))
    })
    .expect("clicking the tray icon opened no menu");
    x11::screenshot(&artefacts_dir().join("tray-menu.png"));
    let menu = x11::geometry(&menu).expect("menu geometry");
    assert!(
        menu.height > 30 && menu.height < 200,
        "a two-item menu, not {menu:?}"
    );

    // Items: "Open Authtray", separator, "Quit" — Quit is the last row.
    x11::click(menu.x + menu.width / 3, menu.y + menu.height - 12, 1);
    let status = app
        .wait_exit(Duration::from_secs(15))
        .expect("Quit did not end the app");
    assert!(status.success(), "app exited with {status}");
}

#[test]
#[ignore = "desktop E2E: needs Xvfb and trayer; run by `make test`"]
fn a_second_launch_hands_over_to_the_first_and_exits() {
    require_display();
    let fixture = StateFixture::new();
    let _host = start_tray_host();
    let mut first = start_app(&fixture);
    tray_icon(); // the first instance is fully up

    let mut second = start_app(&fixture);
    let status = second
        .wait_exit(Duration::from_secs(15))
        .expect("the second instance kept running");
    assert!(status.success(), "second instance exited with {status}");
    assert!(
        first.0.try_wait().unwrap().is_none(),
        "the first instance must keep running"
    );
}
