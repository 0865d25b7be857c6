#!/usr/bin/env bash
# The .deb's desktop entry really starts the console: unpacks the package
# into a scratch root, puts that root's share/ and bin/ first on the search
# paths, launches the entry with gtk-launch (what a menu does) under Xvfb,
# and waits for the window: titled "PenguinMails Developer Console", with the
# WM_CLASS the entry's StartupWMClass names (so the launcher groups it with
# its icon), drawing real content. Then stops it with SIGTERM.
# Run by `make test-package` after `make package`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/desktop.sh

: "${VERSION:?set by make test-package}"
DEB=build/dist/penguinmails-console_${VERSION}_amd64.deb
WORK=$(mktemp -d)
MARK="PM_PACKAGE_LAUNCH=$$"

cleanup() {
  for pid in $(processes_with "$MARK" | awk '{print $1}'); do kill "$pid" 2>/dev/null || true; done
  [ -n "${BUS_PID:-}" ] && kill "$BUS_PID" 2>/dev/null || true
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

dpkg-deb -x "$DEB" "$WORK/root"
start_xvfb "${PACKAGE_DISPLAY:-:86}"
start_bus "$WORK"
mkdir -p "$WORK/home"
# A fresh home: the console keeps its data under XDG_CONFIG_HOME.
env "$MARK" HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" \
  XDG_DATA_DIRS="$WORK/root/usr/share:/usr/share" PATH="$WORK/root/usr/bin:$PATH" \
  gtk-launch penguinmails-console >"$WORK/launch.log" 2>&1

pid=""
for _ in $(seq 1 50); do
  pid=$(processes_with "$MARK" | awk '$2 ~ /penguinmails-console$/ {print $1}' | head -1)
  [ -n "$pid" ] && break
  sleep 0.1
done
if [ -z "$pid" ]; then echo "package launch: gtk-launch started no console"; cat "$WORK/launch.log"; exit 1; fi
exe=$(readlink "/proc/$pid/exe")
[ "$exe" = "$WORK/root/usr/bin/penguinmails-console" ] || { echo "package launch: started $exe, not the packaged binary"; exit 1; }

wait_window "$pid" 30 || exit 1
class=$(xprop -id "$(window_id)" WM_CLASS)
case "$class" in
  *'"penguinmails-console"'*) ;;
  *) echo "package launch: window class $class, want penguinmails-console (the entry's StartupWMClass)"; exit 1 ;;
esac
wait_content "$WORK/window.png" 20 || exit 1
kill -TERM "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then echo "package launch: still running 10 s after SIGTERM"; exit 1; fi
echo "package launch: the desktop entry started the packaged console (window class penguinmails-console, content drawn)"
