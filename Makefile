# PenguinMails Developer Console — every command a developer or CI needs.
#   make run     install what is missing, build, and open the console
#   make test    every test: Go (vet, race), frontend (types, Vitest), e2e in Chromium, desktop smoke under Xvfb,
#                the packages
#   make bench   the benchmarks of SPEC §6, printed with their baselines side by side
#   make package the .deb, the portable tar.gz and the Windows .exe in build/dist

BIN      := build/bin/penguinmails-console
TAGS     := desktop,production,webkit2_41
# Every artifact carries the version (wails.json's productVersion) and the
# commit it was built from: --version, the About dialog and the packages.
VERSION  ?= $(shell sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
COMMIT   ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
LDFLAGS  := -s -w -X github.com/penguinmails/console/buildinfo.Version=$(VERSION) -X github.com/penguinmails/console/buildinfo.Commit=$(COMMIT)
export PATH := $(PATH):$(shell go env GOPATH)/bin

.PHONY: setup types build frontend run serve sandbox test test-go test-frontend test-e2e test-desktop test-package bench package clean

setup:
	./scripts/setup.sh

frontend:
	cd frontend && npm run build

# frontend/src/api/types.gen.ts: the TypeScript of every Go type the UI's bound
# methods take and return (scripts/tsgen); CI fails when it is out of date.
types:
	go run ./scripts/tsgen

# The same tags `wails build` uses on Linux with WebKitGTK 4.1; building with
# go directly skips the bindings step (the UI calls window.go through its own
# transport module, see frontend/src/api/transport.ts).
build: frontend
	go build -tags $(TAGS) -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

# build/dist: the .deb (nfpm), a portable tar.gz and the Windows amd64 .exe.
package: build
	VERSION=$(VERSION) COMMIT=$(COMMIT) BIN=$(BIN) LDFLAGS="$(LDFLAGS)" ./scripts/package.sh

# Checks the artifacts as a user meets them (scripts/packagecheck).
test-package: package
	cd scripts/packagecheck && PM_VERSION=$(VERSION) PM_COMMIT=$(COMMIT) go test -tags packaging -count=1 .
	VERSION=$(VERSION) ./scripts/package-launch.sh

run: setup build
	./scripts/run.sh

serve: build
	$(BIN) serve --addr 127.0.0.1:8790

sandbox: build
	$(BIN) sandbox --addr 127.0.0.1:8787 --demo-traffic

test:
	./scripts/test.sh

test-go:
	go vet ./... && go test -race -count=1 ./...

test-frontend:
	cd frontend && npm run typecheck && npm test

test-e2e: build
	cd frontend && npm run e2e

test-desktop: build
	./scripts/desktop-smoke.sh
	./scripts/desktop-integration.sh

bench:
	./scripts/bench.sh

clean:
	rm -rf build/bin build/dist frontend/dist/assets frontend/dist/index.html .artifacts
