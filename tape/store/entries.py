"""Appending to and reading the journal (``tape_journal``).

Every state transition calls :func:`append` inside its own transaction, so the change and its
journal row commit together. The per-run ``seq`` comes from bumping ``tape_runs.seq_cursor``
(a row lock, so two writers of one run cannot race), and that same UPDATE is the fencing check:
a writer that passes a stale ``lease_epoch`` updates no row and is refused.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Connection, String, bindparam, insert, select, update
from sqlalchemy import text as sql_text

from tape import errors, state, subjects
from tape.enums import RunStatus
from tape.observability import tracing
from tape.records import JournalEntry, from_row
from tape.store import tables
from tape.store.engine import JOURNAL_LOCK_KEY, Database
from tape.store.prepared import Prepared

runs = tables.runs
journal = tables.journal


@dataclass(frozen=True, slots=True)
class Entry:
    """A journal row about to be written."""

    kind: str
    subject: str
    payload: dict[str, Any]
    run_id: str = ""


def allocate_seq(
    conn: Connection,
    run_id: str,
    *,
    count: int = 1,
    lease_epoch: int | None = None,
    live: bool = False,
) -> int:
    """Reserve ``count`` per-run seqs and return the first.

    Raises:
        RunNotFound: no such run.
        StaleLease: ``lease_epoch`` is not the run's current epoch.
        IllegalTransition: ``live`` and the run is over (TERMINAL, FAILED, CANCELLED).
    """
    params: dict[str, Any] = {"run_id": run_id, "count": count}
    if lease_epoch is not None:
        params["lease_epoch"] = lease_epoch
    got: Any = _ALLOCATE[lease_epoch is not None].execute(conn, params).first()
    if got is not None and live and RunStatus(got[1]) in state.RUN_FINAL:
        raise errors.IllegalTransition(
            f"run {run_id!r} is {RunStatus(got[1]).name}: a finished run takes no new "
            "decisions or effects"
        )
    last = got[0] if got is not None else None
    if last is None:
        current = conn.execute(select(runs.c.lease_epoch).where(runs.c.run_id == run_id)).scalar()
        if current is None:
            raise errors.RunNotFound(f"no such run: {run_id!r}")
        raise errors.StaleLease(
            f"run {run_id!r} was taken over (lease epoch {current}, this writer holds "
            f"{lease_epoch}); this write was refused"
        )
    return int(last) - count + 1


def _allocate_statement(fenced: bool) -> Any:
    stmt = update(runs).where(runs.c.run_id == bindparam("run_id", type_=String))
    if fenced:
        stmt = stmt.where(runs.c.lease_epoch == bindparam("lease_epoch", type_=BigInteger))
    return stmt.values(
        seq_cursor=runs.c.seq_cursor + bindparam("count", type_=BigInteger)
    ).returning(runs.c.seq_cursor, runs.c.status)


#: Every transition allocates seqs: built once (unfenced, fenced).
_ALLOCATE = {
    False: Prepared("allocate_seq", lambda: _allocate_statement(False)),
    True: Prepared("allocate_seq", lambda: _allocate_statement(True)),
}


def release_seq(conn: Connection, run_id: str) -> None:
    """Give back the last seq :func:`allocate_seq` reserved in this transaction, unused."""
    conn.execute(
        update(runs).where(runs.c.run_id == run_id).values(seq_cursor=runs.c.seq_cursor - 1)
    )


def append(db: Database, conn: Connection, entries: Sequence[Entry], *, first_seq: int = 0) -> None:
    """Write ``entries``; run rows get consecutive seqs from ``first_seq``.

    Call it as the last statement before commit: on Postgres it takes the journal lock, which
    is held until the transaction ends, so global seqs are handed out in commit order.
    """
    if not entries:
        return
    now = db.now_ms()
    seq = first_seq
    rows = []
    for entry in entries:
        row_seq = 0
        if entry.run_id:
            row_seq = seq
            seq += 1
        rows.append(_row(entry, row_seq, now))
    write_rows(db, conn, rows)


def write_rows(db: Database, conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert journal rows, numbering them in commit order.

    Postgres: one statement takes the journal lock (held to commit) and numbers the rows after
    it, in the order given. SQLite: writers are serialised, so the rowid is the order.
    """
    if not rows:
        return
    if not db.is_postgres:
        conn.execute(insert(journal), rows)
        return
    conn.execute(
        _LOCKED_INSERT,
        {
            "lock": JOURNAL_LOCK_KEY,
            "run_ids": [r["run_id"] for r in rows],
            "seqs": [r["seq"] for r in rows],
            "kinds": [r["kind"] for r in rows],
            "payloads": [r["payload_json"] for r in rows],
            "ts": [r["ts_ms"] for r in rows],
            "subjects": [r["subject"] for r in rows],
            "trace_ids": [r["trace_id"] for r in rows],
            "span_ids": [r["span_id"] for r in rows],
        },
    )


