#!/usr/bin/env bash
# Make a drag-to-install disk image for Screenwright.app with hdiutil (macOS only).
#
#   installer/macos/make_dmg.sh build/installer/pyinstaller/Screenwright.app dist/Screenwright-0.1.0-macos-arm64.dmg 0.1.0
#
# The image holds the app and a link to /Applications, compressed with UDZO (zlib, readable on every
# supported macOS). Signing and notarisation need a Developer ID: set SCREENWRIGHT_CODESIGN_IDENTITY
# to sign the app (hardened runtime) and the image; without it the image is unsigned and Gatekeeper
# asks the writer to confirm on first open (right-click > Open).
set -euo pipefail

app=${1:?usage: make_dmg.sh APP DMG VERSION}
dmg=${2:?usage: make_dmg.sh APP DMG VERSION}
version=${3:-0}

if [[ "$(uname -s)" != Darwin ]]; then
    echo "make_dmg.sh: hdiutil exists only on macOS" >&2
    exit 2
fi
if [[ ! -d "$app/Contents/MacOS" ]]; then
    echo "make_dmg.sh: $app is not an application bundle" >&2
    exit 1
fi

identity=${SCREENWRIGHT_CODESIGN_IDENTITY:-}
if [[ -n "$identity" ]]; then
    codesign --force --deep --options runtime --timestamp --sign "$identity" "$app"
    codesign --verify --strict --verbose=2 "$app"
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"

rm -f "$dmg"
hdiutil create -volname "Screenwright $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
hdiutil verify "$dmg"
if [[ -n "$identity" ]]; then
    codesign --force --timestamp --sign "$identity" "$dmg"
fi
echo "wrote $dmg"
