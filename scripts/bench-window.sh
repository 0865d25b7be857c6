#!/usr/bin/env bash
# Startup and memory of the console's window against a bare Wails window
# (scripts/barewindow), side by side under one Xvfb. Memory is the summed
# RSS of the app and every process it started (Go + WebKit web and network
# processes), read from /proc after the window has settled. The console runs
# as a user gets it: default options, so with demo traffic. Rounds alternate
# which window goes first (BENCH_ROUNDS, default 2) and figures are the mean.
# The console's real content is timed by the marker its UI sets once the
# Overview has painted the platform's data (Window.ContentShown, logged as
# "window: real content shown"), not by counting colours: the splash logo
# alone has more than 30.
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

tree() { # pid and all its descendants
  local pids="$1" all="$1" next
  while [ -n "$pids" ]; do
    next=""
    for p in $pids; do next="$next $(cat /proc/$p/task/*/children 2>/dev/null || true)"; done
    pids=$(echo $next); all="$all $pids"
  done
  echo $all
}

# kill_tree PID TITLE: ends the app and every process it started (killing
# dbus-run-session alone leaves the app running, and its window would be
# found by the next round), then waits for its window to go.
kill_tree() {
  local all; all=$(tree "$1")
  kill $all 2>/dev/null || true
  sleep 0.5
  kill -9 $all 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do
    xwininfo -root -tree 2>/dev/null | grep -q "\"$2\"" || break
    sleep 0.05
  done
}

tree_rss_kb() { # sum of VmRSS over pid and all its descendants
  local all; all=$(tree "$1")
  local sum=0
  for p in $all; do
    r=$(awk '/VmRSS/ {print $2}' /proc/$p/status 2>/dev/null || echo 0); sum=$((sum + ${r:-0}))
  done
  echo $sum
}

measure() { # name title marker-log cmd...
  local name=$1 title=$2 marker=$3; shift 3
  local data; data=$(mktemp -d)
  local t0; t0=$(date +%s%N)
  dbus-run-session -- "$@" >/dev/null 2>&1 &
  local pid=$!
  if [ -n "$marker" ]; then
    ( for _ in $(seq 1 2000); do
        if grep -q "window: real content shown" "$marker" 2>/dev/null; then
          echo $(( ($(date +%s%N) - t0) / 1000000 )) >"$data/real"; break
        fi
        sleep 0.01
      done ) &
  fi
  local mapped="" painted="" win=""
  for _ in $(seq 1 300); do
    win=$(xwininfo -root -tree 2>/dev/null | grep "\"$title\"" | head -1 | awk '{print $1}' || true)
    if [ -n "$win" ]; then mapped=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
    sleep 0.02
  done
  # First paint: the first look at the window on the screen that finds it
  # is not one flat colour; every look before it that found the window on
  # the screen but empty is a frame without content (the bar is none). A
  # window mapped out of sight to be drawn first does not count.
  local empty=0 info x
  for _ in $(seq 1 400); do
    info=$(xwininfo -id "$win" 2>/dev/null || true)
    x=$(echo "$info" | awk '/Absolute upper-left X/ {print $4}')
    if ! echo "$info" | grep -q IsViewable || [ "${x:--99999}" -le -1000 ]; then sleep 0.02; continue; fi
    if [ "$(import -window "$win" png:- 2>/dev/null | convert png:- -format %k info: 2>/dev/null || echo 0)" -gt 1 ]; then
      painted=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
    empty=$((empty + 1))
  done
  sleep 6 # let the page load, sign in and settle
  local rss; rss=$(tree_rss_kb $pid)
  kill_tree $pid "$title"
  local real=-
  [ -s "$data/real" ] && real=$(cat "$data/real")
  rm -rf "$data"
  echo "${mapped:--} ${painted:--} $real ${rss:-0} $empty"
}

bare() { measure bare "Bare Wails Window" "" "$BARE"; }
console() {
  local d; d=$(mktemp -d)
  measure console "PenguinMails Developer Console" "$d/logs/console.log" "$CONSOLE" --data-dir "$d"
  rm -rf "$d"
}

ROUNDS=${BENCH_ROUNDS:-2}
: >"${TMPDIR:-/tmp}/bench-window.$$"
RES="${TMPDIR:-/tmp}/bench-window.$$"
trap 'kill $XVFB 2>/dev/null || true; rm -f "$RES"' EXIT
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then
    echo "bare $(bare)" >>"$RES"; echo "console $(console)" >>"$RES"; order="bare first"
  else
    echo "console $(console)" >>"$RES"; echo "bare $(bare)" >>"$RES"; order="console first"
  fi
  printf 'round %d (%s): %s\n' "$r" "$order" "$(tail -2 "$RES" | tr '\n' ';')"
done
# mean NAME FIELD: the mean of a field over the rounds ("-" when missing)
mean() { awk -v n="$1" -v f="$2" '$1 == n && $f != "-" { s += $f; c++ } END { if (c) printf "%d", s / c; else print "-" }' "$RES"; }
con_ms=$(mean console 2); bare_ms=$(mean bare 2)
con_paint=$(mean console 3); bare_paint=$(mean bare 3)
con_real=$(mean console 4)
con_kb=$(mean console 5); bare_kb=$(mean bare 5)
con_empty=$(awk '$1 == "console" { s += $6 } END { print s + 0 }' "$RES")
bare_empty=$(awk '$1 == "bare" { s += $6 } END { print s + 0 }' "$RES")
verdict() { awk -v f="$1" -v o="$2" -v b="$3" 'BEGIN { if (f == "-") { print "MISSED (no figure)"; exit } ok = (o == "<") ? (f < b) : (f <= b); print ok ? "met" : "MISSED" }'; }
ratio=$(awk -v a="$con_kb" -v b="$bare_kb" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
echo "mean of $ROUNDS rounds, alternating which window goes first; the console with its default demo traffic:"
printf 'window mapped:  console %s ms, bare Wails %s ms\n' "$con_ms" "$bare_ms"
printf 'first paint:    console %s ms, bare Wails %s ms (the window on screen and not one flat colour)\n' "$con_paint" "$bare_paint"
printf 'real content:   console %s ms (the marker its UI sets once the Overview painted platform data) | bar: < 1000 ms | %s\n' "$con_real" "$(verdict "$con_real" "<" 1000)"
printf 'frames without content on screen: console %s, bare Wails %s (all rounds) | bar: console 0 | %s\n' "$con_empty" "$bare_empty" "$(verdict "$con_empty" "<=" 0)"
printf 'memory (sum of processes): console %d MiB, bare Wails %d MiB => %s x bare | bar: <= 1.30 | %s\n' \
  $((con_kb / 1024)) $((bare_kb / 1024)) "$ratio" "$(verdict "$ratio" "<=" 1.30)"
