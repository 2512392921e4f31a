#!/usr/bin/env bash
# Regenerates docs/screenshot.png, the README's picture: the real app in
# Xvfb, driven by the desktop E2E test that seeds profiles, a stored order
# with a cooldown and an expiring token (tests/tests/it/desktop.rs
# the_window_shows_profiles_priority_and_an_alert), which saves the window.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-app.sh
features=(--locked --features authtray/custom-protocol)
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test --workspace "${features[@]}" --test it -- --ignored desktop::the_window_shows_profiles_priority_and_an_alert
cp target/e2e-artefacts/readme-window.png docs/screenshot.png
echo "docs/screenshot.png regenerated"
