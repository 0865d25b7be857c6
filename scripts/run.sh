#!/usr/bin/env bash
# Opens the console. Called by `make run` after the build; passes its
# arguments on (e.g. --api-url, --data-dir).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/bin/penguinmails-console
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting browser mode instead. Open the http:// URL printed below."
  exec "$BIN" serve --addr 127.0.0.1:8790 "$@"
fi
exec "$BIN" "$@"
