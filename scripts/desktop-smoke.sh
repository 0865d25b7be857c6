#!/usr/bin/env bash
# Desktop smoke test: starts the real window (Wails + WebKitGTK) under Xvfb
# with a fresh data directory, waits for the window titled "PenguinMails
# Developer Console", gives the UI time to sign in to the embedded platform
# and draw, takes a screenshot, and fails if no window appeared or the
# screenshot is blank. The screenshot is kept in .artifacts/desktop.png.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/bin/penguinmails-console
OUT=.artifacts
mkdir -p "$OUT"
DATA=$(mktemp -d)
DISPLAY_NUM=${SMOKE_DISPLAY:-:97}
TITLE="PenguinMails Developer Console"

cleanup() {
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

Xvfb "$DISPLAY_NUM" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
export DISPLAY=$DISPLAY_NUM
for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

# WebKitGTK wants a session bus; give it a private one.
export NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1
start=$(date +%s.%N)
dbus-run-session -- "$BIN" --data-dir "$DATA" ${SMOKE_ARGS:---demo-traffic=false} >"$OUT/desktop.log" 2>&1 &
APP_PID=$!

found=""
for _ in $(seq 1 300); do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    echo "desktop smoke: the console exited before showing a window"; cat "$OUT/desktop.log"; exit 1
  fi
  if xwininfo -root -tree 2>/dev/null | grep -q "\"$TITLE\""; then found=1; break; fi
  sleep 0.1
done
if [ -z "$found" ]; then
  echo "desktop smoke: no window titled \"$TITLE\" within 30 s"; cat "$OUT/desktop.log"; exit 1
fi
shown=$(date +%s.%N)
printf 'desktop smoke: window mapped after %.2f s\n' "$(echo "$shown - $start" | bc)"

# Wait for the UI to draw real content: the screenshot must stop being a
# flat background. Give it up to 20 s.
ok=""
for _ in $(seq 1 40); do
  sleep 0.5
  import -window root "$OUT/desktop.png" 2>/dev/null || continue
  colours=$(convert "$OUT/desktop.png" -format "%k" info:)
  sd=$(convert "$OUT/desktop.png" -colorspace Gray -format "%[fx:standard_deviation]" info:)
  if [ "$colours" -gt 200 ] && awk "BEGIN{exit !($sd > 0.05)}"; then ok=1; break; fi
done
if [ -z "$ok" ]; then
  echo "desktop smoke: the window stayed blank (colours=${colours:-?} sd=${sd:-?})"; cat "$OUT/desktop.log"; exit 1
fi
printf 'desktop smoke: content drawn after %.2f s (%s colours)\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$colours"
# Let the data arrive, then keep a picture of the window itself.
sleep "${SMOKE_SETTLE:-4}"
win=$(xwininfo -root -tree | grep "\"$TITLE\"" | head -1 | awk '{print $1}')
import -window "$win" "$OUT/desktop-window.png" 2>/dev/null || import -window root "$OUT/desktop-window.png"
echo "desktop smoke: screenshots $OUT/desktop.png and $OUT/desktop-window.png"
if grep -qi "panic" "$OUT/desktop.log"; then echo "desktop smoke: panic in the log"; cat "$OUT/desktop.log"; exit 1; fi
# The page must have called Go through the Wails bindings, not merely drawn.
if ! grep -q "the UI reached the Go services" "$OUT/desktop.log"; then
  echo "desktop smoke: the UI never called the Go services through the Wails bindings"; cat "$OUT/desktop.log"; exit 1
fi
echo "desktop smoke: passed"
