#!/bin/sh
# Brings the journal schema to head, then runs the container's command.
# `tape migrate` is idempotent. Set TAPE_SKIP_MIGRATE=1 to skip it (compose does,
# for processes started after its one-shot `migrate` service).
set -eu

if [ "${TAPE_SKIP_MIGRATE:-0}" != "1" ] && ! { [ "${1:-}" = "tape" ] && [ "${2:-}" = "migrate" ]; }; then
    tape migrate
fi

exec "$@"
