"""Outbox throughput and latency, end to end, on Postgres + Redis with 2 worker processes.

1. Throughput: N effects (default 20,000) enqueued with ``tape.enqueue_many`` (one transaction
   per 1,000, each followed by drain hints) and dispatched by a real ``celery -A tape worker``
   (prefork, 2 processes) through a no-op connector (it returns "confirmed" without any I/O,
   so this measures tape's own overhead); effects/s = N / (first enqueue -> last CONFIRMED in
   the journal). Afterwards every effect must be CONFIRMED after exactly one dispatch attempt,
   or the benchmark fails: a number from a run that sent twice would be worthless.
2. Latency at a light load: effects enqueued one at a time with ``tape.enqueue`` (journal +
   dispatch hint), p50/p99 from the enqueue call to the CONFIRMED transition's timestamp, both
   read from the journal's clock in integer milliseconds (so truncation does not bias it).
3. Raw Celery, two shapes, on the same broker and workers:
   a. one message per task: N ``bench.noop`` tasks, each published on its own;
   b. batched: ``bench.noop.chunks(..., chunk)``, Celery's own batching, one message per
      ``--chunk`` tasks (each message runs that many no-op calls in one worker process), the
      same shape as the outbox's drain hints (one per ``enqueue_many`` transaction).

Redis: the benchmark's Celery keys (and its counter) carry a key prefix of their own
(``TAPE_BROKER_KEYPREFIX``), and only keys under that prefix are deleted at the end; the
database is never flushed (other people's tests may share it).

4. The drain alone: N effects journaled while no worker runs, then the worker started; the rate
   from the first CONFIRMED to the last (journal timestamps). Beside it raw Celery's drain the
   same way: N no-op tasks published while no worker runs, first to last task run.
5. One client calling ``begin_effect`` in a loop (inline effects, so nothing is dispatched),
   beside a plain INSERT commit loop on the same database.

Targets: >= 10,000 effects/s and >= 20x raw Celery (one message per task) end to end; the
drain >= 20x raw Celery's drain; sequential ``begin_effect`` >= 1,000/s; enqueue -> CONFIRMED
p50 <= 5 ms and p99 <= 25 ms at light load.

Run: ``make bench-outbox`` (or ``python bench/outbox.py --effects 20000``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import redis  # noqa: E402
from _support import delete_keys, load_average, percentile, scratch_postgres  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

REDIS_URL = os.environ.get("TAPE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
#: Every Redis key this run creates starts with this (Celery's via TAPE_BROKER_KEYPREFIX).
KEY_PREFIX = f"tape-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}:"
COUNTER_KEY = f"{KEY_PREFIX}noop:done"


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    celery = Path(sys.executable).with_name("celery")
    proc = subprocess.Popen(
        [
            str(celery),
            "-A",
            "tape",
            "worker",
            "--concurrency=2",
            "--pool=prefork",
            "--loglevel=WARNING",
            "-n",
            f"bench-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return proc


def wait_ready(app: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0)  # type: ignore[attr-defined]
        if replies:
            return
    raise SystemExit("worker did not start; see the worker log")


def confirmed_count(journal: object, tool: str | None = None) -> int:
    from tape.enums import EffectStatus
    from tape.store import tables

    e = tables.effects
    query = select(func.count()).where(e.c.status == EffectStatus.CONFIRMED)
    if tool is not None:
        query = query.where(e.c.tool_name == tool)
    with journal.database.read() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(query).scalar_one())


def check_exactly_once(journal: object, tool: str, expected: int) -> None:
    """Fail unless every ``tool`` effect is CONFIRMED after exactly one dispatch attempt."""
    from tape.enums import EffectStatus
    from tape.store import tables

    e = tables.effects
    query = (
        select(e.c.status, e.c.dispatch_attempts, func.count())
        .where(e.c.tool_name == tool)
        .group_by(e.c.status, e.c.dispatch_attempts)
    )
    with journal.database.read() as conn:  # type: ignore[attr-defined]
        shape = {(EffectStatus(s).name, a): int(n) for s, a, n in conn.execute(query)}
    if shape != {("CONFIRMED", 1): expected}:
        raise SystemExit(
            f"FAILED: {tool} effects by (status, dispatch attempts): {shape}; expected all "
            f"{expected} CONFIRMED after exactly one attempt. The throughput figure is void."
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effects", type=int, default=20_000)
    parser.add_argument("--latency-samples", type=int, default=300)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--sequential", type=int, default=2000)
    args = parser.parse_args()

    counter = redis.Redis.from_url(REDIS_URL)
    with scratch_postgres() as url:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("TAPE_")},
            "TAPE_DATABASE_URL": url,
            "TAPE_BROKER_URL": REDIS_URL,
            "TAPE_BROKER_KEYPREFIX": KEY_PREFIX,
            "TAPE_IMPORTS": "noop_connector",
            "TAPE_DISPATCH_BATCH": "500",
            "BENCH_COUNTER_URL": REDIS_URL,
            "BENCH_COUNTER_KEY": COUNTER_KEY,
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        }
        os.environ.update(
            {
                k: env[k]
                for k in (
                    "TAPE_DATABASE_URL",
                    "TAPE_BROKER_URL",
                    "TAPE_BROKER_KEYPREFIX",
                    "BENCH_COUNTER_URL",
                    "BENCH_COUNTER_KEY",
                )
            }
        )
        import tape
        from tape import runtime

        runtime.configure(tape.config.Settings.from_env())
        journal = runtime.journal()
        app = tape.app
        import noop_connector  # the raw Celery task, for the baselines

        log = Path(os.environ.get("TMPDIR", "/tmp")) / f"tape-bench-worker-{os.getpid()}.log"
        run = journal.begin_run(
            app_name="bench",
            user_id="u",
            session_id="s",
            invocation_id="outbox",
            lease_owner="bench",
        )
        print(
            "connector: a no-op (returns confirmed with no I/O): the figures below are "
            "tape's own overhead, not an upstream's"
        )
        print(f"before: {load_average()}")
        seq_rate, floor_rate = _sequential_begin(journal, url, run.run_id, args.sequential)
        print(
            f"sequential begin_effect (one client, {args.sequential} calls): {seq_rate:,.0f}/s; "
            f"plain INSERT commit loop on the same database: {floor_rate:,.0f}/s "
            f"(ratio {seq_rate / floor_rate:.0%}); target >= 1,000/s: "
            f"{'met' if seq_rate >= 1000 else 'NOT met'}"
        )
        # The drains: journaled (or published) while no worker runs, then the worker starts.
        for start in range(0, args.effects, args.chunk):
            specs = [
                _spec(run.run_id, i, "drain")
                for i in range(start, min(args.effects, start + args.chunk))
            ]
            tape.enqueue_many(specs, journal=journal, passes=2)
        worker = start_worker(env, log)
        try:
            wait_ready(app)
            _wait_confirmed(journal, "bench_drain", args.effects, 300)
            check_exactly_once(journal, "bench_drain", args.effects)
            drain_rate = _drain_rate(journal, "bench_drain", args.effects)
        finally:
            _stop(worker)
        counter.delete(COUNTER_KEY)
        for _ in range(args.effects):
            app.send_task("bench.noop", queue="tape.reactors")
        worker = start_worker(env, log)
        try:
            wait_ready(app)
            raw_drain = _raw_drain_rate(counter, args.effects)
        finally:
            _stop(worker)
        print(
            f"drain alone ({args.effects} effects journaled before the worker started, first "
            f"CONFIRMED to last): {drain_rate:,.0f} effects/s; raw Celery drain ({args.effects} "
            f"no-op tasks published before the worker started, first to last): "
            f"{raw_drain:,.0f} tasks/s; ratio {drain_rate / raw_drain:.1f}x; target >= 20x: "
            f"{'met' if drain_rate >= 20 * raw_drain else 'NOT met'}"
        )
        worker = start_worker(env, log)
        try:
            wait_ready(app)
            # Warm up: a few effects end to end, so imports and pools are hot.
            tape.enqueue_many([_spec(run.run_id, i, "warm") for i in range(200)], journal=journal)
            _wait_confirmed(journal, "bench_warm", 200, 60)

            # 1. throughput
            t0 = time.perf_counter()
            for start in range(0, args.effects, args.chunk):
                specs = [
                    _spec(run.run_id, i, "load")
                    for i in range(start, min(args.effects, start + args.chunk))
                ]
                tape.enqueue_many(specs, journal=journal, passes=2)
            t_enqueued = time.perf_counter() - t0
            _wait_confirmed(journal, "bench_load", args.effects, 300)
            elapsed = time.perf_counter() - t0
            rate = args.effects / elapsed
            check_exactly_once(journal, "bench_load", args.effects)
            print(
                f"throughput: {args.effects} effects enqueued -> CONFIRMED in {elapsed:.2f} s "
                f"= {rate:,.0f} effects/s  (enqueue alone took {t_enqueued:.2f} s); "
                f"checked: all {args.effects} CONFIRMED after exactly 1 dispatch attempt"
            )

            # 2. latency at a light load, both ends on the journal's integer-ms clock
            now_ms = journal.database.now_ms
            lat = []
            for i in range(args.latency_samples):
                t_call = now_ms()
                effect = tape.enqueue(journal=journal, **_spec(run.run_id, i, "latency"))
                while True:
                    now = journal.get_effect(
                        run_id=run.run_id, idempotency_key=effect.idempotency_key
                    )
                    if now is not None and now.status.name == "CONFIRMED":
                        lat.append(float(now.ts_ms - t_call))
                        break
                    time.sleep(0.0005)
                time.sleep(0.01)
            lat.sort()
            print(
                f"latency (one effect at a time, enqueue -> CONFIRMED, {len(lat)} samples): "
                f"p50 {percentile(lat, 50):.1f} ms (target <= 5 ms)  p99 "
                f"{percentile(lat, 99):.1f} ms (target <= 25 ms) (both ends in the journal "
                "clock's integer ms)"
            )

            # 3. raw Celery no-op tasks on the same broker and workers, in two shapes
            def one_per_task() -> None:
                for _ in range(args.effects):
                    app.send_task("bench.noop", queue="tape.reactors")

            def batched() -> None:
                noop_connector.noop.chunks([()] * args.effects, args.chunk).apply_async(
                    queue="tape.reactors"
                )

            raw_rate = _raw_celery(counter, args.effects, "one message per task", one_per_task)
            chunk_rate = _raw_celery(
                counter,
                args.effects,
                f"Celery chunks, one message per {args.chunk} tasks",
                batched,
            )
            print(
                f"ratio: tape outbox effects/s / raw Celery tasks/s = {rate / raw_rate:.1f}x "
                f"against one message per task; {rate / chunk_rate:.1f}x against one message "
                f"per {args.chunk} tasks (tape publishes one drain hint per {args.chunk} effects)"
            )
            p50, p99 = percentile(lat, 50), percentile(lat, 99)
            print(
                f"targets: >= 10,000 effects/s: {'met' if rate >= 10_000 else 'NOT met'}; "
                f">= 20x raw Celery (one message per task): "
                f"{'met' if rate >= 20 * raw_rate else 'NOT met'}; "
                f"latency p50 <= 5 ms: {'met' if p50 <= 5 else 'NOT met'}; "
                f"p99 <= 25 ms: {'met' if p99 <= 25 else 'NOT met'}"
            )
            print(f"after: {load_average()}")
        finally:
            _stop(worker)
            journal.close()
            delete_keys(counter, KEY_PREFIX)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    os.killpg(worker.pid, 15)
    try:
        worker.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, 9)
        worker.wait()


def _sequential_begin(journal: object, url: str, run_id: str, calls: int) -> tuple[float, float]:
    """begin_effect calls/s from one client, and plain INSERT commits/s on the same database."""
    import psycopg2

    for i in range(50):  # warm
        journal.begin_effect(  # type: ignore[attr-defined]
            run_id=run_id, decision_index=2, tool_name="bench_seq_warm", call_index=i
        )
    t0 = time.perf_counter()
    for i in range(calls):
        journal.begin_effect(  # type: ignore[attr-defined]
            run_id=run_id,
            decision_index=2,
            tool_name="bench_seq",
            call_index=i,
            request_json={"n": i},
        )
    rate = calls / (time.perf_counter() - t0)
    conn = psycopg2.connect(url)
    cur = conn.cursor()
    cur.execute("CREATE TABLE bench_insert (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
    conn.commit()
    t0 = time.perf_counter()
    for i in range(calls):
        cur.execute("INSERT INTO bench_insert VALUES (%s, %s)", (f"k-{i}", '{"n":1}'))
        conn.commit()
    floor = calls / (time.perf_counter() - t0)
    conn.close()
    return rate, floor


def _drain_rate(journal: object, tool: str, count: int) -> float:
    """Effects/s from the first CONFIRMED to the last, on the journal's clock."""
    from tape.store import tables

    e = tables.effects
    with journal.database.read() as conn:  # type: ignore[attr-defined]
        first, last = conn.execute(
            select(func.min(e.c.ts_ms), func.max(e.c.ts_ms)).where(e.c.tool_name == tool)
        ).one()
    return (count - 1) / max((last - first) / 1000, 0.001)