# The lock is in FROM, so it is taken before any row is projected (and numbered by nextval);
# the ordered subquery numbers rows in the order given. Compiled once, whatever the batch size.
_LOCKED_INSERT = sql_text(
    """
    INSERT INTO tape_journal (global_seq, run_id, seq, kind, payload_json, ts_ms, subject,
                              trace_id, span_id)
    SELECT nextval('tape_journal_global_seq'), v.run_id, v.seq, v.kind, v.payload_json,
           v.ts_ms, v.subject, v.trace_id, v.span_id
      FROM (SELECT pg_advisory_xact_lock(:lock)) AS journal_lock,
           (SELECT * FROM unnest(CAST(:run_ids AS text[]), CAST(:seqs AS bigint[]),
                                 CAST(:kinds AS text[]), CAST(:payloads AS text[]),
                                 CAST(:ts AS bigint[]), CAST(:subjects AS text[]),
                                 CAST(:trace_ids AS text[]), CAST(:span_ids AS text[]))
                   WITH ORDINALITY AS u(run_id, seq, kind, payload_json, ts_ms, subject,
                                        trace_id, span_id, ord)
             ORDER BY u.ord) AS v
    """
)


def record(
    db: Database,
    conn: Connection,
    run_id: str,
    kind: str,
    subject: str,
    payload: dict[str, Any],
    *,
    lease_epoch: int | None = None,
) -> int:
    """Allocate one seq for ``run_id`` and journal one row; returns the seq."""
    seq = allocate_seq(conn, run_id, lease_epoch=lease_epoch)
    append(db, conn, [Entry(kind, subject, payload, run_id)], first_seq=seq)
    return seq


def append_numbered(db: Database, conn: Connection, numbered: Sequence[tuple[Entry, int]]) -> None:
    """Write entries whose per-run seqs were already reserved with :func:`allocate_seq`."""
    if not numbered:
        return
    now = db.now_ms()
    write_rows(db, conn, [_row(entry, seq, now) for entry, seq in numbered])


class Pending:
    """Journal rows a batch transaction writes at its end, in one go.

    Lock order, which every transaction follows so none can deadlock another: the rows a
    transition changes (or, parking on an ``effect:`` gate, locks: :mod:`tape.store.gates`),
    then the runs whose seqs it allocates (a batch allocates them sorted by run id, here), then
    the journal lock; after the journal lock only runs already locked.
    A batch that wrote rows as it went would take the journal lock and then lock further runs,
    while a single transition holding one of those runs waits for the journal lock.
    """

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._gates: set[str] = set()

    def add(self, entry: Entry) -> None:
        self._entries.append(entry)

    def release_gate(self, gate: str) -> None:
        """At flush, make runs WAITING on ``gate`` RUNNABLE (recovery re-drives them).

        The transaction must already hold the row whose change releases the gate (the effect
        row, for ``effect:<key>``): the park locks it first too (:mod:`tape.store.gates`), so
        the lookup at flush sees every run that parked before it.
        """
        self._gates.add(gate)

    def flush(self, db: Database, conn: Connection) -> None:
        """Release waiting runs, allocate seqs (runs in sorted order), write every row."""
        by_run: dict[str, list[Entry]] = {}
        loose: list[Entry] = []
        for entry in self._entries:
            if entry.run_id:
                by_run.setdefault(entry.run_id, []).append(entry)
            else:
                loose.append(entry)
        self._entries = []
        waiting = self._waiting_runs(conn)
        firsts: dict[str, int] = {}
        for run_id in sorted(set(by_run) | set(waiting)):
            if run_id in waiting:
                released = _release(conn, run_id, waiting[run_id])
                if released is not None:
                    by_run.setdefault(run_id, []).append(released)
            if by_run.get(run_id):
                firsts[run_id] = allocate_seq(conn, run_id, count=len(by_run[run_id]))
        now = db.now_ms()
        rows_out = [_row(e, 0, now) for e in loose]
        for run_id, run_entries in sorted(by_run.items()):
            if run_entries:
                rows_out.extend(_row(e, firsts[run_id] + i, now) for i, e in enumerate(run_entries))
        write_rows(db, conn, rows_out)

    def _waiting_runs(self, conn: Connection) -> dict[str, str]:
        if not self._gates:
            return {}
        gates, self._gates = sorted(self._gates), set()
        rows = conn.execute(
            select(runs.c.run_id, runs.c.waiting_on_gate).where(
                runs.c.status == RunStatus.WAITING, runs.c.waiting_on_gate.in_(gates)
            )
        ).all()
        return {run_id: gate for run_id, gate in rows}


