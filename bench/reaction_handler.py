"""The reaction bench/reactions.py's workers import: records when each handler starts; and
the raw Celery task of its baseline, which records the same."""

from __future__ import annotations

import os
import time

import tape
from tape.celery_app import app

OUT = os.environ.get("TAPE_BENCH_HANDLER_LOG", "/dev/null")
RAW_OUT = os.environ.get("TAPE_BENCH_RAW_LOG", "/dev/null")


def _record(path: str, key: str) -> None:
    line = f"{key} {time.time_ns() / 1e6:.3f}\n".encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


@tape.on("/tape/effect/pending/bench_tool/**", name="bench_lag", max_concurrency=64)
def record_start(envelope: tape.Envelope) -> None:
    _record(OUT, envelope.payload["idempotency_key"])


@app.task(name="bench.lag", ignore_result=True)
def raw_start(key: str) -> None:
    """The baseline: a plain Celery task published right after the row's commit."""
    _record(RAW_OUT, key)
