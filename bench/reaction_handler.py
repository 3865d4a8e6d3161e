"""The reaction bench/reactions.py's workers import: records when each handler starts."""

from __future__ import annotations

import os
import time

import tape

OUT = os.environ.get("TAPE_BENCH_HANDLER_LOG", "/dev/null")


@tape.on("/tape/effect/pending/bench_tool/**", name="bench_lag", max_concurrency=64)
def record_start(envelope: tape.Envelope) -> None:
    started_ms = time.time_ns() / 1e6
    line = f"{envelope.payload['idempotency_key']} {started_ms:.3f}\n".encode()
    fd = os.open(OUT, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
