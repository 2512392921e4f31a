//! Wiring only: plugins, managed state, commands, window and tray. Decisions
//! live in `authtray-core`; IPC adapters live in `commands/`.

pub mod bindings;
pub mod commands;
mod desktop;
pub mod error;
pub mod events;
mod page_watch;
pub mod window;

use authtray_core::Env;
use authtray_core::desktop::{app_env, tray_host_running};
use tauri::{Builder, Manager, Runtime};

/// The environment the app resolves OpenClaw's paths in.
pub struct AppEnv(pub Env);

/// State and commands, generic over the runtime so tests can run them on
/// Tauri's mock runtime. The caller mounts the typed events
/// (`commands.mount_events`) once the app exists.
pub fn build_app<R: Runtime>(
    builder: Builder<R>,
    env: Env,
    commands: &tauri_specta::Builder<R>,
) -> Builder<R> {
    let handler = commands.invoke_handler();
    builder
        // Scoped by capabilities/cli-logins-*.json: exactly those programs.
        .plugin(tauri_plugin_shell::init())
        .manage(AppEnv(env))
        .manage(commands::login::Logins::default())
        .invoke_handler(handler)
        .manage(window::PendingFocus::default())
        .manage(window::Shown::default())
}

/// Every command the window may call, in one list, for the runtime `$r`
/// (`tauri::Wry`, or Tauri's mock runtime in tests): the invoke handler,
/// the generated client (`ui/src/lib/ipc.ts`, see `bindings.rs`) and
/// the test that each is declared in `build.rs` and granted in exactly one
/// capability all come from it.
#[macro_export]
macro_rules! window_commands {
    ($r:ty) => {
        $crate::commands::typed::<$r>(tauri_specta::collect_commands![
            $crate::commands::agents::list_agents,
            $crate::commands::health::get_health,
            $crate::commands::health::list_external,
            $crate::commands::settings::get_settings::<$r>,
            $crate::commands::settings::set_start_at_login::<$r>,
            $crate::commands::settings::set_background_refresh::<$r>,
            $crate::commands::login::start_login::<$r>,
            $crate::commands::login::paste_login,
            $crate::commands::login::cancel_login,
            $crate::commands::login::confirm_login::<$r>,
            $crate::commands::profiles::list_providers,
            $crate::commands::profiles::save_api_key,
            $crate::commands::profiles::save_token,
            $crate::commands::profiles::sync_claude_code,
            $crate::commands::profiles::move_keys_to_keyring,
            $crate::commands::profiles::get_agent_report,
            $crate::commands::profiles::remove_profile,
            $crate::commands::profiles::repair_listing,
            $crate::commands::profiles::undo_change,
            $crate::commands::profiles::rename_profile,
            $crate::commands::refresh::refresh_now,
            $crate::commands::order::set_order,
            $crate::commands::order::reset_order,
            $crate::commands::agents::add_agent,
            $crate::commands::copy::copy_secret::<$r>,
            $crate::commands::settings::set_alerts::<$r>,
            $crate::commands::settings::set_theme::<$r>,
            $crate::commands::settings::set_state_dir::<$r>,
            $crate::commands::settings::restart_app::<$r>,
            $crate::commands::health::take_focus_request,
            $crate::commands::agents::import_stranded,
            $crate::commands::installs::list_installs,
            $crate::commands::installs::add_install,
            $crate::commands::installs::remove_install,
            $crate::commands::installs::install_remote_cli,
            $crate::commands::profiles::get_usage,
            $crate::commands::settings::set_usage_checks::<$r>,
            $crate::commands::order::suggest_order,
        ])
    };
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
    let commands = window_commands!(tauri::Wry);
    build_app(builder, env.clone(), &commands)
        .manage(commands::settings::TrayHost(tray_host))
        .manage(commands::settings::StartedByTray(from_tray))
        .setup(move |app| {
            commands.mount_events(app);
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
