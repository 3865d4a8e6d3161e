"""Journal core benchmark, Postgres and SQLite, each figure beside its floor from the same run.

Prints, for each backend:
- p50/p99 latency of one ``begin_effect`` + ``complete_effect`` pair (two transactions), and
  the floor measured interleaved with it (sample for sample, so load on the machine hits both
  alike): a plain INSERT commit + a plain conditional UPDATE commit through the same driver on
  the same database. Target: the pair's p50 within 2x of the floor's.
- Postgres: single-row dispatch claims per second with 4 concurrent claimer processes,
  counting distinct successful claims only: every claim a claimer reports is checked against
  the database (the effect's attempt counter is 1 and its recorded claimer is the one that
  reported it), and a (key, attempt) reported twice fails the benchmark, since a broken
  compare-and-swap would otherwise inflate the figure. Beside it, in the same run: the bare
  compare-and-swap, 4 processes each committing ``UPDATE ... SET claimed_by = me WHERE id = ?
  AND claimed_by = ''`` on rows of a plain table. Target: claims >= 50% of the bare rate.

Run: ``make bench`` (or ``python bench/journal.py --pairs 3000 --claims 20000``).

``--writers 1,2,4,8,16`` (``make bench-journal``) measures scaling instead: for each count P,
P processes, each on its own run, do ``begin_effect`` + ``complete_effect`` pairs for
``--seconds``, and P processes do the floor (a plain INSERT commit + a conditional UPDATE
commit, each on rows of its own) for as long, alternating in ``--rounds`` rounds so load on
the machine hits both alike; the same processes serve every count (started once, before the
clock). Prints tape pairs/s, floor pairs/s, their ratio, and each side's pair p50, on Postgres
and SQLite, with the load average. Targets: at 16 writers tape >= 50% of the floor's pairs/s,
tape's pairs/s never falls as writers are added, the pair p50 <= 2x the floor's.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing as mp
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable

sys.path.insert(0, os.path.dirname(__file__))

from _support import percentile, scratch_postgres
from sqlalchemy import func, select

from tape import DispatchMode, EffectSemantics, EffectStatus, Journal, migrations
from tape.store import tables

Claim = tuple[str, str, int]  # (run_id, idempotency_key, attempt)


def _floor_step(url: str, prefix: str = "f-") -> Callable[[int], None]:
    """One floor sample: a plain INSERT commit, then a plain conditional UPDATE commit."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # what tape's engine sets
        conn.execute("PRAGMA busy_timeout=30000")
        ph = "?"

        def commit() -> None:
            conn.execute("COMMIT")

        def begin() -> None:
            conn.execute("BEGIN IMMEDIATE")

    else:
        import psycopg2

        conn = psycopg2.connect(url)  # type: ignore[assignment]
        ph = "%s"
        commit = conn.commit

        def begin() -> None:
            pass  # psycopg2 opens the transaction itself

    cur = conn.cursor()
    cur.execute(
        "CREATE TABLE IF NOT EXISTS bench_floor (id VARCHAR(512) PRIMARY KEY, "
        "state SMALLINT NOT NULL, body TEXT NOT NULL)"
    )
    if not url.startswith("sqlite"):
        commit()

    def step(i: int) -> None:
        begin()
        cur.execute(f"INSERT INTO bench_floor VALUES ({ph}, 1, {ph})", (f"{prefix}{i}", '{"n":1}'))
        commit()
        begin()
        cur.execute(
            f"UPDATE bench_floor SET state = 2, body = {ph} WHERE id = {ph} AND state = 1",
            ('{"w":1}', f"{prefix}{i}"),
        )
        commit()

    return step


def one_pair(journal: Journal, run_id: str, i: int) -> None:
    """The measured unit: a new effect begun, then completed (two transitions)."""
    effect = journal.begin_effect(
        run_id=run_id,
        decision_index=1,
        tool_name="wire_money",
        call_index=i,
        request_json={"account": "acc-1", "amount": 125},
    )
    journal.complete_effect(
        run_id=run_id,
        idempotency_key=effect.idempotency_key,
        status=EffectStatus.CONFIRMED,
        response_json={"wire_id": i},
    )


