"""Journal core benchmark on Postgres.

Prints:
- p50/p99 latency of one ``begin_effect`` + ``complete_effect`` pair (two transactions);
- single-row dispatch claims per second with 4 concurrent claimer processes.

Target (issue "Journal core"): the pair at p50 <= 1 ms.

Run: ``make bench`` (or ``python bench/journal.py --pairs 3000 --claims 20000``).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from _support import percentile, scratch_postgres

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal


def bench_pairs(url: str, pairs: int) -> list[float]:
    journal = Journal(url)
    run = journal.begin_run(
        app_name="bench", user_id="u", session_id="s", invocation_id="pairs", lease_owner="bench"
    )
    for i in range(50):  # warm the pool and the plans
        e = journal.begin_effect(
            run_id=run.run_id, decision_index=0, tool_name="warm", call_index=i
        )
        journal.complete_effect(
            run_id=run.run_id, idempotency_key=e.idempotency_key, status=EffectStatus.CONFIRMED
        )
    samples = []
    request = {"account": "acc-1", "amount": 125}
    for i in range(pairs):
        t0 = time.perf_counter()
        effect = journal.begin_effect(
            run_id=run.run_id,
            decision_index=1,
            tool_name="wire_money",
            call_index=i,
            request_json=request,
        )
        journal.complete_effect(
            run_id=run.run_id,
            idempotency_key=effect.idempotency_key,
            status=EffectStatus.CONFIRMED,
            response_json={"wire_id": i},
        )
        samples.append((time.perf_counter() - t0) * 1000)
    journal.close()
    return sorted(samples)


def _seed(url: str, count: int) -> None:
    journal = Journal(url)
    for r in range(count // 1000 + 1):
        run = journal.begin_run(
            app_name="bench",
            user_id="u",
            session_id="s",
            invocation_id=f"claims-{r}",
            lease_owner="seed",
        )
        for i in range(min(1000, count - r * 1000)):
            journal.begin_effect(
                run_id=run.run_id,
                decision_index=0,
                tool_name="send",
                call_index=i,
                semantics=EffectSemantics.NON_IDEMPOTENT,
                dispatch_mode=DispatchMode.OUTBOX,
                connector="noop",
            )
    journal.close()


def _claimer(
    url: str, name: str, start: mp.synchronize.Event, seconds: float, out: mp.Queue
) -> None:  # type: ignore[type-arg]
    journal = Journal(url)
    journal.claim_effects_to_dispatch(claimer=name, limit=1)  # connect before the clock starts
    start.wait()
    claimed = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        got = journal.claim_effects_to_dispatch(claimer=name, limit=1)
        if not got:
            break
        claimed += 1
    out.put((name, claimed, time.perf_counter() - (deadline - seconds)))


def bench_claims(url: str, effects: int, claimers: int, seconds: float) -> tuple[int, float]:
    _seed(url, effects)
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    procs = [
        ctx.Process(target=_claimer, args=(url, f"claimer-{i}", start, seconds, out))
        for i in range(claimers)
    ]
    for p in procs:
        p.start()
    time.sleep(2.0)  # let every process import tape and connect
    start.set()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    total = sum(r[1] for r in results)
    elapsed = max(r[2] for r in results)
    return total, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3000)
    parser.add_argument("--claims", type=int, default=30000, help="effects seeded for claiming")
    parser.add_argument("--claimers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with scratch_postgres() as url:
        samples = bench_pairs(url, args.pairs)
        p50, p99 = percentile(samples, 50), percentile(samples, 99)
        print(f"begin_effect+complete_effect pair (Postgres, {args.pairs} pairs, sequential):")
        print(f"  p50 {p50:.3f} ms   p99 {p99:.3f} ms   mean {sum(samples) / len(samples):.3f} ms")
        print(f"  target p50 <= 1 ms: {'met' if p50 <= 1.0 else 'NOT met'}")
        total, elapsed = bench_claims(url, args.claims, args.claimers, args.seconds)
        print(
            f"single-row dispatch claims ({args.claimers} concurrent claimer processes): "
            f"{total} claims in {elapsed:.2f} s = {total / elapsed:,.0f} claims/s"
        )


if __name__ == "__main__":
    main()
