#!/usr/bin/env bash
# Every test of the project, from a fresh checkout: installs what is missing,
# then Go vet + race tests, the frontend type check and Vitest, the build,
# end-to-end tests in headless Chromium against serve mode, and the desktop
# smoke test under Xvfb. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$(go env GOPATH)/bin"

stage() { printf '\n=== %s ===\n' "$*"; }

stage "setup"
./scripts/setup.sh

stage "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then echo "not gofmt'ed:"; echo "$unformatted"; exit 1; fi

stage "build (frontend + desktop binary)"
make build

stage "go vet"
go vet ./...
go vet -tags desktop,production,webkit2_41 .

stage "go test -race"
go test -race -count=1 -timeout 20m ./...

stage "frontend: type check and Vitest"
(cd frontend && npm run typecheck && npm test)

stage "end-to-end in headless Chromium"
(cd frontend && npm run e2e)

stage "desktop smoke test under Xvfb"
./scripts/desktop-smoke.sh

stage "desktop integration under Xvfb (SIGTERM, leftovers, restart)"
./scripts/desktop-integration.sh

stage "packages: .deb (installed into a scratch root), tar.gz, Windows .exe"
make test-package

stage "all tests passed"
