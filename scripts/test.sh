#!/usr/bin/env bash
# Every test of the project, from a fresh checkout: installs what is missing,
# then Go vet + race tests, the frontend type check and Vitest, the build,
# end-to-end tests in headless Chromium against serve mode, and the desktop
# smoke test under Xvfb. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$(go env GOPATH)/bin"

# Each stage's wall time, printed as it ends and summed up at the end (or at
# the failing stage), so a slow CI run says where its time went.
START=$SECONDS
STAGE_NAME="" STAGE_START=$SECONDS
TIMES=()
stage_end() {
  if [ -n "$STAGE_NAME" ]; then
    TIMES+=("$(printf '%5ds  %s' $((SECONDS - STAGE_START)) "$STAGE_NAME")")
  fi
}
stage() {
  stage_end
  STAGE_NAME="$*" STAGE_START=$SECONDS
  printf '\n=== %s ===\n' "$*"
}

# The remote-use e2e tests (frontend/e2e/trust.test.mjs) serve on a
# non-loopback IPv4 address of this machine. A CI machine may have none
# (a container with only lo): as root, add a dummy interface with a TEST-NET-2
# address (RFC 5737, never routed) for the run and remove it at the end.
DUMMY_IF=""
ensure_ipv4() {
  if ip -4 -o addr show scope global 2>/dev/null | grep -q inet; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "test: this machine has no non-loopback IPv4 address and we are not root to add one; the remote-use e2e tests will say so"
    return
  fi
  # A kernel without the dummy module takes an empty bridge: either way the
  # address is local to this machine only.
  ip link add pmtest0 type dummy 2>/dev/null || ip link add pmtest0 type bridge
  DUMMY_IF=pmtest0
  ip addr add 198.51.100.7/32 dev pmtest0
  ip link set pmtest0 up
  echo "test: no non-loopback IPv4 address here; added 198.51.100.7 on a dummy interface pmtest0 for the run ($(ip -d -o link show pmtest0 | grep -o "dummy\|bridge" | head -1))"
}

finish() {
  local rc=$?
  stage_end
  if [ -n "$DUMMY_IF" ]; then ip link del "$DUMMY_IF" 2>/dev/null || true; fi
  printf '\n=== stage times ===\n'
  printf '%s\n' "${TIMES[@]}"
  printf '%5ds  total' $((SECONDS - START))
  if [ "$rc" != 0 ]; then printf ' (FAILED in: %s)' "$STAGE_NAME"; fi
  printf '\n'
}
trap finish EXIT

stage "setup"
./scripts/setup.sh

stage "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then echo "not gofmt'ed:"; echo "$unformatted"; exit 1; fi

stage "generated UI types are up to date"
# frontend/src/api/types.gen.ts comes from the Go types of the bound methods;
# a Go change without `make types` would leave the UI typed against old shapes.
go run ./scripts/tsgen -check

stage "build (frontend + desktop binary)"
make build

stage "go vet"
go vet ./...
go vet -tags desktop,production,webkit2_41 .

stage "OpenAPI: oapi-codegen v2.8.2 generates a client that compiles"
./scripts/check-openapi-client.sh

stage "go test -race"
# 30 min per package: backend/sandbox is the longest, and under the race
# detector on a busy 2-core machine it needs well over its idle time.
go test -race -count=1 -timeout 30m ./...

stage "frontend: type check and Vitest"
(cd frontend && npm run typecheck && npm test)

stage "end-to-end in headless Chromium"
ensure_ipv4
(cd frontend && npm run e2e)

stage "desktop smoke test under Xvfb"
./scripts/desktop-smoke.sh

stage "desktop integration under Xvfb (SIGTERM, leftovers, restart)"
./scripts/desktop-integration.sh

stage "packages: .deb (installed into a scratch root), tar.gz, Windows .exe"
# The binary and the UI were built above and nothing changed since: -o keeps
# make from building them a second time.
make -o build -o frontend test-package

stage_end
STAGE_NAME=""
echo
echo "all tests passed"
