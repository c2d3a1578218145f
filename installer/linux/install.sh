#!/bin/sh
# Install Screenwright for the current user: no root, nothing outside your home folder.
#
#   ./install.sh            copies the app to ~/.local/share/screenwright-app, adds `screenwright` to
#                           ~/.local/bin, the menu entry, the icon and the .fountain file type
#
# XDG_DATA_HOME and SCREENWRIGHT_BIN_DIR move the two destinations. Running it again upgrades in place;
# your scripts, settings and models (in ~/.local/share/screenwright) are never touched.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN="${SCREENWRIGHT_BIN_DIR:-$HOME/.local/bin}"
APP="$DATA/screenwright-app"

if [ ! -x "$HERE/screenwright/screenwright" ]; then
    echo "install.sh: $HERE/screenwright/screenwright is missing; unpack the whole archive first." >&2
    exit 1
fi

mkdir -p "$DATA" "$BIN"
# Copy beside the old version, then swap, so an interrupted upgrade leaves a working app.
rm -rf "$APP.new"
cp -R "$HERE/screenwright" "$APP.new"
if [ -d "$APP" ]; then
    rm -rf "$APP.old"
    mv "$APP" "$APP.old"
fi
mv "$APP.new" "$APP"
rm -rf "$APP.old"
ln -sf "$APP/screenwright" "$BIN/screenwright"
# `screenwright-model`, as messages and the source install name it (unless another one is there).
MARKER="# screenwright-app model wrapper"
if [ ! -e "$BIN/screenwright-model" ] || grep -q "$MARKER" "$BIN/screenwright-model" 2>/dev/null; then
    printf '#!/bin/sh\n%s\nexec "%s" model "$@"\n' "$MARKER" "$APP/screenwright" > "$BIN/screenwright-model"
    chmod 755 "$BIN/screenwright-model"
fi

# Menu entry: absolute paths, so it works even when ~/.local/bin is not on PATH.
mkdir -p "$DATA/applications"
sed -e "s|^Exec=screenwright |Exec=\"$APP/screenwright\" |" -e "s|^TryExec=screenwright$|TryExec=$APP/screenwright|" \
    "$HERE/share/applications/screenwright.desktop" > "$DATA/applications/screenwright.desktop"

mkdir -p "$DATA/mime/packages"
cp "$HERE/share/mime/packages/screenwright.xml" "$DATA/mime/packages/screenwright.xml"
(cd "$HERE/share" && find icons -type f) | while read -r icon; do
    mkdir -p "$DATA/$(dirname "$icon")"
    cp "$HERE/share/$icon" "$DATA/$icon"
done

# Refresh the caches desktops read; each tool is optional (a minimal system may lack it).
if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$DATA/mime" >/dev/null 2>&1 || echo "warning: update-mime-database failed" >&2
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA/icons/hicolor" >/dev/null 2>&1 || true
fi
# Open .fountain files with Screenwright unless the user already chose another application.
if command -v xdg-mime >/dev/null 2>&1; then
    current=$(xdg-mime query default text/x-fountain 2>/dev/null || true)
    if [ -z "$current" ]; then
        xdg-mime default screenwright.desktop text/x-fountain >/dev/null 2>&1 || true
    fi
fi

echo "Screenwright is installed in $APP."
case ":$PATH:" in
    *":$BIN:"*) echo "Run it from your applications menu or with: screenwright [FILE.fountain]" ;;
    *) echo "Run it from your applications menu or with: $BIN/screenwright  ($BIN is not on your PATH)" ;;
esac
