"""Gap safety of the journal's global order under out-of-order commits, on Postgres and SQLite.

Sixteen writers journal rows, each on its own run; their transactions are held open for
random spans before they commit (on Postgres with ``pg_sleep`` inside the transaction, so a
transaction that took its xid first often commits last; every fourth writer also waits on a
barrier with its row written, so several commit in a burst behind younger ones). A reader
tails the journal meanwhile, resuming after the last row it read, as ``tape tail`` and the
event bus do. It must see every row exactly once, in an order every reader agrees on (the
order of a full read afterwards), and each run's rows in its seq order.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from tape import Journal
from tape.records import JournalEntry
from tape.store import entries

pytestmark = pytest.mark.journal_backends("postgres", "sqlite")

WRITERS = 16
ROUNDS = 12


def _position(entry: JournalEntry) -> tuple[int, int]:
    return (entry.xid, entry.global_seq)


def _read_all(journal: Journal, after: int) -> list[JournalEntry]:
    rows: list[JournalEntry] = []
    last = after
    while page := journal.read_journal(after_global_seq=last, limit=1000):
        rows.extend(page)
        last = page[-1].global_seq
    return rows


def test_sixteen_writers_committing_out_of_order_and_a_tailing_reader(journal: Journal) -> None:
    db = journal.database
    tag = uuid.uuid4().hex[:8]
    run_ids = [
        journal.begin_run(
            app_name="gap",
            user_id=f"w{i}",
            session_id="s",
            invocation_id=f"{tag}-{i}",
            lease_owner=f"w{i}",
        ).run_id
        for i in range(WRITERS)
    ]
    baseline = _read_all(journal, 0)
    start = baseline[-1].global_seq if baseline else 0
    held = threading.Barrier(WRITERS // 4, timeout=60)
    done = threading.Event()

    def writer(w: int) -> None:
        rng = random.Random(w)
        for r in range(ROUNDS):
            with db.write() as conn:
                subject = f"/tape/test/gap/{tag}/w{w}/r{r}"
                entries.record(db, conn, run_ids[w], "test", subject, {"w": w, "r": r})
                hold = rng.uniform(0.0, 0.03 if db.is_postgres else 0.002)
                if db.is_postgres:
                    conn.execute(text("SELECT pg_sleep(:s)"), {"s": hold})
                else:
                    time.sleep(hold)
                if w % 4 == 0 and r % 3 == 0 and db.is_postgres:
                    # Row written, not committed: the held writers commit together, after
                    # younger transactions of the other writers did.
                    held.wait()

    seen: list[JournalEntry] = []

    def tail() -> None:
        last = start
        while True:
            finished = done.is_set()
            page = journal.read_journal(after_global_seq=last, limit=50)
            if page:
                at = [_position(e) for e in page]
                assert at == sorted(set(at)), f"page out of order: {at}"
                assert not seen or at[0] > _position(seen[-1]), "a row behind the reader"
                seen.extend(page)
                last = page[-1].global_seq
            elif finished:
                return
            else:
                time.sleep(0.001)

    with ThreadPoolExecutor(max_workers=WRITERS + 1) as pool:
        reader = pool.submit(tail)
        writers = [pool.submit(writer, w) for w in range(WRITERS)]
        for f in writers:
            f.result(timeout=120)
        done.set()
        reader.result(timeout=120)

    full = _read_all(journal, start)
    ours = [e for e in seen if e.subject.startswith(f"/tape/test/gap/{tag}/")]
    assert len(ours) == WRITERS * ROUNDS, "a row was missed"
    ids = [e.global_seq for e in seen]
    assert len(ids) == len(set(ids)), "a row was seen twice"
    assert seen == full, "the tailing reader and a full read disagree on the order"
    assert all(a < b for a, b in itertools.pairwise(_position(e) for e in seen))
    subjects = {e.subject for e in ours}
    assert subjects == {
        f"/tape/test/gap/{tag}/w{w}/r{r}" for w in range(WRITERS) for r in range(ROUNDS)
    }
    for w, run_id in enumerate(run_ids):
        rounds = [e.payload["r"] for e in ours if e.run_id == run_id]
        assert rounds == list(range(ROUNDS)), f"writer {w}'s rows out of its order"
    if db.is_postgres:
        # The commits really were out of order: ids (taken at insert) are not the order read.
        assert ids != sorted(ids)
