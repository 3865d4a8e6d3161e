"""``python -m soak`` (with ``bench/`` on the path; ``make soak``): see :mod:`soak`."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import redis
from _support import delete_keys

from soak import chaos, replication, services, surfaces, verdict
from soak.upstream import CONNECTOR, FaultPlan, posts_by_key
from tape.testing import FakeUpstream
from tests.support.celery_procs import beat, running, worker

BENCH = Path(__file__).resolve().parents[1]
TOOL = "soak_wire"
DAY_MS = 24 * 3600 * 1000
T = TypeVar("T")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m soak", description=__doc__)
    p.add_argument("--effects", type=int, default=10_000)
    p.add_argument("--chunk", type=int, default=100, help="effects per run / enqueue_many")
    p.add_argument("--pause", type=float, default=0.2, help="seconds between chunks")
    p.add_argument("--fault-every", type=float, default=3.0, help="seconds between faults")
    p.add_argument("--min-chaos", type=float, default=60.0, help="fault for at least this long")
    p.add_argument("--max-chaos", type=float, default=900.0, help="and at most this long")
    p.add_argument("--settle-timeout", type=float, default=900.0)
    p.add_argument("--http-timeout", type=float, default=2.0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--concurrency", type=int, default=2)
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--keep-logs", action="store_true", help="keep the logs after a pass too")
    p.add_argument(
        "--redis-url",
        default="",
        help="use this Redis (under a key prefix of the soak's own; never restarted) instead "
        "of starting a redis-server of its own",
    )
    p.add_argument(
        "--failover",
        action="store_true",
        help="run on a primary and a synchronous standby of its own, and fail over mid-soak "
        "(make soak FAILOVER=1; see soak.replication)",
    )
    return p.parse_args()


def main() -> int:
    args = parse_args()
    restart_pg = os.environ.get("SOAK_RESTART_POSTGRES", "") == "1"
    workdir = Path(tempfile.mkdtemp(prefix="tape-soak-"))
    prefix = f"tape-soak-{uuid.uuid4().hex[:8]}:"
    own_redis = (
        None
        if args.redis_url
        else services.RedisServer(services.free_port(), workdir / "redis.log")
    )
    note(f"logs in {workdir}")
    if own_redis is not None:
        own_redis.start()
    broker = args.redis_url or own_redis.url  # type: ignore[union-attr]
    try:
        with (
            replication.database(args.failover, workdir) as (db_url, failover),
            FakeUpstream() as upstream,
        ):
            return soak(
                args, workdir, db_url, broker, prefix, own_redis, upstream, restart_pg, failover
            )
    finally:
        if own_redis is not None:
            own_redis.stop()
        else:
            delete_keys(redis.Redis.from_url(broker), prefix)


def soak(
    args: argparse.Namespace,
    workdir: Path,
    db_url: str,
    broker: str,
    prefix: str,
    own_redis: services.RedisServer | None,
    upstream: FakeUpstream,
    restart_pg: bool,
    failover: replication.Failover | None = None,
) -> int:
    env = {
        "TAPE_DATABASE_URL": db_url,
        "TAPE_BROKER_URL": broker,
        "TAPE_BROKER_KEYPREFIX": prefix,
        "TAPE_IMPORTS": "soak.connector",
        "TAPE_OUTBOX_INTERVAL": "0.5",
        "TAPE_RECONCILE_INTERVAL": "1",
        "TAPE_DISPATCH_BATCH": "64",
        "TAPE_DISPATCH_LEASE_MS": "20000",
        "SOAK_UPSTREAM_URL": upstream.url,
        "SOAK_HTTP_TIMEOUT_S": str(args.http_timeout),
        "PYTHONPATH": str(BENCH),
        **surfaces.env(workdir),  # the agents, the reaction and the passes they need
    }
    os.environ.update(env)
    import tape
    from tape import runtime

    runtime.configure(tape.config.Settings.from_env())
    journal = runtime.journal()
    plan = FaultPlan(upstream, seed=args.seed, timeout_s=args.http_timeout)
    surf = surfaces.Surfaces(
        args.effects, workdir, db_url, journal, upstream, plan, args.seed, args.http_timeout
    )
    surf.start_remote()
    workers = [
        worker(workdir, env, name=f"soak{i + 1}", concurrency=args.concurrency)
        for i in range(args.workers)
    ]
    the_beat = beat(workdir, env)
    procs = [*workers, the_beat]
    t_start = time.monotonic()
    with running(procs):
        supervisor = chaos.Supervisor([*procs, *surf.procs])  # type: ignore[list-item]
        monkey = chaos.Chaos(
            workers=workers,
            beat=the_beat,
            supervisor=supervisor,
            database_url=db_url,
            redis=own_redis,
            restart_postgres=restart_pg,
            every_s=args.fault_every,
            seed=args.seed,
            extra={"kill-server": surf.kill_server},
        )
        thread = threading.Thread(target=monkey.run, name="soak-chaos", daemon=True)
        thread.start()
        surf.launch()
        if failover is not None:
            failover.start(lambda: settled_count(journal), args.effects)
        enqueue_all(journal, plan, args)
        note(f"{args.effects} effects enqueued in {time.monotonic() - t_start:.0f} s")
        keep_faulting(journal, args, t_start, surf.mostly_settled)
        monkey.stop()
        thread.join()
        if failover is not None:
            failover.stop()
        t_chaos = time.monotonic() - t_start
        note(f"faults stopped after {t_chaos:.0f} s; waiting to settle")
        settled = verdict.wait_settled(
            journal, TOOL, args.effects, args.settle_timeout, supervisor.tick
        )
        surf_settled = surf.wait_settled(args.settle_timeout, supervisor.tick)
        surf.stop()
        surf_summary, surf_problems = surf.check()
        ours = f"/{TOOL}/"  # the agents' and the remote wires are the surfaces' to check
        wires = Counter({k: n for k, n in upstream.stats()["per_key"].items() if ours in k})
        posts = Counter({k: n for k, n in posts_by_key(upstream).items() if ours in k})
        result = verdict.check(journal, TOOL, args.effects, wires, posts, plan.by_key)
        result.problems += surf_problems
        surf.stop_remote()
        if failover is not None:
            result.problems += failover.check(journal, TOOL)
            crashed, failover.crash_note = replication.crashes(
                workdir, monkey.done, supervisor.restarts
            )
            result.problems += crashed
    journal.close()
    ok = settled and surf_settled and not result.problems
    line = summary_line(args, result, plan, monkey, supervisor, settled, ok, t_chaos, t_start)
    print(line if failover is None else f"{line}; {failover.summary()}")
    print(f"soak surfaces{'' if surf_settled else ' (did NOT settle in time)'}: {surf_summary}")
    for problem in result.problems:
        print(f"  problem: {problem}")
    for error in monkey.errors:
        print(f"  fault not injected: {error}")
    print(f"  last to settle: {result.last_settled}")
    print(f"  last fault: {monkey.last_fault} at {monkey.last_fault_ms}")
    if ok and not args.keep_logs:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"  logs kept in {workdir}")
    return 0 if ok else 1


def enqueue_all(journal: object, plan: FaultPlan, args: argparse.Namespace) -> None:
    import tape

    session = uuid.uuid4().hex[:8]
    for c, start in enumerate(range(0, args.effects, args.chunk)):
        run = _retry(
            lambda c=c: journal.begin_run(  # type: ignore[attr-defined]
                app_name="soak",
                user_id="soak",
                session_id=session,
                invocation_id=f"chunk-{c}",
                lease_owner="soak-harness",
                lease_ttl_ms=DAY_MS,  # the harness is this run's agent: recovery leaves it be
            )
        )
        indexes = range(start, min(args.effects, start + args.chunk))
        keys = [f"{run.run_id}/decision-0/{TOOL}/{i}" for i in indexes]
        plan.deal(keys)
        specs = [
            {
                "run_id": run.run_id,
                "decision_index": 0,
                "tool_name": TOOL,
                "call_index": i,
                "semantics": "NON_IDEMPOTENT",
                "connector": CONNECTOR,
                "request_json": {"account": f"acc-{i % 97}", "amount": 100 + i},
                "dispatch_timeout_ms": int(args.http_timeout * 1000),
            }
            for i in indexes
        ]
        records = _retry(lambda specs=specs: tape.enqueue_many(specs, journal=journal))
        if [r.idempotency_key for r in records] != keys:
            raise SystemExit("soak: the effects' idempotency keys are not the ones faulted")
        time.sleep(args.pause)


def keep_faulting(
    journal: object, args: argparse.Namespace, t_start: float, others: Callable[[], bool]
) -> None:
    """Fault on until 90% of the effects settled and ``others()`` (the other surfaces are
    mostly done: so faults overlap the work), at least ``--min-chaos`` and at most
    ``--max-chaos`` seconds from the start."""
    last_note = 0.0
    while True:
        elapsed = time.monotonic() - t_start
        try:
            counts, unstuck = verdict.live_counts(journal, TOOL)  # type: ignore[arg-type]
        except Exception:
            counts, unstuck = Counter(), 0
        settled = counts["CONFIRMED"] + counts["FAILED"]
        if elapsed - last_note >= 10:
            note(f"{elapsed:.0f} s {dict(counts)} (UNKNOWN not stuck: {unstuck})")
            last_note = elapsed
        if elapsed >= args.max_chaos or (
            elapsed >= args.min_chaos and settled >= 0.9 * args.effects and others()
        ):
            return
        time.sleep(1.0)


def settled_count(journal: object) -> int:
    counts, _ = verdict.live_counts(journal, TOOL)  # type: ignore[arg-type]
    return counts["CONFIRMED"] + counts["FAILED"]


def _retry(fn: Callable[[], T], timeout: float = 180.0) -> T:
    """Call ``fn`` until it works: the harness's own connections die in the chaos too."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fn()
        except Exception as exc:
            if time.monotonic() > deadline:
                raise
            note(f"harness retrying after {type(exc).__name__}")
            time.sleep(0.5)