def bench_pairs(url: str, pairs: int) -> tuple[list[float], list[float]]:
    """Pair latencies and floor latencies (ms, sorted), sampled alternately."""
    journal = Journal(url)
    floor = _floor_step(url)
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
        floor(-1 - i)
    samples, floors = [], []
    for i in range(pairs):
        t0 = time.perf_counter()
        floor(i)
        t1 = time.perf_counter()
        one_pair(journal, run.run_id, i)
        samples.append((time.perf_counter() - t1) * 1000)
        floors.append((t1 - t0) * 1000)
    journal.close()
    return sorted(samples), sorted(floors)


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
        journal.begin_effects(
            [
                {
                    "run_id": run.run_id,
                    "decision_index": 0,
                    "tool_name": "send",
                    "call_index": i,
                    "semantics": EffectSemantics.NON_IDEMPOTENT,
                    "dispatch_mode": DispatchMode.OUTBOX,
                    "connector": "noop",
                }
                for i in range(min(1000, count - r * 1000))
            ]
        )
    journal.close()


def _claimer(
    url: str, name: str, start: mp.synchronize.Event, seconds: float, out: mp.Queue
) -> None:  # type: ignore[type-arg]
    journal = Journal(url)
    # Connect before the clock starts; this claim is checked too, but not timed.
    warm = [_claim(e) for e in journal.claim_effects_to_dispatch(claimer=name, limit=1)]
    start.wait()
    timed: list[Claim] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        got = journal.claim_effects_to_dispatch(claimer=name, limit=1)
        if not got:
            break
        timed.extend(_claim(e) for e in got)
    out.put((name, warm, timed, time.perf_counter() - (deadline - seconds)))


def _cas_client(
    url: str,
    index: int,
    rows: tuple[int, int],
    start: mp.synchronize.Event,
    seconds: float,
    out: mp.Queue,  # type: ignore[type-arg]
) -> None:
    import psycopg2

    conn = psycopg2.connect(url)
    cur = conn.cursor()
    name = f"cas-{index}"
    start.wait()
    won = 0
    deadline = time.perf_counter() + seconds
    t0 = time.perf_counter()
    i = rows[0] + index
    while time.perf_counter() < deadline and i < rows[1]:
        cur.execute(
            "UPDATE bench_cas SET claimed_by = %s WHERE id = %s AND claimed_by = ''", (name, i)
        )
        won += cur.rowcount
        conn.commit()
        i += 4
    out.put((won, time.perf_counter() - t0))


def create_cas_table(url: str, rows: int) -> None:
    import psycopg2

    conn = psycopg2.connect(url)
    with conn.cursor() as cur:
        cur.execute(
            "CREATE TABLE bench_cas (id INTEGER PRIMARY KEY, claimed_by TEXT NOT NULL DEFAULT '')"
        )
        cur.execute("INSERT INTO bench_cas (id) SELECT generate_series(0, %s)", (rows,))
    conn.commit()
    conn.close()


def bench_bare_cas(
    url: str, clients: int, seconds: float, rows: tuple[int, int]
) -> tuple[int, float]:
    """Compare-and-swap UPDATEs, ``clients`` processes, one row (of ``rows``) per commit:
    how many won, in how long."""
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    procs = [
        ctx.Process(target=_cas_client, args=(url, i, rows, start, seconds, out))
        for i in range(clients)
    ]
    for p in procs:
        p.start()
    time.sleep(1.0)
    start.set()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    return sum(r[0] for r in results), max(r[1] for r in results)


def _claim(effect: object) -> Claim:
    return (effect.run_id, effect.idempotency_key, effect.dispatch_attempts)  # type: ignore[attr-defined]


def verify_claims(url: str, reported: dict[str, list[Claim]]) -> int:
    """Check every reported claim against the database; return how many distinct ones the
    timed loops made. Raises SystemExit when a claim was reported twice or the database
    disagrees (another claimer, a second attempt, or a claim nobody reported)."""
    seen: dict[Claim, str] = {}
    for name, claims in reported.items():
        for claim in claims:
            if claim in seen:
                raise SystemExit(
                    f"FAILED: {claim} claimed by both {seen[claim]} and {name}: the claim "
                    "compare-and-swap let two claimers in"
                )
            seen[claim] = name
    e = tables.effects
    journal = Journal(url)
    with journal.database.read() as conn:
        rows = conn.execute(
            select(
                e.c.run_id, e.c.idempotency_key, e.c.dispatch_attempts, e.c.dispatch_claimed_by
            ).where(e.c.dispatch_attempts > 0)
        ).all()
        claimed_rows = int(
            conn.execute(select(func.count()).where(e.c.dispatch_attempts > 0)).scalar_one()
        )
    journal.close()
    in_db = {
        (r.run_id, r.idempotency_key, r.dispatch_attempts): r.dispatch_claimed_by for r in rows
    }
    if in_db != seen or claimed_rows != len(seen):
        wrong = {c: (seen.get(c), in_db.get(c)) for c in set(seen) ^ set(in_db)}
        wrong.update({c: (n, in_db[c]) for c, n in seen.items() if in_db.get(c) not in (None, n)})
        raise SystemExit(
            f"FAILED: reported claims and the database disagree on {len(wrong)} effects, "
            f"e.g. {sorted(wrong.items())[:3]} (claim: (reported by, claimed_by in the DB))"
        )
    return len(seen)


