"""Peers side by side: the same work through tape, DBOS and procrastinate, same Postgres, same run.

The work: N one-step durable units, each making one idempotent call (an in-process no-op
that counts the calls it gets). Each system gets a fresh database on the same Postgres server
and runs in this process, the way its own docs start it:

- tape: ``tape.enqueue_many`` (one transaction per 1,000) then outbox passes
  (``tape.reactors.outbox.drain``, no Celery) through a connector that makes the call;
- DBOS: a ``@DBOS.workflow`` with one ``@DBOS.step`` that makes the call, enqueued on a DBOS
  queue (polled every 10 ms) and awaited; and, as ``DBOS-direct``, started with
  ``DBOS.start_workflow`` (its thread pool, no queue) and awaited;
- procrastinate: an async task that makes the call, ``batch_defer`` in batches of 1,000, then a
  worker (``wait=False``, concurrency 8) until the queue is empty.

units/s = N / (first enqueue -> last unit done). Every system must have made exactly N calls,
one per unit, or the benchmark fails. The peers live in their own venv (``make bench-peers``
creates .cache/peers-venv); they are never tape dependencies.

Run: ``make bench-peers`` (or ``.cache/peers-venv/bin/python bench/peers.py --units 2000``).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager

sys.path.insert(0, os.path.dirname(__file__))

from _support import scratch_postgres

CHUNK = 1000


class Calls:
    """The idempotent upstream: counts calls per unit id (thread-safe)."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    def call(self, unit: str) -> None:
        with self._lock:
            self.seen[unit] += 1

    def check(self, system: str, units: int) -> None:
        doubles = sum(1 for n in self.seen.values() if n != 1)
        if len(self.seen) != units or doubles:
            raise SystemExit(
                f"FAILED: {system} made calls for {len(self.seen)} of {units} units, "
                f"{doubles} of them more than once"
            )


def run_tape(url: str, units: int) -> float:
    import tape
    from tape import connectors, migrations
    from tape.connectors import DispatchResult
    from tape.reactors import outbox

    calls = Calls()

    class Upstream:
        name = "peer_noop"

        def dispatch(self, effect: object) -> DispatchResult:
            calls.call(effect.idempotency_key)  # type: ignore[attr-defined]
            return DispatchResult("confirmed")

        def observe(self, effect: object) -> object:
            raise NotImplementedError

        def compensate(self, obligation: object) -> object:
            raise NotImplementedError

    connectors.register(Upstream())
    migrations.upgrade(url)
    journal = tape.Journal(url)
    run = journal.begin_run(
        app_name="peers", user_id="u", session_id="s", invocation_id="peers", lease_owner="b"
    )
    options = outbox.OutboxOptions(claimer="peers", connector="peer_noop", limit=500)
    t0 = time.perf_counter()
    for start in range(0, units, CHUNK):
        journal.begin_effects(
            [
                {
                    "run_id": run.run_id,
                    "decision_index": 0,
                    "tool_name": "call",
                    "call_index": i,
                    "semantics": "NON_IDEMPOTENT",
                    "dispatch_mode": "OUTBOX",
                    "connector": "peer_noop",
                }
                for i in range(start, min(units, start + CHUNK))
            ]
        )
    while len(calls.seen) < units:
        outbox.drain(journal, options, budget_s=60)
    elapsed = time.perf_counter() - t0
    journal.close()
    calls.check("tape", units)
    return units / elapsed


def run_dbos(url: str, units: int, *, queued: bool = True) -> float:
    from dbos import DBOS, DBOSConfig

    calls = Calls()
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    config: DBOSConfig = {"name": "peers", "system_database_url": url, "log_level": "WARNING"}
    DBOS(config=config)

    @DBOS.step()
    def call(unit: str) -> None:
        calls.call(unit)

    @DBOS.workflow()
    def one_unit(unit: str) -> None:
        call(unit)

    DBOS.launch()
    try:
        t0 = time.perf_counter()
        if queued:
            queue = DBOS.register_queue("peers", polling_interval_sec=0.01)
            handles = [queue.enqueue(one_unit, f"u-{i}") for i in range(units)]
        else:
            handles = [DBOS.start_workflow(one_unit, f"u-{i}") for i in range(units)]
        for handle in handles:
            handle.get_result(polling_interval_sec=0.01)
        elapsed = time.perf_counter() - t0
    finally:
        DBOS.destroy()
    calls.check("DBOS", units)
    calls.seen.clear()
    return units / elapsed


def run_procrastinate(url: str, units: int) -> float:
    import procrastinate

    calls = Calls()
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))

    @app.task(name="one_unit")
    async def one_unit(unit: str) -> None:
        calls.call(unit)

    with app.open():
        app.schema_manager.apply_schema()
        t0 = time.perf_counter()
        for start in range(0, units, CHUNK):
            one_unit.batch_defer(
                *({"unit": f"u-{i}"} for i in range(start, min(units, start + CHUNK)))
            )
    app.run_worker(wait=False, concurrency=8, install_signal_handlers=False, delete_jobs="never")
    elapsed = time.perf_counter() - t0
    calls.check("procrastinate", units)
    return units / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    args = parser.parse_args()
    systems: list[tuple[str, Callable[[str, int], float]]] = [
        ("tape", run_tape),
        ("DBOS", run_dbos),
        ("DBOS-direct", lambda url, n: run_dbos(url, n, queued=False)),
        ("procrastinate", run_procrastinate),
    ]
    rates: dict[str, float] = {}
    for name, run in systems:
        scratch: AbstractContextManager[str] = scratch_postgres(f"tape_peers_{name.lower()}")
        with scratch as url:
            rates[name] = run(url, args.units)
        print(
            f"{name:14s} {args.units} one-step units in this process: {rates[name]:8,.0f} units/s"
        )
    for name in ("DBOS", "DBOS-direct", "procrastinate"):
        print(f"ratio tape / {name}: {rates['tape'] / rates[name]:.1f}x")


if __name__ == "__main__":
    main()