def note(text: str) -> None:
    """Progress, on stderr (the summary line is the only thing on stdout)."""
    print(f"soak: {text}", file=sys.stderr, flush=True)


def summary_line(
    args: argparse.Namespace,
    v: verdict.Verdict,
    plan: FaultPlan,
    monkey: chaos.Chaos,
    supervisor: chaos.Supervisor,
    settled: bool,
    ok: bool,
    t_chaos: float,
    t_start: float,
) -> str:
    c = v.counts
    after = (v.last_settled_ms - monkey.last_fault_ms) / 1000 if monkey.last_fault_ms else 0.0
    restarts = ", ".join(f"{k} {n}" for k, n in sorted(supervisor.restarts.items())) or "none"
    return (
        f"soak {'PASS' if ok else 'FAIL'}: {args.effects} NON_IDEMPOTENT effects"
        f"{'' if settled else ' (did NOT settle in time)'}: "
        f"CONFIRMED {c['CONFIRMED']}, FAILED {c['FAILED']}, PENDING {c['PENDING']}, "
        f"UNKNOWN {c['UNKNOWN']} (stuck {v.stuck}); {v.wires} wires booked, "
        f"{v.posts} POSTs ({v.resent} effects sent again after an absent observation), "
        f"max {v.max_attempts} attempts; "
        f"upstream faults: {plan.summary()}; process faults: {monkey.summary()}; "
        f"supervisor restarts: {restarts}; last effect settled {after:+.1f} s after the last "
        f"fault; faults for {t_chaos:.0f} s, {time.monotonic() - t_start:.0f} s in all"
    )


if __name__ == "__main__":
    sys.exit(main())
