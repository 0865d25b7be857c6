#!/usr/bin/env bash
# Builds the console's packages from the desktop binary `make build` made:
#   build/dist/penguinmails-console_<version>_amd64.deb        (nfpm)
#   build/dist/penguinmails-console-<version>-linux-amd64.tar.gz
#   build/dist/penguinmails-console-<version>-windows-amd64.exe (CGO off; Wails uses WebView2 there)
#   build/dist/SHA256SUMS
# Run it through `make package`, which passes VERSION, COMMIT, BIN and LDFLAGS
# so every artifact names the same build.
set -euo pipefail
umask 022
cd "$(dirname "$0")/.."

: "${VERSION:?set by make package}" "${COMMIT:?set by make package}" "${BIN:?set by make package}" "${LDFLAGS:?set by make package}"
NFPM_VERSION=v2.45.2
WINRES_VERSION=v0.3.3
DIST=build/dist
STAGE=$DIST/stage # build/linux/nfpm.yaml reads from here
ICON_SIZES=(16 24 32 48 64 128 256 512)

# A binary without the Wails tags has no window; refuse to package one.
if ! "$BIN" --version | grep -q "commit $COMMIT"; then
  echo "package: $BIN is not this build (want commit $COMMIT); run make package" >&2
  exit 1
fi

rm -rf "$DIST"
mkdir -p "$STAGE"

echo "package: icons in the hicolor sizes"
for s in "${ICON_SIZES[@]}"; do
  d=$STAGE/icons/hicolor/${s}x${s}/apps
  mkdir -p "$d"
  convert build/appicon.png -resize "${s}x${s}" -depth 8 -strip "$d/penguinmails-console.png"
done

echo "package: .deb with nfpm $NFPM_VERSION"
cp "$BIN" "$STAGE/penguinmails-console"
PM_VERSION=$VERSION go run "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION" package \
  --config build/linux/nfpm.yaml --packager deb --target "$DIST/"

echo "package: portable tar.gz"
tarname=penguinmails-console-$VERSION-linux-amd64
mkdir -p "$STAGE/$tarname"
cp "$BIN" "$STAGE/$tarname/penguinmails-console"
cp build/linux/penguinmails-console.desktop build/linux/com.penguinmails.Console.metainfo.xml "$STAGE/$tarname/"
cp -r "$STAGE/icons" "$STAGE/$tarname/icons"
cp build/linux/INSTALL.txt "$STAGE/$tarname/"
tar -C "$STAGE" --owner=0 --group=0 -czf "$DIST/$tarname.tar.gz" "$tarname"

echo "package: Windows amd64 .exe (cross-compiled, CGO off, icon and version resource by go-winres $WINRES_VERSION)"
# go build links every *_windows_amd64.syso of the main package: the icon,
# the version shown in Explorer's Properties, and a GUI manifest (common
# controls v6, per-monitor DPI) that WebView2 windows want.
go run "github.com/tc-hib/go-winres@$WINRES_VERSION" simply --arch amd64 --out "$STAGE/rsrc" \
  --icon build/appicon.png --manifest gui --product-name "PenguinMails Developer Console" \
  --file-description "PenguinMails Developer Console $VERSION (commit $COMMIT)" \
  --product-version "$VERSION" --file-version "$VERSION" --original-filename penguinmails-console.exe \
  --copyright "PenguinMails"
trap 'rm -f rsrc_windows_amd64.syso' EXIT
cp "$STAGE/rsrc_windows_amd64.syso" rsrc_windows_amd64.syso
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -tags desktop,production -trimpath \
  -ldflags "$LDFLAGS -H windowsgui" -o "$DIST/penguinmails-console-$VERSION-windows-amd64.exe" .
rm -f rsrc_windows_amd64.syso

rm -rf "$STAGE"
(cd "$DIST" && sha256sum -- *.deb *.tar.gz *.exe >SHA256SUMS)
echo "package: done"
ls -l "$DIST"
