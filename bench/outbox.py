"""Outbox throughput and latency, end to end, on Postgres + Redis with 2 worker processes.

1. Throughput: N effects (default 20,000) enqueued with ``tape.enqueue_many`` (one transaction
   per 1,000, each followed by drain hints) and dispatched by a real ``celery -A tape worker``
   (prefork, 2 processes) through a no-op connector; effects/s = N / (first enqueue -> last
   CONFIRMED in the journal).
2. Latency at a light load: effects enqueued one at a time with ``tape.enqueue`` (journal +
   dispatch hint), p50/p99 from the enqueue call to the CONFIRMED transition's timestamp.
3. Raw Celery: N no-op tasks on the same broker and workers; tasks/s and the ratio.

Targets (issue "Celery engine"): >= 10,000 effects/s, >= 10x raw Celery, p50 <= 5 ms.

Run: ``make bench-outbox`` (or ``python bench/outbox.py --effects 20000``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import redis  # noqa: E402
from _support import percentile, scratch_postgres  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

REDIS_URL = os.environ.get("TAPE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


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


def confirmed_count(journal: object) -> int:
    from tape.enums import EffectStatus
    from tape.store import tables

    e = tables.effects
    with journal.database.read() as conn:  # type: ignore[attr-defined]
        return int(
            conn.execute(
                select(func.count()).where(e.c.status == EffectStatus.CONFIRMED)
            ).scalar_one()
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effects", type=int, default=20_000)
    parser.add_argument("--latency-samples", type=int, default=300)
    parser.add_argument("--chunk", type=int, default=1000)
    args = parser.parse_args()

    counter = redis.Redis.from_url(REDIS_URL)
    counter.flushdb()
    with scratch_postgres() as url:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("TAPE_")},
            "TAPE_DATABASE_URL": url,
            "TAPE_BROKER_URL": REDIS_URL,
            "TAPE_IMPORTS": "noop_connector",
            "TAPE_DISPATCH_BATCH": "500",
            "BENCH_COUNTER_URL": REDIS_URL,
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        }
        os.environ.update({k: env[k] for k in ("TAPE_DATABASE_URL", "TAPE_BROKER_URL")})
        import tape
        from tape import runtime

        runtime.configure(tape.config.Settings.from_env())
        journal = runtime.journal()
        app = tape.app
        log = Path(os.environ.get("TMPDIR", "/tmp")) / f"tape-bench-worker-{os.getpid()}.log"
        worker = start_worker(env, log)
        try:
            wait_ready(app)
            run = journal.begin_run(
                app_name="bench",
                user_id="u",
                session_id="s",
                invocation_id="outbox",
                lease_owner="bench",
            )
            # Warm up: a few effects end to end, so imports and pools are hot.
            tape.enqueue_many([_spec(run.run_id, i, "warm") for i in range(200)], journal=journal)
            _wait_confirmed(journal, 200, 60)

            # 1. throughput
            base = confirmed_count(journal)
            t0 = time.perf_counter()
            for start in range(0, args.effects, args.chunk):
                specs = [
                    _spec(run.run_id, i, "load")
                    for i in range(start, min(args.effects, start + args.chunk))
                ]
                tape.enqueue_many(specs, journal=journal, passes=2)
            t_enqueued = time.perf_counter() - t0
            _wait_confirmed(journal, base + args.effects, 300)
            elapsed = time.perf_counter() - t0
            rate = args.effects / elapsed
            print(
                f"throughput: {args.effects} effects enqueued -> CONFIRMED in {elapsed:.2f} s "
                f"= {rate:,.0f} effects/s  (enqueue alone took {t_enqueued:.2f} s)"
            )

            # 2. latency at a light load
            lat = []
            for i in range(args.latency_samples):
                t_call = time.time() * 1000
                effect = tape.enqueue(journal=journal, **_spec(run.run_id, i, "latency"))
                while True:
                    now = journal.get_effect(
                        run_id=run.run_id, idempotency_key=effect.idempotency_key
                    )
                    if now is not None and now.status.name == "CONFIRMED":
                        lat.append(now.ts_ms - t_call)
                        break
                    time.sleep(0.0005)
                time.sleep(0.01)
            lat.sort()
            print(
                f"latency (one effect at a time, enqueue -> CONFIRMED, {len(lat)} samples): "
                f"p50 {percentile(lat, 50):.1f} ms  p99 {percentile(lat, 99):.1f} ms "
                "(ms resolution of the journal timestamp)"
            )

            # 3. raw Celery no-op tasks on the same broker and workers
            counter.delete("bench:noop:done")
            t0 = time.perf_counter()
            for _ in range(args.effects):
                app.send_task("bench.noop", queue="tape.reactors")
            t_sent = time.perf_counter() - t0
            deadline = time.monotonic() + 600
            while (
                int(counter.get("bench:noop:done") or 0) < args.effects
                and time.monotonic() < deadline
            ):
                time.sleep(0.05)
            raw_elapsed = time.perf_counter() - t0
            raw_rate = int(counter.get("bench:noop:done") or 0) / raw_elapsed
            print(
                f"raw Celery: {args.effects} no-op tasks in {raw_elapsed:.2f} s "
                f"= {raw_rate:,.0f} tasks/s (publishing alone took {t_sent:.2f} s)"
            )
            print(f"ratio: tape outbox effects/s / raw Celery tasks/s = {rate / raw_rate:.1f}x")
            print(
                f"targets: >= 10,000 effects/s: {'met' if rate >= 10_000 else 'NOT met'}; "
                f">= 10x raw Celery: {'met' if rate >= 10 * raw_rate else 'NOT met'}; "
                f"p50 <= 5 ms: {'met' if percentile(lat, 50) <= 5 else 'NOT met'}"
            )
        finally:
            os.killpg(worker.pid, 15)
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, 9)
            journal.close()
            counter.flushdb()


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


def _wait_confirmed(journal: object, target: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while confirmed_count(journal) < target:
        if time.monotonic() > deadline:
            raise SystemExit(
                f"only {confirmed_count(journal)} of {target} effects CONFIRMED in {timeout}s"
            )
        time.sleep(0.02)


if __name__ == "__main__":
    main()
