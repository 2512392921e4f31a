//! Wiring only: plugins, managed state, commands, window and tray. Decisions
//! live in `authtray-core`; IPC adapters live in `commands/`.

pub mod bindings;
pub mod commands;
mod desktop;
pub mod error;
mod monitor;
mod notify;
pub mod remote_check;
mod tray;
mod usage_watch;
mod wake;
mod watch;
pub mod window;
pub mod window_process;

use authtray_core::Env;
use tauri::{Builder, Manager, Runtime};

/// The environment the app resolves OpenClaw's paths in.
pub struct AppEnv(pub Env);

/// State and commands, generic over the runtime so tests can run them on
/// Tauri's mock runtime.
pub fn build_app<R: Runtime>(builder: Builder<R>, env: Env) -> Builder<R> {
    builder
        // Scoped by capabilities/cli-logins-*.json: exactly those programs.
        .plugin(tauri_plugin_shell::init())
        .manage(AppEnv(env))
        .manage(commands::login::Logins::default())
        .invoke_handler(tauri::generate_handler![
            commands::agents::list_agents,
            commands::health::get_health,
            commands::health::list_external,
            commands::settings::get_settings,
            commands::settings::set_start_at_login,
            commands::settings::set_background_refresh,
            commands::login::start_login,
            commands::login::start_code_login,
            commands::login::paste_login,
            commands::login::cancel_login,
            commands::login::confirm_login,
            commands::profiles::list_providers,
            commands::profiles::save_api_key,
            commands::profiles::save_token,
            commands::profiles::sync_claude_code,
            commands::profiles::move_keys_to_keyring,
            commands::profiles::get_agent_report,
            commands::profiles::remove_profile,
            commands::profiles::undo_change,
            commands::profiles::rename_profile,
            commands::refresh::refresh_now,
            commands::order::set_order,
            commands::order::reset_order,
            commands::agents::add_agent,
            commands::copy::copy_secret,
            commands::settings::set_alerts,
            commands::settings::set_theme,
            commands::settings::set_state_dir,
            commands::settings::restart_app,
            commands::health::take_focus_request,
            commands::agents::import_stranded,
            commands::installs::list_installs,
            commands::installs::add_install,
            commands::installs::remove_install,
            commands::installs::install_remote_cli,
            commands::profiles::get_usage,
            commands::settings::set_usage_checks,
            commands::order::suggest_order
        ])
        .manage(window::PendingFocus::default())
        .manage(window::Shown::default())
}

/// The desktop app: the tray process, or the window process it starts.
pub fn run() {
    let args: Vec<String> = std::env::args().collect();
    match desktop::Role::of(&args) {
        desktop::Role::Tray => run_tray(args),
        desktop::Role::Window { from_tray } => run_window(from_tray),
    }
}

/// The environment of both processes: the user's, with a picked state dir.
fn app_env() -> Env {
    let env = Env::from_process();
    authtray_core::settings::Preferences::load(&authtray_core::paths::data_dir(&env))
        .apply_state_dir(env)
}

/// The tray process: single instance, tray, monitor, checks and
/// notifications; no webview. The window is its own process.
fn run_tray(args: Vec<String>) {
    desktop::tray_without_gl();
    let env = app_env();
    let tray_host = desktop::tray_host_running();
    Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _, _| {
            window_process::show(app, None);
        }))
        .plugin(tauri_plugin_notification::init())
        .manage(window_process::WindowProcess::default())
        .setup(move |app| {
            tray::create(app.handle())?;
            // Started hidden in the tray: no window until it is opened.
            if !desktop::start_hidden(&args, tray_host) {
                window_process::show(app.handle(), None);
            }
            let monitor = monitor::start(app.handle().clone(), env.clone(), monitor::Duties::Tray);
            let remote = std::sync::Arc::new(remote_check::RemoteHealth::default());
            app.manage(remote_check::start(
                env.clone(),
                remote.clone(),
                monitor.clone(),
            ));
            app.manage(remote);
            app.manage(monitor);
            usage_watch::start(app.handle().clone(), env);
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("authtray: cannot start: {err}");
            std::process::exit(1);
        })
        .run(|app, event| match event {
            // No window in this process: only Quit (with a code) ends it.
            tauri::RunEvent::ExitRequested {
                code: None, api, ..
            } => api.prevent_exit(),
            tauri::RunEvent::Exit => window_process::quit(app),
            _ => {}
        });
}

/// The window process: the UI and its commands, and a monitor that only
/// tells the page what changed on disk.
fn run_window(from_tray: bool) {
    let env = app_env();
    let tray_host = desktop::tray_host_running();
    let builder = Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--hidden"]),
        ));
    build_app(builder, env.clone())
        .manage(commands::settings::TrayHost(tray_host))
        .manage(commands::settings::StartedByTray(from_tray))
        .setup(move |app| {
            window::create(app.handle(), true)?;
            if from_tray {
                window::follow_tray(app.handle().clone());
            }
            app.manage(monitor::start(
                app.handle().clone(),
                env,
                monitor::Duties::Window,
            ));
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("authtray: cannot start the window: {err}");
            std::process::exit(1);
        })
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                // Close every login listener before the process goes.
                app.state::<commands::login::Logins>().cancel_all();
            }
        });
}
