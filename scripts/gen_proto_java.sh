#!/usr/bin/env bash
# Generate the Java stubs of proto/tape/v1/tape.proto into sdk/java/src/main/java/dev/tape/proto/
# (committed; never edit them by hand). Uses Debian's protoc (protobuf-compiler 3.21.12, the
# version of the libprotobuf-java runtime the SDK builds against) and grpc_java_plugin
# (protobuf-compiler-grpc-java-plugin 1.41.3, the version of libgrpc-java), so a regeneration
# gives byte-identical files; tests/integration/test_java_sdk.py checks that.
#
#   scripts/gen_proto_java.sh            replace sdk/java/src/main/java/dev/tape/proto/
#   scripts/gen_proto_java.sh OUT_DIR    write OUT_DIR/dev/tape/proto/ instead (the test's comparison)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
protoc="${PROTOC:-protoc}"
plugin="${GRPC_JAVA_PLUGIN:-/usr/bin/grpc_java_plugin}"
out="${1:-$root/sdk/java/src/main/java}"
want="libprotoc 3.21.12"
have="$("$protoc" --version 2>/dev/null || true)"
if [ "$have" != "$want" ]; then
    echo "gen_proto_java.sh: needs $want (Debian's protobuf-compiler), found '${have:-no protoc}'" >&2
    exit 1
fi
if [ ! -x "$plugin" ]; then
    echo "gen_proto_java.sh: needs $plugin (protobuf-compiler-grpc-java-plugin): make toolchain-java" >&2
    exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$protoc" -I "$root/proto" \
    --java_out="$work" \
    --plugin=protoc-gen-grpc-java="$plugin" --grpc-java_out="$work" \
    "$root/proto/tape/v1/tape.proto"

mkdir -p "$out/dev/tape"
rm -rf "$out/dev/tape/proto"
cp -r "$work/dev/tape/proto" "$out/dev/tape/proto"
