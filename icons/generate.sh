#!/usr/bin/env bash
# Regenerates every icon in icons/ from the SVG sources in icons/src/:
#   - the app icon set (PNG sizes, .ico, .icns) with the Tauri CLI from src/app.svg;
#   - the tray state icons tray/{ok,warning,expired}.png with rsvg-convert.
# Needs: npm deps in ui/ (for the Tauri CLI) and librsvg2-bin (rsvg-convert).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../ui/node_modules/.bin/tauri icon src/app.svg --output .
rm -rf android ios            # desktop app: no mobile icon sets
mkdir -p tray
for state in ok warning expired; do
  rsvg-convert --width 64 --height 64 "src/tray-$state.svg" --output "tray/$state.png"
done
echo "icons regenerated in $here"
