fn main() {
    // Every app command is declared here, so the webview needs an explicit
    // capability for each one (capabilities/) — nothing is allowed by default.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "list_agents",
        "get_health",
        "list_external",
        "get_settings",
        "set_start_at_login",
        "set_background_refresh",
        "start_login",
        "start_code_login",
        "paste_login",
        "cancel_login",
        "confirm_login",
        "list_providers",
        "save_api_key",
        "save_token",
        "sync_claude_code",
        "move_keys_to_keyring",
        "get_agent_report",
        "remove_profile",
        "undo_change",
        "rename_profile",
        "refresh_now",
        "set_order",
        "reset_order",
        "add_agent",
        "copy_secret",
        "set_alerts",
        "set_theme",
        "set_state_dir",
        "restart_app",
        "take_focus_request",
        "import_stranded",
        "list_installs",
        "add_install",
        "remove_install",
        "install_remote_cli",
        "get_usage",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build script failed");
}
