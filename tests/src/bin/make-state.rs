//! Writes a generated state dir: `make-state DIR [AGENTS=20] [PROFILES=12]`.

use authtray_tests::generate_state;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: make-state DIR [AGENTS=20] [PROFILES=12]");
        std::process::exit(64);
    };
    let num = |i: usize, default: usize| {
        args.get(i)
            .map_or(default, |a| a.parse().expect("a number"))
    };
    generate_state(&dir, num(1, 20), num(2, 12), authtray_core::time::now_ms());
    println!("{}", dir.display());
}
