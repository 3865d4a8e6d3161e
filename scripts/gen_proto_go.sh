#!/usr/bin/env bash
# Generate the Go stubs of proto/tape/v1/tape.proto into sdk/go/tapepb/ (committed; never edit
# them by hand). The import path comes from the proto's go_package option.
#
# The generators are the ones matching the runtime the SDK builds against (sdk/go/go.mod):
# protoc-gen-go is built from Debian's google.golang.org/protobuf source (the same tree
# sdk/go/vendor/ links to), and protoc-gen-go-grpc is Debian's (golang-google-grpc 1.33.3).
# Debian's /usr/bin/protoc-gen-go is the old APIv1 generator (v1.3.5), which refuses the
# proto's `optional` fields, so it is not used. With the same protoc (Debian's 3.21.12) a
# regeneration gives byte-identical files; tests/integration/test_go_sdk.py checks that.
#
#   scripts/gen_proto_go.sh            write sdk/go/tapepb/tape.pb.go and tape_grpc.pb.go
#   scripts/gen_proto_go.sh OUT_DIR    write them into OUT_DIR instead (the test's comparison)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/sdk/go/tapepb}"
gocode="${TAPE_GOCODE:-/usr/share/gocode}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Go's build cache where it has one ($HOME/.cache), else a temporary one.
[ -n "$(go env GOCACHE 2>/dev/null)" ] || export GOCACHE="$work/gocache"

for tool in go protoc protoc-gen-go-grpc; do
    command -v "$tool" >/dev/null \
        || { echo "gen_proto_go.sh: $tool not found (make toolchain-go)" >&2; exit 1; }
done

# GOPATH mode over Debian's source tree: no module proxy, no network.
GO111MODULE=off GOPATH="$gocode" GOFLAGS= \
    go build -o "$work/protoc-gen-go" google.golang.org/protobuf/cmd/protoc-gen-go

module=github.com/tape-dev/tape/sdk/go
protoc -I "$root/proto" \
    --plugin=protoc-gen-go="$work/protoc-gen-go" \
    --plugin=protoc-gen-go-grpc="$(command -v protoc-gen-go-grpc)" \
    --go_out="$work" --go_opt=module="$module" \
    --go-grpc_out="$work" --go-grpc_opt=module="$module" \
    "$root/proto/tape/v1/tape.proto"

mkdir -p "$out"
cp "$work/tapepb/tape.pb.go" "$out/tape.pb.go"
cp "$work/tapepb/tape_grpc.pb.go" "$out/tape_grpc.pb.go"