def _raw_drain_rate(client: redis.Redis, tasks: int) -> float:
    """Tasks/s from the first no-op task run to the last (the counter, polled)."""
    deadline = time.monotonic() + 600
    while int(client.get(COUNTER_KEY) or 0) == 0 and time.monotonic() < deadline:
        time.sleep(0.002)
    t_first = time.perf_counter()
    while int(client.get(COUNTER_KEY) or 0) < tasks and time.monotonic() < deadline:
        time.sleep(0.002)
    done = int(client.get(COUNTER_KEY) or 0)
    if done != tasks:
        raise SystemExit(f"FAILED: raw Celery drain ran {done} of {tasks} tasks")
    return (tasks - 1) / (time.perf_counter() - t_first)


def _raw_celery(client: redis.Redis, tasks: int, shape: str, publish: object) -> float:
    """Publish ``tasks`` no-op tasks with ``publish()``; tasks/s until the last one ran."""
    client.delete(COUNTER_KEY)
    t0 = time.perf_counter()
    publish()  # type: ignore[operator]
    t_sent = time.perf_counter() - t0
    deadline = time.monotonic() + 600
    while int(client.get(COUNTER_KEY) or 0) < tasks and time.monotonic() < deadline:
        time.sleep(0.05)
    elapsed = time.perf_counter() - t0
    done = int(client.get(COUNTER_KEY) or 0)
    if done != tasks:
        raise SystemExit(f"FAILED: raw Celery ({shape}) ran {done} of {tasks} tasks")
    rate = done / elapsed
    print(
        f"raw Celery ({shape}): {tasks} no-op tasks in {elapsed:.2f} s "
        f"= {rate:,.0f} tasks/s (publishing alone took {t_sent:.2f} s)"
    )
    return rate


def _spec(run_id: str, i: int, tag: str) -> dict[str, object]:
    return {
        "run_id": run_id,
        "decision_index": 0,
        "tool_name": f"bench_{tag}",
        "call_index": i,
        "semantics": "NON_IDEMPOTENT",
        "connector": "noop",
        "request_json": {"n": i},
    }


def _wait_confirmed(journal: object, tool: str, target: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while confirmed_count(journal, tool) < target:
        if time.monotonic() > deadline:
            raise SystemExit(
                f"FAILED: only {confirmed_count(journal, tool)} of {target} {tool} effects "
                f"CONFIRMED in {timeout}s"
            )
        time.sleep(0.02)


if __name__ == "__main__":
    main()
