"""A reader tailing the journal never misses a row.

Writers commit concurrently while a reader pages through ``read_journal(after_global_seq=...)``
resuming after the last row it read. The order is (xid, global_seq) (docs/event-bus.md):
on Postgres writers number rows under no lock, and readers read only below the oldest
transaction still in progress, so a transaction that wrote a row and commits late must still be
seen, and writers must not wait for it (the late-commit tests hold one open by hand).
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, insert
from sqlalchemy.engine import Connection, Engine

from tape import Journal
from tape.enums import EffectStatus
from tape.records import JournalEntry
from tape.store import tables

# The journal contract, on every backend, and through a tape server (tape://).
pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")

WRITERS = 8
ROUNDS = 13  # x3 transitions + the begin row = 40 journal rows per writer
PAGE = 25


def new_run(journal: Journal, name: str) -> tuple[str, int]:
    begun = journal.begin_run(
        app_name="tail",
        user_id=name,
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner=name,
    )
    return begun.run_id, begun.lease_epoch


def write_some(journal: Journal, run_id: str, epoch: int, rounds: int, start: int = 0) -> None:
    """``rounds`` x (begin_effect, complete_effect, record_decision): 3 journal rows each."""
    for i in range(start, start + rounds):
        effect = journal.begin_effect(
            run_id=run_id, decision_index=i, tool_name="tool", lease_epoch=epoch
        )
        journal.complete_effect(
            run_id=run_id,
            idempotency_key=effect.idempotency_key,
            status=EffectStatus.CONFIRMED if i % 2 else EffectStatus.FAILED,
            lease_epoch=epoch,
        )
        journal.record_decision(run_id=run_id, decision_index=i, model="m", lease_epoch=epoch)


def read_all(journal: Journal) -> list[JournalEntry]:
    rows: list[JournalEntry] = []
    last = 0
    while page := journal.read_journal(after_global_seq=last, limit=1000):
        rows.extend(page)
        last = page[-1].global_seq
    return rows


def position(entry: JournalEntry) -> tuple[int, int]:
    """A row's place in the global order."""
    return (entry.xid, entry.global_seq)


def all_done(futures: list[Future[None]]) -> Callable[[], bool]:
    return lambda: all(f.done() for f in futures)


class Tail:
    """A reader that resumes after the last global seq it saw, recording every page."""

    def __init__(self, journal: Journal, after: int = 0) -> None:
        self.journal = journal
        self.last = after
        self.seen: list[JournalEntry] = []

    def poll(self) -> list[JournalEntry]:
        page = self.journal.read_journal(after_global_seq=self.last, limit=PAGE)
        at = [position(e) for e in page]
        assert at == sorted(set(at)), f"page out of order: {at}"
        assert not self.seen or not at or at[0] > position(self.seen[-1])
        if page:
            self.last = page[-1].global_seq
            self.seen.extend(page)
        return page

    def drain(self) -> None:
        while self.poll():
            pass

    def follow(self, done: Callable[[], bool]) -> None:
        """Poll until ``done()`` and then until an empty page."""
        while True:
            finished = done()
            if not self.poll():
                if finished:
                    return
                time.sleep(0.002)

    def check_against(self, full: list[JournalEntry]) -> None:
        gseqs = [e.global_seq for e in self.seen]
        assert len(gseqs) == len(set(gseqs)), "a row was seen twice"
        at = [position(e) for e in self.seen]
        assert all(a < b for a, b in itertools.pairwise(at)), "not increasing"
        missed = {e.global_seq for e in full} - set(gseqs)
        assert not missed, f"the tailing reader missed rows {sorted(missed)}"
        assert self.seen == full


def test_tailing_reader_sees_every_row_once_in_order(journal: Journal) -> None:
    runs = [new_run(journal, f"w{i}") for i in range(WRITERS)]
    tail = Tail(journal)
    start = threading.Barrier(WRITERS + 1)

    def writer(run: tuple[str, int]) -> None:
        start.wait(timeout=30)
        write_some(journal, run[0], run[1], ROUNDS)

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        futures = [pool.submit(writer, run) for run in runs]
        start.wait(timeout=30)
        tail.follow(all_done(futures))
        for f in futures:
            f.result()

    full = read_all(journal)
    assert len(full) == WRITERS * (1 + 3 * ROUNDS)
    tail.check_against(full)
    # per run, the seqs are contiguous and in global order
    for run_id, _ in runs:
        seqs = [e.seq for e in tail.seen if e.run_id == run_id]
        assert seqs == list(range(1, 2 + 3 * ROUNDS))


