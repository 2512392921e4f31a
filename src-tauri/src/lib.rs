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

use authtray_core::Env;
use tauri::{Builder, Manager, Runtime};

/// The environment the app resolves OpenClaw's paths in.
pub struct AppEnv(pub Env);

/// State and commands, generic over the runtime so tests can run them on
/// Tauri's mock runtime.
pub fn build_app<R: Runtime>(builder: Builder<R>, env: Env) -> Builder<R> {
    builder
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
        .manage(tray::PendingFocus::default())
}

/// The desktop app: single instance, main window, tray.
pub fn run() {
    let builder = Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _, _| {
            window::show(app);
        }))
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--hidden"]),
        ));
    let env = Env::from_process();
    let env = authtray_core::settings::Preferences::load(&authtray_core::paths::data_dir(&env))
        .apply_state_dir(env);
    let tray_host = desktop::tray_host_running();
    let args: Vec<String> = std::env::args().collect();
    build_app(builder, env.clone())
        .manage(commands::settings::TrayHost(tray_host))
        .setup(move |app| {
            // Started hidden in the tray: no window (no WebKit) until it is opened.
            if !desktop::start_hidden(&args, tray_host) {
                window::create(app.handle(), true)?;
            }
            tray::create(app.handle())?;
            let env_for_usage = env.clone();
            let monitor = monitor::start(app.handle().clone(), env.clone());
            let remote = std::sync::Arc::new(remote_check::RemoteHealth::default());
            app.manage(remote_check::start(env, remote.clone(), monitor.clone()));
            app.manage(remote);
            app.manage(monitor);
            usage_watch::start(app.handle().clone(), env_for_usage);
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("authtray: cannot start: {err}");
            std::process::exit(1);
        })
        .run(|app, event| match event {
            // The window was closed: keep running in the tray (Quit exits with a code).
            tauri::RunEvent::ExitRequested {
                code: None, api, ..
            } => api.prevent_exit(),
            tauri::RunEvent::Exit => {
                // Close every login listener before the process goes.
                app.state::<commands::login::Logins>().cancel_all();
            }
            _ => {}
        });
}
