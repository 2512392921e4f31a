//! The tray icon of the real app under Xvfb, hosted by `trayer` (an XEmbed
//! system tray; without a StatusNotifier host libayatana-appindicator falls
//! back to XEmbed), clicked with xdotool.
// Unix only by nature: the Linux tray under Xvfb and trayer, clicked with xdotool.
#![cfg(unix)]

use authtray_tests::procs::descendants;
use authtray_tests::x11::{self, Geometry};
use authtray_tests::{
    Running, StateFixture, app_binary, artefacts_dir, no_app_left_running, poll, require_display,
};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// WM_CLASS of the tray icon's embedded window (set by tray-icon from the tray id).
const TRAY_ICON_CLASS: &str = "^tray-icon tray app main$";
/// The window process's windows.
const APP_CLASS: &str = "^authtray$";
/// The tray process's menu (GTK names it after the program).
const MENU_CLASS: &str = "^authtray-tray$";

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
    no_app_left_running();
    let fixture = StateFixture::new();
    fixture.agent("main", true);
    let _host = x11::start_tray_host();
    let mut app = start_app(&fixture);

    let icon = tray_icon();
    let menu = open_menu(icon);
    x11::screenshot(&artefacts_dir().join("tray-menu.png"));
    assert!(
        menu.height > 30 && menu.height < 200,
        "the tray menu, not {menu:?}"
    );

    // Quit is the last row.
    x11::click(menu.x + menu.width / 3, menu.y + menu.height - 12, 1);
    let status = app
        .wait_exit(Duration::from_secs(15))
        .expect("Quit did not end the app");
    assert!(status.success(), "app exited with {status}");
}

/// Clicks the tray icon and returns where its menu opened.
fn open_menu(icon: Geometry) -> Geometry {
    let before = x11::windows(MENU_CLASS, true);
    let opened = || {
        x11::click(icon.x + icon.width / 2, icon.y + icon.height / 2, 1);
        poll(Duration::from_secs(6), || {
            x11::windows(MENU_CLASS, true)
                .into_iter()
                .find(|w| !before.contains(w))
        })
    };
    // A click can be lost while the machine is busy: one more, never more.
    let menu = opened()
        .or_else(opened)
        .expect("clicking the tray icon opened no menu");
    x11::geometry(&menu).expect("menu geometry")
}

/// The app's WebKit web processes (under its window process).
fn web_processes(app: u32) -> usize {
    descendants(app)
        .iter()
        .filter(|(_, name)| name.contains("WebKitWebProces"))
        .count()
}

#[test]
#[ignore = "desktop E2E: needs Xvfb and trayer; run by `make test`"]
fn closing_the_window_keeps_the_app_in_the_tray_and_ends_its_web_process() {
    require_display();
    no_app_left_running();
    let fixture = StateFixture::new();
    fixture.agent("main", true);
    let _host = x11::start_tray_host();
    // A closed window is kept for a second, then its process ends.
    let mut app = Running::spawn(
        Command::new(app_binary())
            .envs(fixture.env())
            .env("AUTHTRAY_WINDOW_LINGER_SECS", "1"),
    );
    let icon = tray_icon();
    let pid = app.0.id();
    poll(Duration::from_secs(20), || {
        (web_processes(pid) == 1).then_some(())
    })
    .expect("the window's web process");
    let window_process: Vec<_> = descendants(pid)
        .into_iter()
        .filter(|(_, name)| name == "authtray")
        .collect();
    assert_eq!(window_process.len(), 1, "the window is its own process");

    x11::close_windows_named("^Authtray$");
    // Orphans would leave the tree: look at every process (tests run one at a time).
    let webkit_anywhere = || {
        descendants(1)
            .into_iter()
            .filter(|(_, name)| {
                name.starts_with("WebKitWebProces") || name.starts_with("WebKitNetworkPr")
            })
            .collect::<Vec<_>>()
    };
    poll(Duration::from_secs(10), || {
        (descendants(pid).is_empty() && webkit_anywhere().is_empty()).then_some(())
    })
    .unwrap_or_else(|| {
        panic!(
            "closing the window ends its process and every WebKit process: {:?} {:?}",
            descendants(pid),
            webkit_anywhere()
        )
    });
    assert!(x11::windows(APP_CLASS, true).is_empty(), "no window left");
    assert!(
        app.0.try_wait().unwrap().is_none(),
        "the app keeps running in the tray"
    );

    // Open Authtray (the row above Quit, rows are 25 px) makes the window again.
    let menu = open_menu(icon);
    x11::click(menu.x + menu.width / 3, menu.y + menu.height - 12 - 25, 1);
    poll(Duration::from_secs(20), || {
        (web_processes(pid) == 1).then_some(())
    })
    .expect("Open Authtray made the window again");
    poll(Duration::from_secs(10), || {
        x11::windows_named("^Authtray$").into_iter().next()
    })
    .expect("the window is back");
}