def bench_claims(
    url: str, claimers: int, seconds: float, tag: str
) -> tuple[dict[str, list[Claim]], int, float]:
    """One round of claims: every claim reported (warm-up too), distinct timed ones, time."""
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    procs = [
        ctx.Process(target=_claimer, args=(url, f"claimer-{tag}-{i}", start, seconds, out))
        for i in range(claimers)
    ]
    for p in procs:
        p.start()
    time.sleep(2.0)  # let every process import tape and connect
    start.set()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    timed = {name: claims for name, _, claims, _ in results}
    everything = {name: warm + claims for name, warm, claims, _ in results}
    distinct = len({claim for claims in timed.values() for claim in claims})
    return everything, distinct, max(r[3] for r in results)


def report_pairs(backend: str, url: str, pairs: int) -> None:
    samples, floors = bench_pairs(url, pairs)
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    f50, f99 = percentile(floors, 50), percentile(floors, 99)
    ratio = p50 / f50
    print(f"{backend}: begin_effect+complete_effect pair ({pairs} pairs, sequential):")
    print(
        f"  pair  p50 {p50:.3f} ms   p99 {p99:.3f} ms   mean {sum(samples) / len(samples):.3f} ms"
    )
    print(
        f"  floor p50 {f50:.3f} ms   p99 {f99:.3f} ms   (plain INSERT commit + plain "
        "conditional UPDATE commit, same driver and database, sampled alternately)"
    )
    print(
        f"  ratio pair/floor p50 {ratio:.2f}x; target <= 2x: {'met' if ratio <= 2 else 'NOT met'}"
    )


# -- writers: throughput as processes are added ---------------------------------------------


def _tape_writer(url: str, index: int, commands: mp.Queue, out: mp.Queue) -> None:  # type: ignore[type-arg]
    journal = Journal(url)
    run = journal.begin_run(
        app_name="bench",
        user_id=f"writer-{index}",
        session_id="s",
        invocation_id=f"writers-{index}",
        lease_owner=f"writer-{index}",
    )
    n = 0

    def pair() -> None:
        nonlocal n
        one_pair(journal, run.run_id, n)
        n += 1

    _serve(pair, commands, out)
    journal.close()


def _floor_writer(url: str, index: int, commands: mp.Queue, out: mp.Queue) -> None:  # type: ignore[type-arg]
    step = _floor_step(url, prefix=f"w{index}-")
    n = 0

    def pair() -> None:
        nonlocal n
        step(n)
        n += 1

    _serve(pair, commands, out)


def _serve(pair: Callable[[], None], commands: mp.Queue, out: mp.Queue) -> None:  # type: ignore[type-arg]
    """Warm up, then on each ``(start_at, seconds)`` do pairs in that window; report the count
    and the latencies (ms). ``None`` ends the process."""
    for _ in range(20):
        pair()
    out.put("ready")
    while (command := commands.get()) is not None:
        start_at, seconds = command
        time.sleep(max(0.0, start_at - time.time()))
        end = start_at + seconds
        took: list[float] = []
        while True:
            t0 = time.perf_counter()
            if time.time() >= end:
                break
            pair()
            took.append((time.perf_counter() - t0) * 1000)
        out.put(took)


class _Writers:
    """``count`` started processes of one kind, waiting for windows to write in."""

    def __init__(self, target: Callable[..., None], url: str, count: int) -> None:
        ctx = mp.get_context("spawn")
        self.out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
        self.commands = [ctx.Queue() for _ in range(count)]  # type: ignore[var-annotated]
        self.procs = [
            ctx.Process(target=target, args=(url, i, self.commands[i], self.out))
            for i in range(count)
        ]
        for proc in self.procs:
            proc.start()
        for _ in self.procs:
            if self.out.get(timeout=300) != "ready":
                raise SystemExit("FAILED: a writer did not start")

    def window(self, writers: int, seconds: float) -> list[list[float]]:
        start_at = time.time() + 0.3
        for queue in self.commands[:writers]:
            queue.put((start_at, seconds))
        return [self.out.get(timeout=seconds + 120) for _ in range(writers)]

    def close(self) -> None:
        for queue in self.commands:
            queue.put(None)
        for proc in self.procs:
            proc.join(timeout=60)


