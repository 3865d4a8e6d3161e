#!/usr/bin/env bash
# Generate the Python stubs of proto/tape/v1/tape.proto into tape/rpc/v1/ (committed; never
# edit them by hand). Uses the venv's grpcio-tools (pinned in pyproject's dev extra, so a
# regeneration gives byte-identical files; tests/unit/test_proto_stubs.py checks that).
#
# Only the messages and the service descriptor (tape_pb2): the server registers its handlers
# from the descriptor (tape/rpc/server.py) and the client builds its calls the same way, so
# grpc_python_out's servicer/stub module would be imported by nothing.
#
#   scripts/gen_proto.sh            write tape/rpc/v1/tape_pb2.py and tape_pb2.pyi, copy the
#                                   proto into sdk/typescript/proto/ (tape-ts ships it), and
#                                   regenerate the Go and Java SDKs' stubs (scripts/gen_proto_go.sh,
#                                   scripts/gen_proto_java.sh)
#   scripts/gen_proto.sh OUT_DIR    write the stubs into OUT_DIR instead (the test's comparison)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
out="${1:-$root/tape/rpc/v1}"
# Only a real regeneration (no OUT_DIR) refreshes the TypeScript package's copy.
refresh_sdk_copy=$([ $# -eq 0 ] && echo yes || echo no)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$python" -m grpc_tools.protoc -I "$root/proto" \
    --python_out="$work" --pyi_out="$work" \
    "$root/proto/tape/v1/tape.proto"

mkdir -p "$out"
cp "$work/tape/v1/tape_pb2.py" "$out/tape_pb2.py"
cp "$work/tape/v1/tape_pb2.pyi" "$out/tape_pb2.pyi"

if [ "$refresh_sdk_copy" = yes ]; then
    mkdir -p "$root/sdk/typescript/proto/tape/v1"
    cp "$root/proto/tape/v1/tape.proto" "$root/sdk/typescript/proto/tape/v1/tape.proto"
fi
if [ "$refresh_sdk_copy" = yes ]; then "$root/scripts/gen_proto_go.sh"; fi
if [ "$refresh_sdk_copy" = yes ]; then "$root/scripts/gen_proto_java.sh"; fi
