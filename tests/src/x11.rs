//! X11 helpers over xdotool and ImageMagick's `import`.

use super::run;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

/// Visible windows whose WM_CLASS matches `pattern` (xdotool's regex).
pub fn windows(pattern: &str, only_visible: bool) -> Vec<String> {
    let mut args = vec!["search"];
    if only_visible {
        args.push("--onlyvisible");
    }
    args.extend(["--class", pattern]);
    String::from_utf8_lossy(&run("xdotool", &args).stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Where a window is on screen; `None` once it is gone (windows come and
/// go while a tray icon is being embedded).
pub fn geometry(window: &str) -> Option<Geometry> {
    let out = run("xdotool", &["getwindowgeometry", "--shell", window]);
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
    };
    Some(Geometry {
        x: field("X")?,
        y: field("Y")?,
        width: field("WIDTH")?,
        height: field("HEIGHT")?,
    })
}

pub fn click(x: i32, y: i32, button: u8) {
    let (x, y, b) = (x.to_string(), y.to_string(), button.to_string());
    assert!(
        run("xdotool", &["mousemove", &x, &y, "click", &b])
            .status
            .success(),
        "xdotool click"
    );
}

/// Presses the left button at `from`, moves to `to` in small steps as a
/// hand would, and releases it: real X pointer events.
pub fn drag(from: (i32, i32), to: (i32, i32)) {
    let mut args: Vec<String> = [
        "mousemove",
        &from.0.to_string(),
        &from.1.to_string(),
        "mousedown",
        "1",
        "sleep",
        "0.15",
    ]
    .map(str::to_owned)
    .to_vec();
    for i in 1..=20 {
        let x = from.0 + (to.0 - from.0) * i / 20;
        let y = from.1 + (to.1 - from.1) * i / 20;
        args.extend([
            "mousemove".into(),
            x.to_string(),
            y.to_string(),
            "sleep".into(),
            "0.03".into(),
        ]);
    }
    args.extend(["sleep", "0.4", "mouseup", "1"].map(str::to_owned));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(run("xdotool", &args).status.success(), "xdotool drag");
}

/// The raw RGB pixels of a screen region (comparable byte for byte,
/// unlike PNG files, which carry timestamps).
pub fn pixels(g: Geometry) -> Vec<u8> {
    let crop = format!("{}x{}+{}+{}", g.width, g.height, g.x, g.y);
    let out = run(
        "import",
        &["-window", "root", "-crop", &crop, "+repage", "rgb:-"],
    );
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Saves a screen region as PNG.
pub fn save_region(g: Geometry, path: &Path) {
    let crop = format!("{}x{}+{}+{}", g.width, g.height, g.x, g.y);
    let out = run(
        "import",
        &[
            "-window",
            "root",
            "-crop",
            &crop,
            "+repage",
            path.to_str().expect("utf-8 path"),
        ],
    );
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Windows whose title matches `pattern`.
/// Asks every window whose name matches `pattern` to close, as a window
/// manager does (WM_DELETE_WINDOW; helper built from `tests/x11/wm-close.c`).
pub fn close_windows_named(pattern: &str) {
    let helper = crate::workspace_root().join("target/wm-close");
    if !helper.is_file() {
        let source = crate::workspace_root().join("tests/x11/wm-close.c");
        let built = run(
            "cc",
            &[
                "-o",
                helper.to_str().unwrap(),
                source.to_str().unwrap(),
                "-lX11",
            ],
        );
        assert!(
            built.status.success(),
            "cannot build wm-close: {}",
            String::from_utf8_lossy(&built.stderr)
        );
    }
    let ids = windows_named(pattern);
    let args: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert!(
        run(helper.to_str().unwrap(), &args).status.success(),
        "wm-close"
    );
}

pub fn windows_named(pattern: &str) -> Vec<String> {
    String::from_utf8_lossy(&run("xdotool", &["search", "--name", pattern]).stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

pub fn screenshot(path: &Path) {
    let out = run(
        "import",
        &["-window", "root", path.to_str().expect("utf-8 path")],
    );
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An XEmbed system tray (`trayer`) at the bottom left of the screen, for
/// the tray icon to be embedded in (without a StatusNotifier host
/// libayatana-appindicator falls back to XEmbed).
pub fn start_tray_host() -> crate::Running {
    crate::Running::spawn(std::process::Command::new("trayer").args([
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