def report_writers(backend: str, url: str, counts: list[int], seconds: float, rounds: int) -> None:
    top = max(counts)
    print(f"{backend}: begin_effect+complete_effect pairs, P writer processes each on its own run,")
    print(
        f"  beside P floor processes (INSERT commit + conditional UPDATE commit), {seconds:g} s "
        f"each side in {rounds} alternating rounds; load average {_load()} at the start"
    )
    tape = _Writers(_tape_writer, url, top)
    floor = _Writers(_floor_writer, url, top)
    header = (
        f"  {'writers':>7} {'tape pairs/s':>12} {'floor pairs/s':>13} {'tape/floor':>10} "
        f"{'tape p50':>9} {'floor p50':>9} {'p50 ratio':>9}  load"
    )
    print(header)
    rates: list[float] = []
    try:
        for p in counts:
            tape_took: list[float] = []
            floor_took: list[float] = []
            share = seconds / rounds
            for _ in range(rounds):
                tape_took += [t for w in tape.window(p, share) for t in w]
                floor_took += [t for w in floor.window(p, share) for t in w]
            tape_rate, floor_rate = len(tape_took) / seconds, len(floor_took) / seconds
            rates.append(tape_rate)
            t50 = percentile(sorted(tape_took), 50)
            f50 = percentile(sorted(floor_took), 50)
            share_of_floor = tape_rate / floor_rate
            print(
                f"  {p:>7} {tape_rate:>12,.0f} {floor_rate:>13,.0f} {share_of_floor:>10.0%} "
                f"{t50:>7.2f}ms {f50:>7.2f}ms {t50 / f50:>8.2f}x  {_load()}"
            )
    finally:
        tape.close()
        floor.close()
    steps = itertools.pairwise(zip(counts, rates, strict=True))
    falls = [f"{a}->{b}" for (a, ra), (b, rb) in steps if rb < ra]
    print(
        f"  tape's pairs/s never falls as writers are added: {'met' if not falls else 'NOT met'}"
        + (f" (falls {', '.join(falls)})" if falls else "")
    )


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3000)
    parser.add_argument("--claims", type=int, default=30000, help="effects seeded for claiming")
    parser.add_argument("--claimers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=6.0, help="per side, over all rounds")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--writers", default="", help="e.g. 1,2,4,8,16: throughput as writer processes are added"
    )
    args = parser.parse_args()
    if args.writers:
        counts = [int(c) for c in args.writers.split(",")]
        with scratch_postgres() as url:
            _floor_step(url)  # its table, before the writers race to create it
            report_writers("Postgres", url, counts, args.seconds, args.rounds)
        if not args.skip_sqlite:
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{tmp}/bench.db"
                migrations.upgrade(url)
                _floor_step(url)
                report_writers("SQLite", url, counts, args.seconds, args.rounds)
        return
    with scratch_postgres() as url:
        report_pairs("Postgres", url, args.pairs)
        _seed(url, args.claims)
        create_cas_table(url, 100_000 * args.rounds)
        reported: dict[str, list[Claim]] = {}
        total = won = 0
        elapsed = cas_elapsed = 0.0
        share = args.seconds / args.rounds
        for r in range(args.rounds):  # alternate, so load on the machine hits both alike
            everything, distinct, took = bench_claims(url, args.claimers, share, str(r))
            reported.update(everything)
            total, elapsed = total + distinct, elapsed + took
            got, took = bench_bare_cas(url, args.claimers, share, (r * 100_000, (r + 1) * 100_000))
            won, cas_elapsed = won + got, cas_elapsed + took
        verify_claims(url, reported)  # fails loudly on a double or phantom claim
        rate, bare = total / elapsed, won / cas_elapsed
        print(
            f"Postgres: single-row dispatch claims ({args.claimers} concurrent claimer "
            f"processes): {total} distinct successful claims in {elapsed:.2f} s = "
            f"{rate:,.0f} claims/s (each checked in the database: claimed once, attempt 1, by "
            "the claimer that reported it)"
        )
        print(
            f"  bare compare-and-swap UPDATE + commit ({args.claimers} processes, same run, "
            f"{args.rounds} rounds alternating with the claims): {won} in {cas_elapsed:.2f} s "
            f"= {bare:,.0f}/s; ratio {rate / bare:.0%}; target >= 50%: "
            f"{'met' if rate >= bare / 2 else 'NOT met'}"
        )
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.db"
            migrations.upgrade(url)
            report_pairs("SQLite", url, args.pairs)


if __name__ == "__main__":
    main()
