"""What the outbox benchmark's workers import (TAPE_IMPORTS): a connector that confirms at
once, and a raw Celery no-op task to compare with."""

from __future__ import annotations

import os

import redis

from tape import connectors
from tape.celery_app import app
from tape.connectors import DispatchResult
from tape.records import EffectRecord


class NoopConnector:
    name = "noop"

    def dispatch(self, effect: EffectRecord) -> DispatchResult:
        return DispatchResult("confirmed", external_ref=effect.idempotency_key[-12:])

    def observe(self, effect: EffectRecord) -> object:
        raise NotImplementedError

    def compensate(self, obligation: object) -> object:
        raise NotImplementedError


connectors.register(NoopConnector())

_counter = redis.Redis.from_url(os.environ.get("BENCH_COUNTER_URL", "redis://127.0.0.1:6379/14"))
#: Set by bench/outbox.py under its own key prefix, so runs never share (or flush) a counter.
_counter_key = os.environ.get("BENCH_COUNTER_KEY", "tape-bench:noop:done")


@app.task(name="bench.noop", ignore_result=True)
def noop() -> None:
    _counter.incr(_counter_key)
