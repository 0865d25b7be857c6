# Shared helpers for the scripts that drive the real desktop window under
# Xvfb (desktop-smoke.sh, desktop-integration.sh). Source it; it sets nothing
# up by itself. Every wait is bounded.

TITLE="PenguinMails Developer Console"
BIN=${BIN:-build/bin/penguinmails-console}

# WebKitGTK under Xvfb: no accessibility bus, no GPU.
export NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1

# start_xvfb DISPLAY: a virtual screen; sets XVFB_PID and DISPLAY.
start_xvfb() {
  Xvfb "$1" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  export DISPLAY=$1
  for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "Xvfb $1 did not start"; return 1
}

# start_bus DIR: a private D-Bus session bus whose socket lives in DIR; sets
# BUS_PID and exports DBUS_SESSION_BUS_ADDRESS. Services it activates (a
# notification daemon) end with it.
start_bus() {
  dbus-daemon --session --nofork --nopidfile --address="unix:path=$1/bus" >/dev/null 2>&1 &
  BUS_PID=$!
  export DBUS_SESSION_BUS_ADDRESS="unix:path=$1/bus"
  for _ in $(seq 1 50); do [ -S "$1/bus" ] && return 0; sleep 0.1; done
  echo "dbus-daemon did not start"; return 1
}

# window_id: the id of the console's top-level window, or nothing.
window_id() {
  xwininfo -root -tree 2>/dev/null | grep "\"$TITLE\"" | head -1 | awk '{print $1}'
}

# wait_window PID SECONDS: waits for the console's window while PID lives.
wait_window() {
  for _ in $(seq 1 $(($2 * 10))); do
    kill -0 "$1" 2>/dev/null || { echo "the console exited before showing a window"; return 1; }
    [ -n "$(window_id)" ] && return 0
    sleep 0.1
  done
  echo "no window titled \"$TITLE\" within $2 s"; return 1
}

# has_content PNG: true when the picture is not a flat background (the UI
# drew text, cards, a chart).
has_content() {
  local colours sd
  colours=$(convert "$1" -format "%k" info: 2>/dev/null) || return 1
  sd=$(convert "$1" -colorspace Gray -format "%[fx:standard_deviation]" info: 2>/dev/null) || return 1
  [ "$colours" -gt 200 ] && awk "BEGIN{exit !($sd > 0.05)}"
}

# wait_content OUT.png SECONDS: screenshots the screen until it has content.
wait_content() {
  for _ in $(seq 1 $(($2 * 2))); do
    sleep 0.5
    import -window root "$1" 2>/dev/null || continue
    has_content "$1" && return 0
  done
  echo "the window stayed blank for $2 s"; return 1
}

# processes_with MARKER: the live processes whose environment holds MARKER
# (every process the console starts inherits it), one "pid cmdline" a line.
processes_with() {
  local f pid
  for f in /proc/[0-9]*/environ; do
    pid=${f#/proc/}; pid=${pid%/environ}
    if { tr '\0' '\n' <"$f"; } 2>/dev/null | grep -qx "$1"; then
      grep -q ') Z ' "/proc/$pid/stat" 2>/dev/null && continue # a zombie is already gone
      echo "$pid $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null)"
    fi
  done
}

# sigterm_stop PID LOG: SIGTERM and the promise of issue #17: status 0
# within 5 s and a log saying the stop was clean.
sigterm_stop() {
  local start rc
  start=$(date +%s.%N)
  kill -TERM "$1"
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$1" 2>/dev/null; then echo "still running 5 s after SIGTERM"; cat "$2"; return 1; fi
  rc=0; wait "$1" || rc=$?
  if [ "$rc" != 0 ]; then echo "exit status $rc after SIGTERM (want 0)"; cat "$2"; return 1; fi
  grep -q "stopped cleanly" "$2" || { echo "no clean stop in the log"; cat "$2"; return 1; }
  printf 'stopped %.2f s after SIGTERM, status 0\n' "$(echo "$(date +%s.%N) - $start" | bc)"
}
