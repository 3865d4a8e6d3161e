"""Agent runs end to end: tape through ``celery -A tape worker`` beside DBOS, same run.

Each run is four steps (``bench/agent_app.py``): a decision of a scripted model (no network),
an inline idempotent effect, an outbox effect through a no-op connector (the run parks
WAITING until the effect is CONFIRMED, then is re-driven and replays the first two steps from
the journal), and a second decision.

- tape: ``--runs`` runs started with ``bench_agent.delay()`` (a journaled run + a task
  message) on ``--workers`` real ``celery -A tape worker`` processes (prefork,
  ``--concurrency`` each) and one ``celery -A tape beat``; runs/s = N / (first ``.delay()`` ->
  last run TERMINAL); run latency = the run's ``started_at_ms`` -> ``ended_at_ms`` (the
  journal's clock). Afterwards every run must be TERMINAL with exactly two decisions, one
  inline and one outbox effect CONFIRMED after one dispatch attempt, or the benchmark fails.
- DBOS: the same four steps as ``@DBOS.step`` functions of one ``@DBOS.workflow``, enqueued on
  a DBOS queue (polled every 10 ms) in this process, the way its docs start it; latency = the
  workflow's ``created_at`` -> ``updated_at``. Every workflow must have made each call once.

Both then run ``--one-by-one`` runs (default 20) one at a time, each started after the last one
ended: the latency of a run at light load, beside the latency under the burst above.

It prints both rates, the ratio (target: tape >= 10x DBOS) and the load average. DBOS lives in
the peers' venv (``make bench-agents`` creates .cache/peers-venv, as ``make bench-peers``);
it is never a tape dependency.

Run: ``make bench-agents`` (or ``.cache/peers-venv/bin/python bench/agents.py --runs 200``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import redis  # noqa: E402
from _support import (  # noqa: E402
    delete_keys,
    load_average,
    percentile,
    scratch_postgres,
    start_celery,
    stop_all,
)

REDIS_URL = os.environ.get("TAPE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
KEY_PREFIX = f"tape-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}:"
TARGET_RATIO = 10.0
#: runs/s; latencies (ms, sorted) of the runs started at once; of the runs started one by one.
Result = tuple[float, list[float], list[float]]


def run_tape(runs: int, workers: int, concurrency: int, one_by_one: int) -> Result:
    tmp = Path(tempfile.mkdtemp(prefix="tape-bench-agents-"))
    with scratch_postgres("tape_bench_agents") as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")} | {
            "TAPE_DATABASE_URL": url,
            "TAPE_BROKER_URL": REDIS_URL,
            "TAPE_BROKER_KEYPREFIX": KEY_PREFIX,
            "TAPE_IMPORTS": "noop_connector,agent_app",
            "BENCH_COUNTER_URL": REDIS_URL,
            "BENCH_COUNTER_KEY": f"{KEY_PREFIX}noop:done",
            "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parent)]),
        }
        os.environ.update(env)  # this process starts the runs: same database and broker
        procs = [
            start_celery(
                env,
                tmp / f"worker{k}.log",
                "worker",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                "-n",
                f"agents{k}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            )
            for k in range(1, workers + 1)
        ]
        procs.append(start_celery(env, tmp / "beat.log", "beat", "-s", str(tmp / "beat-schedule")))
        import agent_app

        from tape import runtime
        from tape.celery_app import app
        from tape.enums import RunStatus

        journal = runtime.journal()
        try:
            deadline = time.monotonic() + 60
            while len(app.control.ping(timeout=1.0)) < workers:
                if time.monotonic() > deadline:
                    raise SystemExit(f"workers did not start; logs in {tmp}")
            t0 = time.perf_counter()
            handles = [agent_app.bench_agent.delay(request=f"r{i}") for i in range(runs)]
            deadline = time.monotonic() + 120 + runs / 10
            while (shape := _run_statuses(journal)).get(RunStatus.TERMINAL.name, 0) < runs:
                if time.monotonic() > deadline:
                    raise SystemExit(f"FAILED: runs by status {shape}; logs in {tmp}")
                time.sleep(0.05)
            elapsed = time.perf_counter() - t0
            latencies = _check_tape(journal, {h.run_id for h in handles})
            light = []
            for i in range(one_by_one):  # light load: one run at a time
                handle = agent_app.bench_agent.delay(request=f"light-{i}")
                run = handle.wait(timeout=60, journal=journal)
                if run.status != RunStatus.TERMINAL:
                    raise SystemExit(f"FAILED: run {run.run_id} ended {run.status.name}")
                light.append(float(run.ended_at_ms - run.started_at_ms))
        finally:
            stop_all(procs)
            journal.close()
            client = redis.Redis.from_url(REDIS_URL)
            delete_keys(client, KEY_PREFIX)
            client.close()
    return runs / elapsed, latencies, sorted(light)


def _run_statuses(journal: object) -> dict[str, int]:
    from sqlalchemy import func, select

    from tape.enums import RunStatus
    from tape.store import tables

    r = tables.runs
    query = select(r.c.status, func.count()).group_by(r.c.status)
    with journal.database.read() as conn:  # type: ignore[attr-defined]
        return {RunStatus(s).name: int(n) for s, n in conn.execute(query)}


def _check_tape(journal: object, run_ids: set[str]) -> list[float]:
    """Fail unless every run made two decisions and both effects once, CONFIRMED; the runs'
    latencies (started -> ended, journal clock), sorted."""
    from sqlalchemy import func, select

    from tape.enums import EffectStatus
    from tape.store import tables

    e, r, d = tables.effects, tables.runs, tables.decisions
    by_effect = select(e.c.tool_name, e.c.status, e.c.dispatch_attempts, func.count()).group_by(
        e.c.tool_name, e.c.status, e.c.dispatch_attempts
    )
    per_run = select(d.c.run_id, func.count()).group_by(d.c.run_id)
    with journal.database.read() as conn:  # type: ignore[attr-defined]
        shape = {(t, s, a): int(n) for t, s, a, n in conn.execute(by_effect)}
        decisions = {rid: int(n) for rid, n in conn.execute(per_run)}
        spans = [
            tuple(x) for x in conn.execute(select(r.c.run_id, r.c.started_at_ms, r.c.ended_at_ms))
        ]
    confirmed = EffectStatus.CONFIRMED
    sent = shape.get(("send", confirmed, 1), 0)
    noted = sum(n for (t, s, _), n in shape.items() if t == "note" and s == confirmed)
    runs = len(run_ids)
    if sent != runs or noted != runs or sum(shape.values()) != 2 * runs:
        raise SystemExit(f"FAILED: effects by (tool, status, dispatch attempts): {shape}")
    if set(decisions) != run_ids or set(decisions.values()) != {2}:
        raise SystemExit(f"FAILED: decisions per run: {Counter(decisions.values())}")
    return sorted(float(end - start) for rid, start, end in spans if rid in run_ids)


def run_dbos(runs: int, one_by_one: int) -> Result:
    from dbos import DBOS, DBOSConfig

    calls: Counter[tuple[str, str]] = Counter()
    lock = threading.Lock()

    def called(step: str, unit: str) -> None:
        with lock:
            calls[(step, unit)] += 1

    with scratch_postgres("tape_bench_agents_dbos") as url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        config: DBOSConfig = {
            "name": "bench-agents", "system_database_url": url, "log_level": "WARNING",
        }  # fmt: skip
        DBOS(config=config)

        @DBOS.step()
        def decide(unit: str, index: int) -> dict[str, object]:
            called(f"decide-{index}", unit)
            return {"tool": "send", "args": {"to": "bob"}} if index == 0 else {"content": "sent"}

        @DBOS.step()
        def note(unit: str, text: str) -> dict[str, str]:
            called("note", unit)
            return {"run": unit, "text": text}

        @DBOS.step()
        def send(unit: str, to: str) -> dict[str, str]:
            called("send", unit)
            return {"to": to}

        @DBOS.workflow()
        def bench_agent(unit: str) -> dict[str, object]:
            plan = decide(unit, 0)
            noted = note(unit, unit)
            sent = send(unit, **plan["args"])  # type: ignore[arg-type]
            final = decide(unit, 1)
            return {"noted": noted, "sent": sent, "answer": final["content"]}

        DBOS.launch()
        try:
            queue = DBOS.register_queue("bench-agents", polling_interval_sec=0.01)
            t0 = time.perf_counter()
            handles = [queue.enqueue(bench_agent, f"u-{i}") for i in range(runs)]
            for handle in handles:
                handle.get_result(polling_interval_sec=0.01)
            elapsed = time.perf_counter() - t0
            latencies = []
            for handle in handles:
                status = handle.get_status()
                latencies.append(float((status.updated_at or 0) - (status.created_at or 0)))
            light = []
            for i in range(one_by_one):  # light load: one workflow at a time
                handle = queue.enqueue(bench_agent, f"light-{i}")
                handle.get_result(polling_interval_sec=0.01)
                status = handle.get_status()
                light.append(float((status.updated_at or 0) - (status.created_at or 0)))
        finally:
            DBOS.destroy()
    steps = ("decide-0", "note", "send", "decide-1")
    total = runs + one_by_one
    if len(calls) != 4 * total or set(calls.values()) != {1} or {s for s, _ in calls} != set(steps):
        raise SystemExit(f"FAILED: DBOS made {sum(calls.values())} step calls for {total} runs")
    return runs / elapsed, sorted(latencies), sorted(light)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1, help="celery worker processes")
    parser.add_argument("--concurrency", type=int, default=4, help="pool size of each worker")
    parser.add_argument(
        "--one-by-one", type=int, default=20, help="runs started one at a time, for latency"
    )
    args = parser.parse_args()
    print(f"before: {load_average()}")
    tape_rate, tape_lat, tape_light = run_tape(
        args.runs, args.workers, args.concurrency, args.one_by_one
    )
    dbos_rate, dbos_lat, dbos_light = run_dbos(args.runs, args.one_by_one)
    shape = f"{args.workers} worker x {args.concurrency} processes"
    for name, what, rate, burst, light in (
        ("tape", f"through celery ({shape})", tape_rate, tape_lat, tape_light),
        ("DBOS", "on a DBOS queue, in this process", dbos_rate, dbos_lat, dbos_light),
    ):
        print(
            f"{name:5s} {args.runs} four-step runs started at once {what}: {rate:8,.1f} runs/s; "
            f"run latency p50 {percentile(burst, 50):,.0f} ms, p99 {percentile(burst, 99):,.0f} ms"
            f"; one run at a time ({args.one_by_one}): p50 {percentile(light, 50):,.0f} ms, "
            f"p99 {percentile(light, 99):,.0f} ms"
        )
    ratio = tape_rate / dbos_rate
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"ratio tape / DBOS runs/s: {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x: {verdict})")
    print(f"after: {load_average()}")


if __name__ == "__main__":
    main()
