#!/usr/bin/env bash
# The desktop window as a person lives with it, under Xvfb with a private
# D-Bus session bus and Debian's dunst as the notification server (real
# processes, nothing mocked):
#   1. An IP violation in demo traffic shows a desktop notification (read
#      back from dunst's history); then SIGTERM: status 0 within 5 s, both
#      Badger databases closed (their LOCK files gone), no process of the
#      console left (WebKit's helpers included, found in /proc by an
#      environment marker).
#   2. The window shows no frame without content: from the moment it is on
#      the screen every look at it finds the UI drawn.
#   3. Size and place survive a restart (xdotool moves and resizes it).
#   4. A second launch on the same data directory brings the first window
#      to the front (it takes the input focus) and exits 0 with a message.
#   5. Maximised survives a restart (under the openbox window manager).
#   6. The platform's data, reopened by `sandbox` mode, keeps the usage of
#      the demo traffic sent before the SIGTERM.
#   7. serve and sandbox modes stop on SIGTERM under demo traffic the same
#      way (status 0 within 5 s, nothing left; serve starts no dbus-daemon).
# Needs `make build` first. Every wait is bounded; about two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/desktop.sh
OUT=.artifacts
mkdir -p "$OUT"
WORK=$(mktemp -d)
DATA="$WORK/data"
LOG="$OUT/desktop-integration.log"
MARKER="PM_DESKTOP_RUN=$$-$RANDOM"

