"""Flat with history: claim, enqueue and pair cost with 10,000 and 1,000,000 finished effects.

Two scratch Postgres databases, the same schema: one holds ``--small`` finished effects
(default 10,000), the other ``--large`` (default 1,000,000), each CONFIRMED effect with its two
journal rows and its TERMINAL run, filled with COPY and ANALYZEd. Then the same work runs on
both, sample for sample alternately (so load on the machine hits both alike):

- pair: one ``begin_effect`` + ``complete_effect`` (p50, ms);
- enqueue: ``begin_effects`` of ``--batch`` outbox effects in one transaction, what
  ``tape.enqueue_many`` writes (p50 per batch, ms);
- claim: one ``claim_effects_to_dispatch(limit=1)`` of those live effects (p50, ms).

Target (issue 15): each cost at the large history within 1.2x of the small one.

Run: ``make bench-scale`` (or ``python bench/scale.py --large 200000``).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
import uuid
from collections.abc import Callable

sys.path.insert(0, os.path.dirname(__file__))

from _support import percentile, scratch_postgres

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal

PER_RUN = 1000  # finished effects per history run


def fill_history(url: str, effects: int) -> float:
    """COPY ``effects`` CONFIRMED effects (with runs and journal rows); seconds it took."""
    import psycopg2

    t0 = time.perf_counter()
    conn = psycopg2.connect(url)
    cur = conn.cursor()
    now = int(time.time() * 1000) - 86_400_000
    global_seq = 0
    runs = (effects + PER_RUN - 1) // PER_RUN
    for r in range(runs):
        run_id = f"hist-{r:07d}-{uuid.uuid4().hex[:8]}"
        count = min(PER_RUN, effects - r * PER_RUN)
        run_rows = io.StringIO()
        run_rows.write(f"{run_id}\thistory\tu\ts\tinv-{r}\t4\t{2 * count}\t{now}\t{now + 1}\n")
        effect_rows = io.StringIO()
        journal_rows = io.StringIO()
        for i in range(count):
            key = f"{run_id}/decision-0/send/{i}"
            effect_rows.write(
                f'{run_id}\t{key}\t{2 * i + 1}\t0\tsend\t{i}\t2\t{{"n":{i}}}\t{{"ok":true}}'
                f"\t2\t2\tnoop\tref-{i}\t1\t{now}\t{now}\n"
            )
            for seq, verb in ((2 * i + 1, "pending"), (2 * i + 2, "confirmed")):
                global_seq += 1
                journal_rows.write(
                    f"{global_seq}\t{run_id}\t{seq}\teffect\t"
                    f'{{"tool":"send","status":"{verb}"}}\t{now}\t'
                    f"/tape/effect/{verb}/send/{run_id}\n"
                )
        for table, columns, data in (
            (
                "tape_runs",
                "run_id, app_name, user_id, session_id, invocation_id, status, seq_cursor, "
                "started_at_ms, ended_at_ms",
                run_rows,
            ),
            (
                "tape_effects",
                "run_id, idempotency_key, seq, decision_index, tool_name, call_index, status, "
                "request_json, response_json, semantics, dispatch_mode, connector, "
                "external_ref, dispatch_attempts, created_at_ms, ts_ms",
                effect_rows,
            ),
            (
                "tape_journal",
                "global_seq, run_id, seq, kind, payload_json, ts_ms, subject",
                journal_rows,
            ),
        ):
            data.seek(0)
            cur.copy_expert(f"COPY {table} ({columns}) FROM STDIN", data)
        if r % 50 == 49:
            conn.commit()
    cur.execute("SELECT setval('tape_journal_global_seq', %s)", (global_seq + 1,))
    conn.commit()
    conn.autocommit = True
    cur.execute("VACUUM ANALYZE")
    conn.close()
    return time.perf_counter() - t0


class Workload:
    """The three measured operations on one database."""

    def __init__(self, url: str, batch: int) -> None:
        self.journal = Journal(url)
        self.batch = batch
        self.run_id = self.journal.begin_run(
            app_name="bench",
            user_id="u",
            session_id="s",
            invocation_id="scale",
            lease_owner="bench",
        ).run_id
        self.n = 0

    def pair(self) -> None:
        self.n += 1
        e = self.journal.begin_effect(
            run_id=self.run_id,
            decision_index=1,
            tool_name="wire",
            call_index=self.n,
            request_json={"amount": 1},
        )
        self.journal.complete_effect(
            run_id=self.run_id,
            idempotency_key=e.idempotency_key,
            status=EffectStatus.CONFIRMED,
            response_json={"ok": True},
        )

    def enqueue(self) -> None:
        self.n += 1
        self.journal.begin_effects(
            [
                {
                    "run_id": self.run_id,
                    "decision_index": 2,
                    "tool_name": f"q{self.n}",
                    "call_index": i,
                    "semantics": EffectSemantics.NON_IDEMPOTENT,
                    "dispatch_mode": DispatchMode.OUTBOX,
                    "connector": "noop",
                    "request_json": {"n": i},
                }
                for i in range(self.batch)
            ]
        )

    def claim(self) -> None:
        if not self.journal.claim_effects_to_dispatch(claimer="bench", limit=1):
            raise SystemExit("FAILED: nothing left to claim; raise --batch or lower --samples")


def measure(
    small: Workload, large: Workload, op: str, samples: int
) -> tuple[list[float], list[float]]:
    out: dict[int, list[float]] = {0: [], 1: []}
    pair = (small, large)
    for i in range(samples + 5):
        for k in (0, 1) if i % 2 == 0 else (1, 0):  # alternate who goes first
            fn: Callable[[], None] = getattr(pair[k], op)
            t0 = time.perf_counter()
            fn()
            if i >= 5:  # warm-up samples are dropped
                out[k].append((time.perf_counter() - t0) * 1000)
    return sorted(out[0]), sorted(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--batch", type=int, default=1000, help="effects per enqueue")
    args = parser.parse_args()
    with (
        scratch_postgres("tape_scale_s") as small_url,
        scratch_postgres("tape_scale_l") as large_url,
    ):
        for url, count in ((small_url, args.small), (large_url, args.large)):
            took = fill_history(url, count)
            print(
                f"history: {count:,} finished effects (+{2 * count:,} journal rows) by COPY "
                f"in {took:.1f} s"
            )
        small, large = Workload(small_url, args.batch), Workload(large_url, args.batch)
        enqueue_samples = max(20, args.samples // 10)
        results = []
        for op, samples in (
            ("pair", args.samples),
            ("enqueue", enqueue_samples),
            ("claim", args.samples),
        ):
            a, b = measure(small, large, op, samples)
            results.append((op, percentile(a, 50), percentile(b, 50), len(a)))
        for op, a50, b50, n in results:
            ratio = b50 / a50
            print(
                f"{op:8s} p50 at {args.small:>9,}: {a50:8.3f} ms   at {args.large:>9,}: "
                f"{b50:8.3f} ms   ratio {ratio:.2f}x ({n} samples each, alternating); "
                f"target <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'}"
            )
        small.journal.close()
        large.journal.close()


if __name__ == "__main__":
    main()
