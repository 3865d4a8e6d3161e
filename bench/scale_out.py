"""Scale-out: outbox effects/s with 1, 2 and 4 worker nodes against one Postgres.

A node is a separate ``celery -A tape worker -n nodeK@%h`` process with its own prefork pool
(``--concurrency`` each, default 2), as on separate machines; all share one Postgres and one
Redis. For each node count, on a fresh database:

1. the nodes start and answer a ping;
2. ``--effects`` outbox effects (default 20,000, no-op connector: ``bench/noop_connector.py``)
   are journaled with ``begin_effects`` (1,000 per transaction, no hints: nothing is
   dispatched yet);
3. one outbox-pass message per pool process is published, and the clock starts (the journal's
   clock); effects/s = N / (start -> the last CONFIRMED transition, journal timestamps).

Every effect must end CONFIRMED after exactly one dispatch attempt, or the benchmark fails.
It prints effects/s per node count, the 1-node figure as the baseline and each ratio to it,
and the load average. On one machine the nodes share its cores: past the core count a node
adds contention, not capacity; docs/scaling.md reads the figures.

Run: ``make bench-scale-out`` (or ``python bench/scale_out.py --nodes 1,2,4``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import redis  # noqa: E402
from _support import (  # noqa: E402
    delete_keys,
    load_average,
    scratch_postgres,
    start_celery,
    stop_all,
)
from sqlalchemy import func, select  # noqa: E402

REDIS_URL = os.environ.get("TAPE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
KEY_PREFIX = f"tape-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}:"
CHUNK = 1000


def start_node(env: dict[str, str], log: Path, k: int, concurrency: int) -> subprocess.Popen[bytes]:
    return start_celery(
        env, log, "worker", f"--concurrency={concurrency}", "--pool=prefork",
        "-n", f"node{k}-{os.getpid()}@%h", "-Q", "tape.reactors",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    )  # fmt: skip


def _shape(journal: object) -> dict[tuple[str, int], int]:
    from tape.enums import EffectStatus
    from tape.store import tables

    e = tables.effects
    query = select(e.c.status, e.c.dispatch_attempts, func.count()).group_by(
        e.c.status, e.c.dispatch_attempts
    )
    with journal.database.read() as conn:  # type: ignore[attr-defined]
        return {(EffectStatus(s).name, int(a)): int(n) for s, a, n in conn.execute(query)}


def _last_confirmed_ms(journal: object) -> int:
    from tape.store import tables

    j = tables.journal
    query = select(func.max(j.c.ts_ms)).where(j.c.subject.like("/tape/effect/confirmed/%"))
    with journal.database.read() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(query).scalar_one())


def measure(nodes: int, effects: int, concurrency: int, tmp: Path) -> float:
    """Effects/s of ``nodes`` nodes draining ``effects`` journaled outbox effects."""
    import tape
    from tape import queues, runtime

    with scratch_postgres(f"tape_bench_scale_out_{nodes}") as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")} | {
            "TAPE_DATABASE_URL": url,
            "TAPE_BROKER_URL": REDIS_URL,
            "TAPE_BROKER_KEYPREFIX": KEY_PREFIX,
            "TAPE_IMPORTS": "noop_connector",
            "TAPE_DISPATCH_BATCH": "500",
            "BENCH_COUNTER_URL": REDIS_URL,
            "BENCH_COUNTER_KEY": f"{KEY_PREFIX}noop:done",
            "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parent)]),
        }
        os.environ.update(env)
        runtime.configure(tape.config.Settings.from_env())
        journal = runtime.journal()
        app = tape.app
        procs = [
            start_node(env, tmp / f"n{nodes}-node{k}.log", k, concurrency)
            for k in range(1, nodes + 1)
        ]
        try:
            deadline = time.monotonic() + 90
            while len(app.control.ping(timeout=1.0)) < nodes:
                if time.monotonic() > deadline:
                    raise SystemExit(f"not every node started; logs in {tmp}")
            run = journal.begin_run(
                app_name="bench", user_id="u", session_id="s", invocation_id="scale-out",
                lease_owner="bench",
            )  # fmt: skip
            for start in range(0, effects, CHUNK):
                journal.begin_effects(
                    [
                        {
                            "run_id": run.run_id,
                            "decision_index": 0,
                            "tool_name": "bench_out",
                            "call_index": i,
                            "semantics": "NON_IDEMPOTENT",
                            "dispatch_mode": "OUTBOX",
                            "connector": "noop",
                            "request_json": {"n": i},
                        }
                        for i in range(start, min(effects, start + CHUNK))
                    ]
                )
            started_ms = journal.database.now_ms()
            for _ in range(nodes * concurrency):  # one pass per pool process
                app.send_task(queues.PASS_TASK_PREFIX + "outbox", queue=queues.REACTORS_QUEUE)
            deadline = time.monotonic() + 300
            while (shape := _shape(journal)).get(("CONFIRMED", 1), 0) < effects:
                if time.monotonic() > deadline:
                    raise SystemExit(f"FAILED: effects by (status, attempts) {shape}; logs {tmp}")
                time.sleep(0.05)
            if shape != {("CONFIRMED", 1): effects}:
                raise SystemExit(
                    f"FAILED: effects by (status, dispatch attempts) {shape}; expected all "
                    f"{effects} CONFIRMED after exactly one attempt"
                )
            elapsed_ms = max(1, _last_confirmed_ms(journal) - started_ms)
        finally:
            stop_all(procs)
            journal.close()
    return effects / (elapsed_ms / 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", default="1,2,4", help="node counts, comma-separated")
    parser.add_argument("--effects", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=2, help="pool processes per node")
    args = parser.parse_args()
    counts = [int(n) for n in args.nodes.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="tape-bench-scale-out-"))
    print(f"before: {load_average()}")
    rates: dict[int, float] = {}
    try:
        for nodes in counts:
            rates[nodes] = measure(nodes, args.effects, args.concurrency, tmp)
            print(
                f"{nodes} node(s) x {args.concurrency} processes, one Postgres: "
                f"{rates[nodes]:8,.0f} effects/s  ({args.effects} effects, each CONFIRMED "
                f"after exactly one attempt)   {load_average()}"
            )
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        delete_keys(client, KEY_PREFIX)
        client.close()
    base = rates[counts[0]]
    for nodes in counts[1:]:
        print(
            f"ratio {nodes} nodes / {counts[0]} node(s): {rates[nodes] / base:.2f}x "
            f"(baseline {base:,.0f} effects/s)"
        )
    print(f"after: {load_average()}")


if __name__ == "__main__":
    main()
