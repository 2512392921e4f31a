#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // `authtray secrets resolve`: OpenClaw's exec SecretRef provider for keys
    // moved into the keyring from the window — answered without any window.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args == ["secrets", "resolve"] {
        use std::io::{Read, Write};
        let mut request = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut request);
        let answer = authtray_core::keychain::resolve(&request);
        let _ = writeln!(std::io::stdout(), "{answer}");
        return;
    }
    authtray_lib::run();
}