def test_many_tailing_readers_agree(journal_url: str, journal: Journal) -> None:
    """Several readers with their own clients, each on its own page size, see the same rows."""
    runs = [new_run(journal, f"w{i}") for i in range(4)]
    readers = [Tail(Journal(journal_url)) for _ in range(3)]
    stop = threading.Event()
    try:
        with ThreadPoolExecutor(max_workers=len(runs) + len(readers)) as pool:
            tails = [pool.submit(r.follow, stop.is_set) for r in readers]
            writes = [pool.submit(write_some, journal, run_id, epoch, 8) for run_id, epoch in runs]
            for f in writes:
                f.result()
            stop.set()
            for f in tails:
                f.result()
        full = read_all(journal)
        for reader in readers:
            reader.check_against(full)
    finally:
        for reader in readers:
            reader.journal.close()


# -- Postgres: a late commit -------------------------------------------------------------------


@pytest.fixture
def raw_engine(pg_url: str) -> Iterator[Engine]:
    engine = create_engine(pg_url, poolclass=None)
    yield engine
    engine.dispose()


def _late_row(conn: Connection) -> int:
    return int(
        conn.execute(
            insert(tables.journal)
            .values(
                run_id="", seq=0, kind="test", payload_json="{}", ts_ms=0, subject="/tape/test/late"
            )
            .returning(tables.journal.c.global_seq)
        ).scalar_one()
    )


@pytest.mark.postgres_only
def test_late_commit_is_not_skipped_and_writers_do_not_wait_for_it(
    pg_url: str, raw_engine: Engine
) -> None:
    """A transaction writes a journal row and commits ~300 ms later.

    Writers that journal meanwhile finish without waiting for it, yet none of their rows is
    readable while it is open (they are past the horizon it holds); once it commits, a reader
    that keeps polling sees the late row first and then all of theirs, skipping none.
    """
    journal = Journal(pg_url)
    try:
        runs = [new_run(journal, f"w{i}") for i in range(4)]
        tail = Tail(journal)
        tail.drain()
        tail.seen.clear()
        baseline = tail.last

        with raw_engine.connect() as conn, ThreadPoolExecutor(max_workers=len(runs)) as pool:
            trans = conn.begin()
            late = _late_row(conn)
            done = [pool.submit(write_some, journal, run_id, epoch, 2) for run_id, epoch in runs]
            for f in done:
                f.result(timeout=30)  # no writer waits for the open transaction
            held_until = time.monotonic() + 0.3
            while time.monotonic() < held_until:
                assert tail.poll() == [], "a row past the horizon became readable"
                time.sleep(0.01)
            trans.commit()
            tail.follow(lambda: True)

        full = read_all(journal)
        tail_full = full[[e.global_seq for e in full].index(tail.seen[0].global_seq) :]
        assert tail.seen == tail_full
        assert tail.seen[0].global_seq == late
        assert tail.seen[0].subject == "/tape/test/late"
        assert len(tail.seen) == 1 + len(runs) * 2 * 3
        assert all(e.global_seq > baseline for e in tail.seen)
        tail.check_against(tail_full)
    finally:
        journal.close()


@pytest.mark.postgres_only
def test_reader_never_skips_while_writers_commit_out_of_order(
    pg_url: str, raw_engine: Engine
) -> None:
    """Writers run while an older transaction holds the horizon, several times over; the
    tailing reader must still end up with every row, in order, each once."""
    journal = Journal(pg_url)
    try:
        runs = [new_run(journal, f"w{i}") for i in range(6)]
        tail = Tail(journal)
        tail.drain()
        tail.seen.clear()
        baseline = tail.last
        lates = []
        with ThreadPoolExecutor(max_workers=len(runs) + 1) as pool:
            for burst in range(3):
                with raw_engine.connect() as conn:
                    trans = conn.begin()
                    lates.append(_late_row(conn))
                    futures = [
                        pool.submit(write_some, journal, run_id, epoch, 1, burst)
                        for run_id, epoch in runs
                    ]
                    reader = pool.submit(tail.follow, all_done(futures))
                    time.sleep(0.1)
                    trans.commit()
                for f in futures:
                    f.result()
                reader.result()
            tail.follow(lambda: True)
        full = read_all(journal)
        full = full[[e.global_seq for e in full].index(tail.seen[0].global_seq) :]
        assert len(full) == 3 * len(runs) * 3 + len(lates)
        assert all(e.global_seq > baseline for e in full)
        assert {e.global_seq for e in tail.seen} >= set(lates)
        tail.check_against(full)
    finally:
        journal.close()
