//! Wiring only: plugins, managed state, commands, window and tray. Decisions
//! live in `authtray-core`; IPC adapters live in `commands/`.

pub mod bindings;
pub mod commands;
mod desktop;
pub mod error;
mod page_watch;
pub mod window;

use authtray_core::Env;
use authtray_core::desktop::{app_env, tray_host_running};
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
            commands::profiles::repair_listing,
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

/// The desktop app: a start hands over to the tray process
/// (`authtray-tray`); `--window` is the window process it starts.
pub fn run() {
    let args: Vec<String> = std::env::args().collect();
    match desktop::Role::of(&args) {
        desktop::Role::Tray => {
            eprintln!("authtray: {}", desktop::hand_to_tray(&args));
            std::process::exit(1);
        }
        desktop::Role::Window { from_tray } => run_window(from_tray),
    }
}

/// The window process: the UI and its commands, and a monitor that only
/// tells the page what changed on disk.
fn run_window(from_tray: bool) {
    let env = app_env();
    let tray_host = tray_host_running();
    let builder = Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_autostart::init(
            // macOS: a LaunchAgent; the plugin (2.5) offers no SMAppService
            // (Login Items) launcher yet.
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
            app.manage(page_watch::start(app.handle().clone(), env));
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
