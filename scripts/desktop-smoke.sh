#!/usr/bin/env bash
# Desktop smoke test: starts the real window (Wails + WebKitGTK) under Xvfb
# with a fresh data directory, waits for the window titled "PenguinMails
# Developer Console", gives the UI time to sign in to the embedded platform
# and draw, takes a screenshot, and fails if no window appeared or the
# screenshot is blank. The screenshot is kept in .artifacts/desktop.png.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/desktop.sh
OUT=.artifacts
mkdir -p "$OUT"
WORK=$(mktemp -d)
DATA="$WORK/data"

cleanup() {
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "${BUS_PID:-}" ] && kill "$BUS_PID" 2>/dev/null || true
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_xvfb "${SMOKE_DISPLAY:-:97}"
start_bus "$WORK" # WebKitGTK wants a session bus; give it a private one
start=$(date +%s.%N)
"$BIN" --data-dir "$DATA" ${SMOKE_ARGS:---demo-traffic=false} >"$OUT/desktop.log" 2>&1 &
APP_PID=$!

if ! wait_window "$APP_PID" 30; then
  echo "desktop smoke: no window"; cat "$OUT/desktop.log"; exit 1
fi
printf 'desktop smoke: window mapped after %.2f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"

# Wait for the UI to draw real content: the screenshot must stop being a
# flat background. Give it up to 20 s.
if ! wait_content "$OUT/desktop.png" 20; then
  echo "desktop smoke: the window stayed blank"; cat "$OUT/desktop.log"; exit 1
fi
printf 'desktop smoke: content drawn after %.2f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
# Let the data arrive, then keep a picture of the window itself.
sleep "${SMOKE_SETTLE:-4}"
import -window "$(window_id)" "$OUT/desktop-window.png" 2>/dev/null || import -window root "$OUT/desktop-window.png"
echo "desktop smoke: screenshots $OUT/desktop.png and $OUT/desktop-window.png"
if grep -qi "panic" "$OUT/desktop.log"; then echo "desktop smoke: panic in the log"; cat "$OUT/desktop.log"; exit 1; fi
# The page must have called Go through the Wails bindings, not merely drawn.
if ! grep -q "the UI reached the Go services" "$OUT/desktop.log"; then
  echo "desktop smoke: the UI never called the Go services through the Wails bindings"; cat "$OUT/desktop.log"; exit 1
fi
echo "desktop smoke: passed"