def release_waiting(conn: Connection, run_id: str, gate: str) -> bool:
    """WAITING on ``gate`` -> RUNNABLE, if it still is (conditional; locks the run)."""
    row = conn.execute(
        update(runs)
        .where(
            runs.c.run_id == run_id,
            runs.c.status == RunStatus.WAITING,
            runs.c.waiting_on_gate == gate,
        )
        .values(status=RunStatus.RUNNABLE, waiting_on_gate="")
        .returning(runs.c.run_id)
    ).first()
    return row is not None


def _release(conn: Connection, run_id: str, gate: str) -> Entry | None:
    if not release_waiting(conn, run_id, gate):
        return None
    subject = subjects.build("gate", "released", gate, run_id)
    return Entry("gate", subject, {"gate": gate, "transition": "released"}, run_id)


def effect_gate(idempotency_key: str) -> str:
    """The gate a run waits on for an effect's outcome; released when it is final."""
    return f"effect:{idempotency_key}"


def journal_row(entry: Entry, seq: int, now: int) -> dict[str, Any]:
    """The column values of ``entry``'s journal row (``global_seq`` is numbered at insert)."""
    return _row(entry, seq, now)


def _row(entry: Entry, seq: int, now: int) -> dict[str, Any]:
    # The span the row is written under, so one run reads as one trace (tracing.py).
    trace_id, span_id = tracing.current_ids()
    return {
        "run_id": entry.run_id,
        "seq": seq,
        "kind": entry.kind,
        "payload_json": json.dumps(entry.payload, separators=(",", ":"), default=str),
        "ts_ms": now,
        "subject": entry.subject,
        "trace_id": trace_id,
        "span_id": span_id,
    }


def read(
    db: Database,
    *,
    run_id: str = "",
    from_seq: int = 0,
    after_global_seq: int = 0,
    kind: str = "",
    subject_pattern: str = "",
    limit: int = 512,
) -> list[JournalEntry]:
    """Journal rows in global-seq order, filtered."""
    stmt = select(journal).where(journal.c.global_seq > after_global_seq)
    if run_id:
        stmt = stmt.where(journal.c.run_id == run_id, journal.c.seq >= from_seq)
    if kind:
        stmt = stmt.where(journal.c.kind == kind)
    prefilter = subjects.like_prefilter(subject_pattern)
    if prefilter is not None:
        stmt = stmt.where(journal.c.subject.like(prefilter, escape="\\"))
    stmt = stmt.order_by(journal.c.global_seq)
    if not subject_pattern:
        with db.read() as conn:
            rows = conn.execute(stmt.limit(limit)).mappings().all()
        return [from_row(JournalEntry, r) for r in rows]
    # LIKE only narrows (``*`` becomes ``%``, which spans segments): match exactly, then limit,
    # paging on so a reader never gets an empty page while matching rows lie further on.
    found: list[JournalEntry] = []
    cursor = after_global_seq
    page = max(limit, 512)
    with db.read() as conn:
        while len(found) < limit:
            rows = (
                conn.execute(stmt.where(journal.c.global_seq > cursor).limit(page)).mappings().all()
            )
            for row in rows:
                entry = from_row(JournalEntry, row)
                if subjects.match(subject_pattern, entry.subject):
                    found.append(entry)
                    if len(found) == limit:
                        break
            if len(rows) < page:
                break
            cursor = rows[-1]["global_seq"]
    return found
