"""What going through ``tape server`` costs: the effect pair direct vs over ``tape://``.

Prints p50/p99 of one ``begin_effect`` + ``complete_effect`` pair (two transactions) on a
scratch Postgres database, called directly and through an in-process ``tape server`` on
127.0.0.1 (plaintext, no token), and dispatch claims per second of 16 threads through the
server (every thread tries every effect; each win is checked against the database, and a key
won twice fails the benchmark).

Run: ``make bench-rpc`` (or ``python bench/rpc.py --pairs 2000 --claims 2000``).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(__file__))

from _support import percentile, scratch_postgres

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal
from tape.rpc.server import serve


def pairs(journal: Journal, n: int) -> list[float]:
    run = journal.begin_run(
        app_name="bench", user_id="u", session_id="s", invocation_id=uuid.uuid4().hex,
        lease_owner="bench",
    )  # fmt: skip
    timings = []
    for i in range(n + 50):
        start = time.perf_counter()
        e = journal.begin_effect(run_id=run.run_id, decision_index=i, tool_name="t")
        journal.complete_effect(
            run_id=run.run_id, idempotency_key=e.idempotency_key, status=EffectStatus.CONFIRMED
        )
        if i >= 50:  # the first ones warm pools and plans
            timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)


def claims(journal: Journal, n: int, threads: int) -> tuple[float, float]:
    """(claim calls per second, distinct winning claims per second)."""
    run = journal.begin_run(
        app_name="bench", user_id="u", session_id="c", invocation_id=uuid.uuid4().hex,
        lease_owner="bench",
    )  # fmt: skip
    keys = [
        journal.begin_effect(
            run_id=run.run_id, decision_index=i, tool_name="wire",
            semantics=EffectSemantics.IDEMPOTENT, dispatch_mode=DispatchMode.OUTBOX,
            connector="bench",
        ).idempotency_key
        for i in range(n)
    ]  # fmt: skip
    won: dict[str, str] = {}
    lock = threading.Lock()

    def claim(i: int) -> None:
        for key in keys[i::threads] + keys[:i:threads]:
            c = journal.claim_effect_dispatch(
                run_id=run.run_id, idempotency_key=key, claimer=f"t{i}"
            )
            if c.acquired:
                with lock:
                    assert key not in won, f"{key} claimed twice"
                    won[key] = f"t{i}"

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(claim, range(threads)))
    elapsed = time.perf_counter() - start
    for key, who in won.items():
        effect = journal.get_effect(run_id=run.run_id, idempotency_key=key)
        assert effect is not None and effect.dispatch_claimed_by == who
    assert len(won) == n, (len(won), n)
    return n * threads / elapsed, n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=2000)
    args = parser.parse_args()
    with scratch_postgres("tape_bench_rpc") as url:
        direct = Journal(url)
        running = serve(Journal(url), "127.0.0.1:0")
        remote = Journal(f"tape://127.0.0.1:{running.port}")
        try:
            for name, journal in (("direct", direct), ("tape://", remote)):
                t = pairs(journal, args.pairs)
                print(
                    f"effect pair {name:<8} p50 {percentile(t, 50):6.2f} ms  "
                    f"p99 {percentile(t, 99):6.2f} ms  ({args.pairs} pairs)"
                )
            calls, wins = claims(remote, args.claims, 16)
            print(
                f"dispatch claims via tape://, 16 threads racing every key: {calls:,.0f} calls/s, "
                f"{wins:,.0f} distinct wins/s (each checked against the database)"
            )
        finally:
            remote.close()
            running.stop(0)
            direct.close()


if __name__ == "__main__":
    main()
