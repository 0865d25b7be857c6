#!/usr/bin/env bash
# Startup and memory of the console's window against a bare Wails window
# (scripts/barewindow), side by side under one Xvfb. Memory is the summed
# RSS of the app and every process it started (Go + WebKit web and network
# processes), read from /proc after the window has settled.
set -euo pipefail
cd "$(dirname "$0")/.."
TAGS=desktop,production,webkit2_41
BARE=build/bin/barewindow
go build -tags $TAGS -ldflags "-s -w" -o "$BARE" ./scripts/barewindow
CONSOLE=build/bin/penguinmails-console
[ -x "$CONSOLE" ] || make build >/dev/null

DISPLAY_NUM=${BENCH_DISPLAY:-:96}
Xvfb $DISPLAY_NUM -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true' EXIT
export DISPLAY=$DISPLAY_NUM NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1
for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

tree_rss_kb() { # sum of VmRSS over pid and all its descendants
  local pids="$1" all="$1" next
  while [ -n "$pids" ]; do
    next=""
    for p in $pids; do next="$next $(cat /proc/$p/task/*/children 2>/dev/null || true)"; done
    pids=$(echo $next); all="$all $pids"
  done
  local sum=0
  for p in $all; do
    r=$(awk '/VmRSS/ {print $2}' /proc/$p/status 2>/dev/null || echo 0); sum=$((sum + ${r:-0}))
  done
  echo $sum
}

measure() { # name title cmd...
  local name=$1 title=$2; shift 2
  local data; data=$(mktemp -d)
  local t0; t0=$(date +%s%N)
  dbus-run-session -- "$@" >/dev/null 2>&1 &
  local pid=$!
  local mapped="" painted="" win=""
  for _ in $(seq 1 300); do
    win=$(xwininfo -root -tree 2>/dev/null | grep "\"$title\"" | head -1 | awk '{print $1}' || true)
    if [ -n "$win" ]; then mapped=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
    sleep 0.02
  done
  # First paint of the page: the window stops being one flat colour.
  # First paint is the first look at the window on the screen that finds
  # content; every look before it that found the window on the screen but
  # empty is a frame without content (the bar is none). A window mapped out
  # of sight to be drawn first does not count as on the screen.
  local empty=0 info x
  for _ in $(seq 1 400); do
    info=$(xwininfo -id "$win" 2>/dev/null || true)
    x=$(echo "$info" | awk '/Absolute upper-left X/ {print $4}')
    if ! echo "$info" | grep -q IsViewable || [ "${x:--99999}" -le -1000 ]; then sleep 0.02; continue; fi
    if [ "$(import -window "$win" png:- 2>/dev/null | convert png:- -format %k info: 2>/dev/null || echo 0)" -gt 30 ]; then
      painted=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
    empty=$((empty + 1))
  done
  sleep 6 # let the page load, sign in and settle
  local rss; rss=$(tree_rss_kb $pid)
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  rm -rf "$data"
  echo "$name $mapped $painted $rss $empty"
}

read -r _ bare_ms bare_paint bare_kb bare_empty < <(measure bare "Bare Wails Window" "$BARE")
DATA=$(mktemp -d)
read -r _ con_ms con_paint con_kb con_empty < <(measure console "PenguinMails Developer Console" "$CONSOLE" --data-dir "$DATA" --demo-traffic=false)
rm -rf "$DATA"
printf 'window mapped:  console %s ms, bare Wails %s ms\n' "$con_ms" "$bare_ms"
printf 'first paint:    console %s ms, bare Wails %s ms (bar: console shows real content < 1000 ms)\n' "$con_paint" "$bare_paint"
printf 'frames without content on screen: console %s, bare Wails %s (bar: console 0)\n' "$con_empty" "$bare_empty"
printf 'memory (sum of processes): console %d MiB, bare Wails %d MiB => %s x bare (bar: <= 1.30)\n' \
  $((con_kb / 1024)) $((bare_kb / 1024)) "$(awk -v a=$con_kb -v b=$bare_kb 'BEGIN{printf "%.2f", a/b}')"
