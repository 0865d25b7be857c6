#!/usr/bin/env bash
# The desktop window as a person lives with it, under Xvfb with a private
# D-Bus session bus (real processes, nothing mocked):
#   1. SIGTERM while demo traffic runs: status 0 within 5 s, both Badger
#      databases closed (their LOCK files gone), no process of the console
#      left (WebKit's helpers included, found in /proc by an environment
#      marker); a relaunch signs in and draws the UI, and the platform's
#      data, reopened by the `sandbox` mode, holds the demo traffic's usage.
# Needs `make build` first. Bounded: each wait has a limit; about a minute.
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
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "${BUS_PID:-}" ] && kill "$BUS_PID" 2>/dev/null || true
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "desktop integration: $*"; exit 1; }

start_xvfb "${INTEGRATION_DISPLAY:-:96}"
start_bus "$WORK"

# launch [ARGS...]: the console on $DATA in the background; sets APP_PID.
launch() {
  env "$MARKER" "$BIN" --data-dir "$DATA" "$@" >"$LOG" 2>&1 &
  APP_PID=$!
}

echo "--- 1. SIGTERM while demo traffic runs"
launch --demo-traffic=true
wait_window "$APP_PID" 30 || { cat "$LOG"; fail "no window"; }
wait_content "$OUT/integration-1.png" 20 || { cat "$LOG"; fail "no content"; }
grep -q "signed in" "$LOG" || { cat "$LOG"; fail "the console did not sign in to its embedded platform"; }
sleep 3 # demo traffic flowing: requests, usage events, the live stream
sigterm_stop "$APP_PID" "$LOG" || fail "unclean stop"
APP_PID=""
locks=$(find "$DATA" -name LOCK)
[ -z "$locks" ] || fail "a database was not closed (lock files left): $locks"
sleep 0.5 # WebKit's helpers notice their parent is gone
left=$(processes_with "$MARKER")
[ -z "$left" ] || fail "processes left behind after the stop:
$left"

launch --demo-traffic=false
wait_window "$APP_PID" 30 || { cat "$LOG"; fail "no window after the relaunch"; }
wait_content "$OUT/integration-1b.png" 20 || { cat "$LOG"; fail "no content after the relaunch"; }
grep -q "signed in" "$LOG" || { cat "$LOG"; fail "the relaunch did not sign in to its embedded platform"; }
sigterm_stop "$APP_PID" "$LOG" || fail "unclean stop after the relaunch"
APP_PID=""
# The embedded platform's data, read by the platform alone: the requests
# demo traffic sent before the SIGTERM are in the usage analytics.
"$BIN" sandbox --data-dir "$DATA/platform" --addr 127.0.0.1:0 --demo-password integration-pw >"$WORK/sandbox.out" 2>"$WORK/sandbox.err" &
SB_PID=$!
url=""
for _ in $(seq 1 100); do url=$(head -1 "$WORK/sandbox.out" 2>/dev/null | grep '^http' || true); [ -n "$url" ] && break; sleep 0.1; done
[ -n "$url" ] || { cat "$WORK/sandbox.err"; fail "the platform did not reopen its data"; }
token=$(curl -sf -H 'Content-Type: application/json' -d '{"email":"admin@demo.penguinmails.test","password":"integration-pw"}' "$url/api/v1/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
total=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/tenant/analytics/api-usage?range=1h" | sed -n 's/.*"total_requests":\([0-9]*\).*/\1/p')
kill -TERM "$SB_PID"; wait "$SB_PID" || fail "the platform did not stop cleanly"
[ "${total:-0}" -gt 0 ] || fail "no usage kept from the demo traffic before the SIGTERM (total_requests=${total:-none})"
echo "ok: $total requests of the last hour kept"

echo "desktop integration: passed"
