#!/usr/bin/env bash
# Write sdk/go/vendor/ from Debian's Go packages, so the SDK builds with no module proxy.
#
# Each module sdk/go/go.mod requires is a symbolic link vendor/<module> -> its copy under
# /usr/share/gocode/src (installed by `make toolchain-go`), and vendor/modules.txt lists the
# packages the SDK imports, as `go mod vendor` would. The go command then builds in vendor mode
# (the default when vendor/modules.txt exists) and never reads the module graph, which names
# modules Debian does not ship and so could not be resolved offline. Only the links and
# modules.txt are committed; run this again after changing an import or a require line.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sdk="$root/sdk/go"
gocode="${TAPE_GOCODE:-/usr/share/gocode}"
module=github.com/tape-dev/tape/sdk/go
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Go's build cache where it has one ($HOME/.cache), else a temporary one.
[ -n "$(go env GOCACHE 2>/dev/null)" ] || export GOCACHE="$work/gocache"

# path version, from go.mod's require blocks (one module a line).
mapfile -t requires < <(awk '/^require \(/{on=1; next} on && /^\)/{on=0} on && NF>=2 {print $1, $2}' "$sdk/go.mod")

rm -rf "$sdk/vendor"
mkdir -p "$sdk/vendor"
for line in "${requires[@]}"; do
    path="${line% *}"
    [ -f "$gocode/src/$path/go.mod" ] \
        || { echo "go_vendor.sh: $gocode/src/$path missing (make toolchain-go)" >&2; exit 1; }
done

# The packages the SDK and its tests import, for the systems `go mod vendor` covers most often,
# listed in GOPATH mode over a link to sdk/go (so nothing is fetched).
mkdir -p "$work/gopath/src/$(dirname "$module")"
ln -s "$sdk" "$work/gopath/src/$module"
for goos in linux darwin windows; do
    (cd "$work/gopath/src/$module" && GO111MODULE=off GOOS="$goos" GOPATH="$work/gopath:$gocode" \
        GOFLAGS= go list -e -deps -test -f '{{.ImportPath}}' ./...)
done | sort -u >"$work/packages"

{
    for line in "${requires[@]}"; do
        path="${line% *}"
        version="${line#* }"
        go_version="$(awk '$1 == "go" {print $2; exit}' "$gocode/src/$path/go.mod")"
        echo "# $path $version"
        echo "## explicit; go $go_version"
        grep -E "^$path(/|$)" "$work/packages" || true
    done
} >"$sdk/vendor/modules.txt"

for line in "${requires[@]}"; do
    path="${line% *}"
    mkdir -p "$sdk/vendor/$(dirname "$path")"
    ln -s "$gocode/src/$path" "$sdk/vendor/$path"
done
