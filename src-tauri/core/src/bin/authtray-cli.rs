//! `authtray-cli`: see `authtray_core::cli`.

fn main() {
    authtray_core::cli::main()
}