#[test]
#[ignore = "desktop E2E: needs Xvfb and trayer; run by `make test`"]
fn a_second_launch_hands_over_to_the_first_and_exits() {
    require_display();
    no_app_left_running();
    let fixture = StateFixture::new();
    let _host = x11::start_tray_host();
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

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Writes main's store with one token expiring at `expires` (atomically, as
/// OpenClaw would).
fn write_token(agent_dir: &std::path::Path, expires: i64) {
    let body = format!(
        r#"{{"version":1,"profiles":{{"anthropic:work":{{"type":"token","provider":"anthropic","token":"sk-ant-oat01-do-not-show-me","expires":{expires}}}}}}}"#
    );
    let tmp = agent_dir.join("auth-profiles.json.test.tmp");
    std::fs::write(&tmp, body).unwrap();
    std::fs::rename(&tmp, agent_dir.join("auth-profiles.json")).unwrap();
}

/// Records every `Notify` call on the session bus into a file (dbus-monitor).
fn capture_notifications(fixture: &StateFixture) -> (Running, std::path::PathBuf) {
    let log = fixture.home().join("notify.log");
    let bus = Running::spawn(
        Command::new("dbus-monitor")
            .args([
                "--session",
                "interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null()),
    );
    (bus, log)
}

/// Counts `Notify` calls on the session bus whose summary contains `needle`.
fn notifications(log: &std::path::Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.split("member=Notify")
        .skip(1)
        .filter(|call| call.contains(needle))
        .count()
}

#[test]
#[ignore = "desktop E2E: needs Xvfb, trayer and a session bus; run by `make test`"]
fn a_store_change_drives_the_tray_icon_menu_and_one_notification() {
    require_display();
    no_app_left_running();
    let fixture = StateFixture::new();
    let agent = fixture.agent("main", false);
    let expires_later = now_ms() + 3 * 86_400_000;
    write_token(&agent, expires_later);
    let (_bus, log) = capture_notifications(&fixture);
    let _host = x11::start_tray_host();
    let mut app = start_app(&fixture);
    let icon = tray_icon();
    let ok_pixels = x11::pixels(icon);
    x11::save_region(icon, &artefacts_dir().join("tray-icon-ok.png"));

    // The token now expires in 3 hours: inside the 24 h warning window.
    let expires = now_ms() + 3 * 3_600_000 + 60_000;
    write_token(&agent, expires);
    poll(Duration::from_secs(10), || {
        (x11::pixels(icon) != ok_pixels).then_some(())
    })
    .expect("the tray icon never changed");
    x11::save_region(icon, &artefacts_dir().join("tray-icon-warning.png"));
    poll(Duration::from_secs(10), || {
        (notifications(&log, "anthropic:work expires in 3h") == 1).then_some(())
    })
    .expect("one notification for entering the warning window");
    let captured = std::fs::read_to_string(&log).unwrap();
    assert!(
        captured.contains("Agent main · anthropic"),
        "names agent and provider: {captured}"
    );
    assert!(!captured.contains("do-not-show-me"), "no secret on the bus");

    // Another write with the same expiry: recomputed, not announced again.
    write_token(&agent, expires);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        notifications(&log, "expires in"),
        1,
        "exactly once per threshold"
    );

    // The menu now starts with the alert; clicking it opens the window on it.
    let menu = open_menu(icon);
    x11::screenshot(&artefacts_dir().join("tray-menu-alert.png"));
    x11::click(menu.x + menu.width / 3, menu.y + 12, 1);
    poll(Duration::from_secs(10), || {
        x11::windows_named("Authtray — main · anthropic:work")
            .into_iter()
            .next()
    })
    .expect("the window was opened on that profile");

    // After a restart the same threshold is not announced again.
    app.0.kill().unwrap();
    app.0.wait().unwrap();
    let _again = start_app(&fixture);
    tray_icon();
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        notifications(&log, "expires in"),
        1,
        "remembered across restarts"
    );
}

#[test]
#[ignore = "desktop E2E: needs Xvfb, trayer and sshd; run by `make test`"]
fn a_remote_installs_alert_is_in_the_same_menu_and_a_silent_host_is_one_quiet_line() {
    require_display();
    no_app_left_running();
    let gateway = StateFixture::new();
    write_token(
        &gateway.agent("main", false),
        now_ms() + 3 * 3_600_000 + 60_000,
    );
    let laptop = StateFixture::new();
    laptop.agent("main", true);
    let data = laptop.home().join("authtray-data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("settings.json"),
        r#"{"remoteHosts": ["gw", "down"]}"#,
    )
    .unwrap();
    let sshd = authtray_tests::sshd::Sshd::start(&gateway, &laptop);
    sshd.put_cli(&gateway);
    let _host = x11::start_tray_host();
    let _app = Running::spawn(
        Command::new(app_binary())
            .envs(laptop.env())
            .envs(sshd.env()),
    );
    let icon = tray_icon();
    // gw was checked at start: its alert is the first item of the menu.
    std::thread::sleep(Duration::from_secs(3));
    let menu = open_menu(icon);
    x11::screenshot(&artefacts_dir().join("tray-menu-remote.png"));
    x11::click(menu.x + menu.width / 3, menu.y + 12, 1);
    poll(Duration::from_secs(10), || {
        x11::windows_named("Authtray — gw: main · anthropic:work")
            .into_iter()
            .next()
    })
    .expect("the first item was gw's alert, and the window opened on it");
}

#[test]
#[ignore = "desktop E2E: needs Xvfb, trayer and a session bus; run by `make test`"]
fn an_account_crossing_80_percent_of_a_window_is_announced_once() {
    require_display();
    no_app_left_running();
    let fixture = StateFixture::new();
    let agent = fixture.agent("main", false);
    let later = now_ms() + 86_400_000;
    std::fs::write(
        agent.join("auth-profiles.json"),
        format!(
            r#"{{"version":1,"profiles":{{"openai-codex:ada":{{"type":"oauth","provider":"openai-codex","access":"ACCESS-ADA","refresh":"REFRESH-ADA","expires":{later}}}}}}}"#
        ),
    )
    .unwrap();
    let body = format!(
        r#"{{"plan_type":"pro","rate_limit":{{"primary_window":{{"used_percent":85,"limit_window_seconds":18000,"reset_at":{}}}}}}}"#,
        now_ms() / 1000 + 7200
    );
    let codex = authtray_tests::stub::Stub::start(vec![(200, body)]);
    let (_bus, log) = capture_notifications(&fixture);
    let _host = x11::start_tray_host();
    let start = || {
        Running::spawn(
            Command::new(app_binary())
                .envs(fixture.env())
                .env("AUTHTRAY_USAGE_OPENAI_CODEX_URL", &codex.url),
        )
    };
    let mut app = start();
    tray_icon();
    poll(Duration::from_secs(15), || {
        (notifications(&log, "openai-codex:ada — 5h window 85% used") == 1).then_some(())
    })
    .expect("one warning for crossing 80 %");
    let captured = std::fs::read_to_string(&log).unwrap();
    assert!(captured.contains("resets in 2h"), "{captured}");
    assert!(!captured.contains("ACCESS-ADA") && !captured.contains("REFRESH-ADA"));
    app.0.kill().unwrap();
    app.0.wait().unwrap();
    let _again = start();
    let icon = tray_icon();
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        notifications(&log, "window 85% used"),
        1,
        "not again after a restart"
    );
    assert!(!codex.requests().is_empty());

    // The menu starts with the account near its limit; it opens the window on it.
    let menu = open_menu(icon);
    x11::screenshot(&artefacts_dir().join("tray-menu-quota.png"));
    x11::click(menu.x + menu.width / 3, menu.y + 12, 1);
    poll(Duration::from_secs(10), || {
        x11::windows_named("Authtray — main · openai-codex:ada")
            .into_iter()
            .next()
    })
    .expect("the quota line opens the window on the account");
}
