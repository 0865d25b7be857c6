#!/usr/bin/env bash
# Installs everything the console needs to build, run and test on a fresh Debian
# machine (run as root, or with sudo available). Safe to run again: it only
# installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_PKGS=(
  build-essential pkg-config
  libgtk-3-dev libwebkit2gtk-4.1-dev   # Wails v2 on WebKitGTK 4.1
  xvfb xauth x11-utils imagemagick bc      # desktop smoke test: a real window and a screenshot
  chromium                              # end-to-end tests through playwright-core
  php-cli php-curl ruby python3-requests # the tester's generated snippets are run for real
  curl ca-certificates
  desktop-file-utils appstream          # make test-package validates the .desktop entry and metainfo
  libgtk-3-bin                          # gtk-launch: make test-package starts the .deb's desktop entry
  dbus-x11 at-spi2-core                 # quiet WebKitGTK under Xvfb
  dbus dunst xdotool openbox wmctrl     # desktop integration: a session bus, a real notification daemon, window moves, a window manager
  iproute2                              # scripts/test.sh: a TEST-NET address for the remote-use e2e tests if none
)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export PATH="$PATH:$(go env GOPATH)/bin"
if ! command -v wails >/dev/null || ! wails version 2>/dev/null | grep -q v2.11.0; then
  echo "setup: installing the Wails CLI v2.11.0"
  go install github.com/wailsapp/wails/v2/cmd/wails@v2.11.0
fi

if [ -L frontend/node_modules ]; then
  # A worktree sharing another checkout's packages through a link: npm ci
  # would empty the directory the link points to, under everyone using it.
  echo "setup: frontend/node_modules is a link to $(readlink frontend/node_modules); not reinstalling through it"
elif [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  (cd frontend && npm ci --no-audit --no-fund)
fi
go mod download
echo "setup: done"
