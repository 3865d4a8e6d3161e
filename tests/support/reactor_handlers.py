"""Counting handlers for real worker processes: ``TAPE_IMPORTS=tests.support.reactor_handlers``.

Every call is counted in Redis (``COUNT_REDIS_URL``, keys prefixed with ``COUNT_PREFIX``: a
database other tests do not flush, and a prefix of this test's own), so a test can prove
that two beats and racing passes never did the same work twice:

- compensator ``count_inverse(item, sleep_s=0, block_first=False)``: ``started``/``done``
  hashes by item; while it sleeps, ``inflight`` holds ``<item>:<pid>``. With ``block_first``
  its first call for an item never returns: ``blocked`` holds ``<item>:<pid>`` and it waits to
  be SIGKILLed (later calls complete);
- connector ``count.upstream`` (outbox effects whose request is ``{"item": ...}``): counts
  ``dispatched`` and ``observed`` by item; every send is confirmed (or, with ``"lose_ack":
  true`` in the request, lands but answers ``unknown``), every observation finds it;
- timer handler ``count_timer``: the ``timers`` hash by timer id;
- a re-drive standing in for the agent layer: counts ``redrives`` by run, takes the lease over
  from recovery, then, if the run's input names a ``gate``, awaits it (its resolution goes to
  the ``resolutions`` hash) and ends the run TERMINAL.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import redis

from tape import EffectRecord, Journal, RunState, RunStatus, TimerRecord, connectors, registry
from tape.reactors import recover

_client: tuple[int, Counts] | None = None


class Counts:
    """The few Redis commands used here, on keys under ``COUNT_PREFIX``."""

    def __init__(self, url: str, prefix: str) -> None:
        self.r = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix

    def hincrby(self, key: str, field: str, n: int = 1) -> int:
        return int(self.r.hincrby(f"{self.prefix}:{key}", field, n))

    def hset(self, key: str, field: str, value: str) -> None:
        self.r.hset(f"{self.prefix}:{key}", field, value)

    def hget(self, key: str, field: str) -> str | None:
        return self.r.hget(f"{self.prefix}:{key}", field)  # type: ignore[return-value]

    def hgetall(self, key: str) -> dict[str, str]:
        return self.r.hgetall(f"{self.prefix}:{key}")  # type: ignore[return-value]

    def set(self, key: str, value: str) -> None:
        self.r.set(f"{self.prefix}:{key}", value)

    def get(self, key: str) -> str | None:
        return self.r.get(f"{self.prefix}:{key}")  # type: ignore[return-value]

    def delete(self, key: str) -> None:
        self.r.delete(f"{self.prefix}:{key}")

    def close(self) -> None:
        self.r.close()


def counts() -> Counts:
    """This process's counter client (made again in a forked child)."""
    global _client
    if _client is None or _client[0] != os.getpid():
        _client = (os.getpid(), Counts(os.environ["COUNT_REDIS_URL"], os.environ["COUNT_PREFIX"]))
    return _client[1]


def count_inverse(
    item: str, sleep_s: float = 0.0, block_first: bool = False, **_: Any
) -> dict[str, Any]:
    r = counts()
    if r.hincrby("started", item, 1) == 1 and block_first:
        r.set("blocked", f"{item}:{os.getpid()}")
        while True:  # until the test SIGKILLs this process (or the task's hard time limit)
            time.sleep(1)
    if sleep_s:
        r.set("inflight", f"{item}:{os.getpid()}")
        time.sleep(sleep_s)
        r.delete("inflight")
    r.hincrby("done", item, 1)
    return {"ok": True, "item": item}


class CountingUpstream:
    """An upstream that counts every call by the effect's ``item`` (module docstring)."""

    name = "count.upstream"

    def dispatch(self, effect: EffectRecord) -> connectors.DispatchResult:
        request = json.loads(effect.request_json)
        counts().hincrby("dispatched", request["item"], 1)
        if request.get("lose_ack"):
            return connectors.DispatchResult("unknown", error={"reason": "ack lost"})
        return connectors.DispatchResult("confirmed", external_ref=f"sent-{request['item']}")

    def observe(self, effect: EffectRecord) -> connectors.ObservationResult:
        item = json.loads(effect.request_json)["item"]
        counts().hincrby("observed", item, 1)
        return connectors.ObservationResult("confirmed", external_ref=f"seen-{item}")

    def compensate(self, obligation: Any) -> connectors.CompensationResult:
        raise NotImplementedError


def count_timer(journal: Journal, timer: TimerRecord) -> str:
    counts().hincrby("timers", timer.timer_id, 1)
    return "counted"


def redrive(journal: Journal, run: RunState, owner: str) -> None:
    counts().hincrby("redrives", run.run_id, 1)
    taken = journal.resume_run(
        run_id=run.run_id,
        lease_owner=f"agent:{os.getpid()}",
        lease_epoch=run.lease_epoch,
        takeover_from=owner,
    )
    gate = json.loads(run.input_json or "{}").get("gate", "")
    if gate:
        got = journal.await_signal(run_id=run.run_id, gate_name=gate, lease_epoch=taken.lease_epoch)
        if not got.delivered:
            return  # parked WAITING; the gate's answer makes it recoverable again
        counts().hset("resolutions", run.run_id, got.resolution_json)
    journal.end_run(run_id=run.run_id, status=RunStatus.TERMINAL, lease_epoch=taken.lease_epoch)


registry.register_compensator("count_inverse", count_inverse)
registry.register_timer_handler("count_timer", count_timer)
if os.environ.get("COUNT_REDIS_URL"):
    recover.set_redrive(redrive)
    connectors.register(CountingUpstream())
