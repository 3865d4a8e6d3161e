"""Reactions the acceptance tests' workers import (``TAPE_IMPORTS``).

Each handler appends one JSON line per call to ``$TAPE_TEST_REACTION_LOG/<name>.jsonl``
(``O_APPEND`` lines, so several worker processes can write one file).
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import tape

LOG_DIR = os.environ.get("TAPE_TEST_REACTION_LOG", "")
STREAM = os.environ.get("TAPE_TEST_STREAM", "tape-test-stream")


def record(name: str, **fields: Any) -> None:
    if not LOG_DIR:
        return
    line = json.dumps({"pid": os.getpid(), **fields}) + "\n"
    fd = os.open(os.path.join(LOG_DIR, f"{name}.jsonl"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


@tape.on_effect_confirmed("wire", name="ledger", max_concurrency=8)
def ledger(envelope: tape.Envelope) -> None:
    record("ledger", task_id=envelope.task_id, seq=envelope.source_global_seq)


@tape.on_value_change("fail", name="always_fails", dlq_after_n=3, retry_backoff_ms=200)
def always_fails(envelope: tape.Envelope) -> None:
    raise RuntimeError("ledger service down")


@tape.on_value_change("serial", name="serial", max_concurrency=1)
def serial(envelope: tape.Envelope) -> None:
    start = time.time()
    time.sleep(0.05)
    record("serial", start=start, end=time.time())


@tape.on_value_change("rate", name="limited", rate_limit_per_s=5, max_concurrency=4)
def limited(envelope: tape.Envelope) -> None:
    record("limited", start=time.time())


@tape.on_value_change("debounce", name="debounced", debounce_ms=3000)
def debounced(envelope: tape.Envelope) -> None:
    record("debounced", key=envelope.subject, version=envelope.payload["version"])


tape.on("/tape/value/changed/pub/**", name="to_stream", publish=f"redis-stream:{STREAM}")
