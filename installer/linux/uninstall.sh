#!/bin/sh
# Remove what install.sh added. Your scripts, settings and models (~/.local/share/screenwright,
# ~/.config/screenwright) stay: delete those yourself if you want them gone.
set -eu

DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN="${SCREENWRIGHT_BIN_DIR:-$HOME/.local/bin}"
APP="$DATA/screenwright-app"

if [ -L "$BIN/screenwright" ] && [ "$(readlink "$BIN/screenwright")" = "$APP/screenwright" ]; then
    rm -f "$BIN/screenwright"
fi
if grep -q "# screenwright-app model wrapper" "$BIN/screenwright-model" 2>/dev/null; then
    rm -f "$BIN/screenwright-model"
fi
rm -rf "$APP" "$APP.new" "$APP.old"
rm -f "$DATA/applications/screenwright.desktop" "$DATA/mime/packages/screenwright.xml"
find "$DATA/icons/hicolor" -name 'screenwright.png' -path '*/apps/*' -delete 2>/dev/null || true
rm -f "$DATA/icons/hicolor/scalable/apps/screenwright.svg"

if command -v update-mime-database >/dev/null 2>&1 && [ -d "$DATA/mime" ]; then
    update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
fi
if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$DATA/applications" ]; then
    update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
fi
echo "Screenwright is uninstalled. Your scripts and models were left where they are."