cleanup() {
  for p in "${APP_PID:-}" "${DUNST_PID:-}" "${WM_PID:-}" "${SB_PID:-}" "${BUS_PID:-}" "${XVFB_PID:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "desktop integration: $*"; exit 1; }

start_xvfb "${INTEGRATION_DISPLAY:-:96}"
start_bus "$WORK"
dunst >"$WORK/dunst.log" 2>&1 &
DUNST_PID=$!

# launch [ARGS...]: the console on $DATA in the background; sets APP_PID.
launch() {
  env "$MARKER" "$BIN" --data-dir "$DATA" "$@" >"$LOG" 2>&1 &
  APP_PID=$!
}

# on_screen: the window's "WxH+X+Y" when it is mapped and on the screen.
on_screen() {
  local w; w=$(window_id)
  [ -n "$w" ] || return 1
  xwininfo -id "$w" 2>/dev/null | grep -q IsViewable || return 1
  local info; info=$(xwininfo -id "$w")
  local x y wd ht
  x=$(echo "$info" | awk '/Absolute upper-left X/ {print $4}')
  y=$(echo "$info" | awk '/Absolute upper-left Y/ {print $4}')
  wd=$(echo "$info" | awk '/^ *Width:/ {print $2}')
  ht=$(echo "$info" | awk '/^ *Height:/ {print $2}')
  [ "$x" -gt -1000 ] || return 1
  echo "${wd}x${ht}+${x}+${y}"
}

# first_look NAME [any]: waits (30 s) for the window to come on screen and
# checks that the very first look at it finds content ("any": that it
# came, under a window manager, which keeps a corner of the window on the
# screen while WebKit draws it out of sight; see README "Choices").
first_look() {
  for _ in $(seq 1 1500); do
    kill -0 "$APP_PID" 2>/dev/null || { cat "$LOG"; fail "the console exited"; }
    if on_screen >/dev/null; then
      [ "${2:-}" = any ] && { wait_content "$OUT/$1.png" 20 || fail "no content"; return 0; }
      import -window "$(window_id)" "$OUT/$1.png" 2>/dev/null || continue
      has_content "$OUT/$1.png" || { cat "$LOG"; fail "the window came on screen without content ($OUT/$1.png)"; }
      return 0
    fi
    sleep 0.02
  done
  cat "$LOG"; fail "the window never came on screen"
}

stop_app() { sigterm_stop "$APP_PID" "$LOG" || fail "unclean stop"; APP_PID=""; }

echo "--- 1. a desktop notification for an IP violation; SIGTERM while demo traffic runs"
launch --demo-traffic=true
first_look integration-1
note=""
for _ in $(seq 1 60); do
  dunstctl close-all 2>/dev/null || true # closed notifications go to the history
  note=$(dunstctl history 2>/dev/null | tr -d '\n\t ' | grep -o '"data":"Blockedrequestfrom[^"]*IPnotallowedforkey[^"]*"' | head -1 || true)
  [ -n "$note" ] && break
  sleep 0.5
done
[ -n "$note" ] || { cat "$LOG"; fail "no desktop notification reached dunst within 30 s"; }
dunstctl history | tr -d '\n\t ' | grep -q '"appname":{"type":"s","data":"PenguinMailsConsole"}' || fail "the notification does not name the console"
echo "ok: dunst shows $note"
sleep 2 # demo traffic flowing: requests, usage events, the live stream
stop_app
locks=$(find "$DATA" -name LOCK)
[ -z "$locks" ] || fail "a database was not closed (lock files left): $locks"
sleep 0.5 # WebKit's helpers notice their parent is gone
left=$(processes_with "$MARKER")
[ -z "$left" ] || fail "processes left behind after the stop:
$left"
echo "ok"

echo "--- 2. no frame without content; 3. size and place survive a restart"
launch --demo-traffic=false
first_look integration-2
w=$(window_id)
xdotool windowmove --sync "$w" 210 140
xdotool windowsize --sync "$w" 1100 720
sleep 0.5
want=$(on_screen)
[ "$want" = "1100x720+210+140" ] || fail "xdotool could not move the window: $want"
stop_app
launch --demo-traffic=false
first_look integration-3
got=$(on_screen)
[ "$got" = "$want" ] || fail "the window opened at $got, it was left at $want"
echo "ok: reopened at $got"

echo "--- 4. a second launch brings the first window to the front"
root=$(xwininfo -root | awk '/Window id:/ {print $4}')
xdotool windowfocus --sync "$root" 2>/dev/null || xdotool windowfocus "$root"
[ "$(xdotool getwindowfocus -f)" != "$(window_id)" ] || fail "could not take the focus away"
second=0
msg=$(env "$MARKER" timeout 20 "$BIN" --data-dir "$DATA" 2>&1) || second=$?
[ "$second" = 0 ] || fail "the second launch exited $second: $msg"
echo "$msg" | grep -q "already open" || fail "the second launch said: $msg"
echo "$msg" | grep -qi "lock" && fail "the second launch met a lock error: $msg"
focus=""
for _ in $(seq 1 50); do
  focus=$(xdotool getwindowfocus getwindowpid 2>/dev/null || true)
  [ "$focus" = "$APP_PID" ] && break
  sleep 0.1
done
[ "$focus" = "$APP_PID" ] || fail "the first window did not take the focus (focus is on pid ${focus:-none})"
echo "ok: $msg"
stop_app

echo "--- 5. maximised survives a restart (openbox)"
openbox >/dev/null 2>&1 &
WM_PID=$!
sleep 1
launch --demo-traffic=false
first_look integration-5 any
wmctrl -r "$TITLE" -b add,maximized_vert,maximized_horz
for _ in $(seq 1 50); do xprop -id "$(window_id)" _NET_WM_STATE | grep -q MAXIMIZED_VERT && break; sleep 0.1; done
stop_app
launch --demo-traffic=false
first_look integration-5b any
maxed=""
for _ in $(seq 1 50); do
  xprop -id "$(window_id)" _NET_WM_STATE 2>/dev/null | grep -q _NET_WM_STATE_MAXIMIZED_VERT && { maxed=1; break; }
  sleep 0.1
done
[ -n "$maxed" ] || fail "the window was left maximised and reopened $(on_screen)"
stop_app
kill "$WM_PID"; WM_PID=""
echo "ok"

echo "--- 6. the platform's data after the stops"
"$BIN" sandbox --data-dir "$DATA/platform" --addr 127.0.0.1:0 --demo-password integration-pw >"$WORK/sandbox.out" 2>"$WORK/sandbox.err" &
SB_PID=$!
url=""
for _ in $(seq 1 100); do url=$(head -1 "$WORK/sandbox.out" 2>/dev/null | grep '^http' || true); [ -n "$url" ] && break; sleep 0.1; done
[ -n "$url" ] || { cat "$WORK/sandbox.err"; fail "the platform did not reopen its data"; }
token=$(curl -sf -H 'Content-Type: application/json' -d '{"email":"admin@demo.penguinmails.test","password":"integration-pw"}' "$url/api/v1/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
total=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/tenant/analytics/api-usage?range=1h" | sed -n 's/.*"total_requests":\([0-9]*\).*/\1/p')
kill -TERM "$SB_PID"; wait "$SB_PID" || fail "the platform did not stop cleanly"; SB_PID=""
[ "${total:-0}" -gt 0 ] || fail "no usage kept from the demo traffic before the SIGTERM (total_requests=${total:-none})"
echo "ok: $total requests of the last hour kept"

echo "--- 7. browser and platform modes stop within 5 s too (this binary, demo traffic running)"
for mode in serve sandbox; do
  rm -rf "$WORK/m"
  if [ "$mode" = serve ]; then args=(serve --addr 127.0.0.1:0 --data-dir "$WORK/m"); else args=(sandbox --addr 127.0.0.1:0 --data-dir "$WORK/m" --demo-traffic); fi
  env -u DBUS_SESSION_BUS_ADDRESS "$MARKER" "$BIN" "${args[@]}" >"$WORK/$mode.out" 2>"$LOG" &
  APP_PID=$!
  for _ in $(seq 1 150); do grep -q 'http://' "$WORK/$mode.out" 2>/dev/null && break; sleep 0.1; done
  grep -q 'http://' "$WORK/$mode.out" || { cat "$LOG"; fail "$mode did not start"; }
  sleep 3 # demo traffic flowing
  sigterm_stop "$APP_PID" "$LOG" || fail "$mode: unclean stop"
  APP_PID=""
  sleep 0.3
  left=$(processes_with "$MARKER")
  [ -z "$left" ] || fail "$mode left processes behind:
$left"
done
echo "ok"

echo "desktop integration: passed"
