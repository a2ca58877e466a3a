#!/usr/bin/env bash
# dist/Tracepair.app -> dist/Tracepair-<version>.dmg (drag-to-Applications disk image), on macOS.
#
#   packaging/build_bundle.py && packaging/macos/build_dmg.sh
#
# Signing and notarisation switch on by themselves when their variables are set
# (see docs/packaging.md); without them the app keeps PyInstaller's ad-hoc signature
# and users must right-click > Open the first time.
#   MACOS_SIGN_IDENTITY   "Developer ID Application: Name (TEAMID)" in the keychain. The spec
#                         already signed every binary and the .app with it (hardened runtime);
#                         here it is verified and the .dmg is signed too.
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD
#                         an Apple ID, its team and an app-specific password: the .dmg is sent
#                         to Apple's notary service (xcrun notarytool) and the ticket stapled.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-python3}
VERSION=$("$PYTHON" packaging/metadata.py)
APP=dist/Tracepair.app
DMG=dist/Tracepair-$VERSION.dmg

[ "$(uname)" = Darwin ] || { echo "build_dmg.sh: needs macOS (hdiutil, codesign)" >&2; exit 1; }
[ -d "$APP" ] || { echo "build_dmg.sh: no $APP: run packaging/build_bundle.py first" >&2; exit 1; }

plutil -lint "$APP/Contents/Info.plist"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --verify --deep --strict --verbose=2 "$APP"
  codesign --display --verbose=2 "$APP" 2>&1 | grep -E "Authority|TeamIdentifier|flags"
else
  echo "MACOS_SIGN_IDENTITY not set: the app is ad-hoc signed only (Gatekeeper will warn users)"
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$DMG"
hdiutil create -volname "Tracepair $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$DMG"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
fi

if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
  [ -n "${MACOS_SIGN_IDENTITY:-}" ] || { echo "notarisation needs a signed app (MACOS_SIGN_IDENTITY)" >&2; exit 1; }
  xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
    --password "$APPLE_APP_PASSWORD" --wait --timeout 30m
  xcrun stapler staple "$DMG"
  xcrun stapler validate "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose "$DMG"
else
  echo "APPLE_ID/APPLE_TEAM_ID/APPLE_APP_PASSWORD not set: not notarised"
fi

hdiutil verify "$DMG"
ls -l "$DMG"
