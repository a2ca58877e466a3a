#!/bin/sh
# Install Tracepair for the current user (no root): the bundle in ~/.local/opt/tracepair,
# the `tracepair` command in ~/.local/bin, and a menu entry with its icon.
# PREFIX=/some/where ./install.sh installs elsewhere; ./install.sh --uninstall removes it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
apps="$prefix/share/applications"
icons="$prefix/share/icons/hicolor/256x256/apps"

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$prefix/opt/tracepair" "$prefix/bin/tracepair" "$apps/tracepair.desktop" "$icons/tracepair.png"
  echo "Tracepair removed from $prefix"
  exit 0
fi

mkdir -p "$prefix/opt" "$prefix/bin" "$apps" "$icons"
rm -rf "$prefix/opt/tracepair"
cp -R "$here/tracepair" "$prefix/opt/tracepair"
ln -sf "$prefix/opt/tracepair/tracepair" "$prefix/bin/tracepair"
cp "$here/tracepair.png" "$icons/tracepair.png"
sed "s|^Exec=tracepair|Exec=$prefix/bin/tracepair|" "$here/tracepair.desktop" > "$apps/tracepair.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database "$apps" >/dev/null 2>&1 || true
fi
echo "Tracepair installed in $prefix/opt/tracepair; run 'tracepair' (is $prefix/bin on your PATH?) or use the menu."
