"""Appending to and reading the journal (``tape_journal``).

Every state transition calls :func:`append` inside its own transaction, so the change and its
journal row commit together. The per-run ``seq`` comes from bumping ``tape_runs.seq_cursor``
(a row lock, so two writers of one run cannot race), and that same UPDATE is the fencing check:
a writer that passes a stale ``lease_epoch`` updates no row and is refused.

The global order is (``xid``, ``global_seq``) (:mod:`tape.models.journal`): writers take no
lock to number rows, and :func:`read` returns only rows below the horizon, the oldest
transaction still in progress. A reader's position is the last row it read; given as that
row's ``global_seq``, it is resolved to the row's (xid, global_seq) in the same statement, so a
public cursor stays one number. A long transaction anywhere on the Postgres cluster holds the
horizon, and so every reader, back until it ends (``tape doctor --live`` shows its age).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    String,
    bindparam,
    func,
    insert,
    literal_column,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy import text as sql_text

from tape import errors, state, subjects
from tape.enums import RunStatus
from tape.observability import tracing
from tape.records import JournalEntry, from_row
from tape.records import Position as Position  # re-exported: callers say entries.Position
from tape.store import tables
from tape.store.engine import Database
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

    Each row records the writing transaction (its ``xid`` column's default): readers order by
    (xid, global_seq) below the horizon, so no writer waits for another to number its rows.
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
    """Insert journal rows, numbered in the order given.

    Postgres: one statement, whatever the batch size (one array per column). SQLite: writers
    are serialised, so the rowid is the order.
    """
    if not rows:
        return
    if not db.is_postgres:
        if len(rows) == 1:  # most transitions: the statement built once
            _INSERT_ONE.execute(conn, rows[0])
        else:
            conn.execute(insert(journal), rows)
        return
    conn.execute(
        _INSERT,
        {
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


_ROW_COLUMNS = ("run_id", "seq", "kind", "payload_json", "ts_ms", "subject", "trace_id", "span_id")
_INSERT_ONE = Prepared(
    "insert_journal_row",
    f"INSERT INTO tape_journal ({', '.join(_ROW_COLUMNS)}) "
    f"VALUES ({', '.join(f'%({c})s' for c in _ROW_COLUMNS)})",
)

# The ordered subquery numbers rows in the order given (``xid`` is the column's default).
# Compiled once, whatever the batch size.
_INSERT = sql_text(
    """
    INSERT INTO tape_journal (global_seq, run_id, seq, kind, payload_json, ts_ms, subject,
                              trace_id, span_id)
    SELECT nextval('tape_journal_global_seq'), v.run_id, v.seq, v.kind, v.payload_json,
           v.ts_ms, v.subject, v.trace_id, v.span_id
      FROM (SELECT * FROM unnest(CAST(:run_ids AS text[]), CAST(:seqs AS bigint[]),
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
    then the runs whose seqs it allocates (a batch allocates them sorted by run id, here). The
    journal rows themselves take no lock (:mod:`tape.models.journal`); writing them at the end
    keeps each run's rows consecutive in its seq order.
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


#: The oldest transaction in progress on the cluster (xid8 through text: exact, below 2^63).
_HORIZON_SQL = "(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint"


def horizon(db: Database) -> Any:
    """The xid below which every transaction has ended (SQL), or None on SQLite (no filter)."""
    if not db.is_postgres:
        return None
    return literal_column(_HORIZON_SQL)


def _at(after_global_seq: int) -> Any:
    """The position of row ``after_global_seq`` (SQL): its xid, or that of the nearest row
    before it if it is not there (0 before any row)."""
    row = bindparam("after_row", int(after_global_seq), type_=BigInteger)
    xid = (
        select(journal.c.xid)
        .where(journal.c.global_seq <= row)
        .order_by(journal.c.global_seq.desc())
        .limit(1)
        .scalar_subquery()
    )
    return tuple_(func.coalesce(xid, 0), row)


def after(db: Database, position: Position | int) -> Any:
    """The condition "below the horizon and after ``position``" of the global order.

    ``position`` is a pair, or the ``global_seq`` of the last row read (resolved in the
    statement). Rows below the horizon were written by transactions that have ended, so a row
    not read yet can only ever appear after ``position``: none can commit behind it.
    """
    order = tuple_(journal.c.xid, journal.c.global_seq)
    if isinstance(position, tuple):
        cond = order > tuple_(
            bindparam("after_xid", position[0], type_=BigInteger),
            bindparam("after_row", position[1], type_=BigInteger),
        )
    elif position > 0:
        cond = order > _at(position)
    else:
        cond = true()
    edge = horizon(db)
    return cond if edge is None else cond & (journal.c.xid < edge)


def ordered(stmt: Any) -> Any:
    """``stmt`` in the global order."""
    return stmt.order_by(journal.c.xid, journal.c.global_seq)


#: Seconds the horizon may be held before ``tape doctor --live`` warns.
HORIZON_WARN_S = 5.0


def horizon_holder(db: Database) -> dict[str, Any] | None:
    """The oldest transaction in progress on the cluster that holds the horizon (it has an
    xid), with its age in seconds; None on SQLite or when no transaction holds it.

    Only transactions that were given an xid (they wrote something) hold the horizon: a long
    read-only transaction does not. Seen through ``pg_stat_activity``, every database of the
    cluster: a role without ``pg_read_all_stats`` sees only its own sessions there.
    """
    if not db.is_postgres:
        return None
    with db.read() as conn:
        row = conn.execute(_HOLDER).mappings().first()
    if row is None:
        return None
    return {**dict(row), "age_s": float(row["age_s"] or 0.0)}


_HOLDER = sql_text(
    """
    SELECT pid, datname AS database, application_name AS application, state,
           extract(epoch FROM clock_timestamp() - xact_start) AS age_s
      FROM pg_stat_activity
     WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
     ORDER BY xact_start
     LIMIT 1
    """
)


#: How long a global read waits at most for rows already committed to become readable.
SETTLE_S = 5.0


def settle(db: Database, timeout_s: float | None = None) -> bool:
    """Wait until every journal row committed now is below the horizon; False on timeout.

    Committed rows past the horizon are rows of a transaction that started after one still in
    progress: they become readable when that one ends, normally within milliseconds (every
    journal transition is one short transaction). Waiting for that makes a read return what
    was committed before it started (a writer reads its own rows; a one-shot pass is caught
    up). A long transaction on the cluster makes this time out: the read then returns what is
    readable (``tape doctor --live`` shows the horizon's age).
    """
    if not db.is_postgres:
        return True
    deadline = time.monotonic() + (SETTLE_S if timeout_s is None else timeout_s)
    pause = 0.001
    with db.read() as conn:
        newest, passed = conn.execute(_NEWEST).one()  # one round trip when nothing is pending
        while not passed:
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
            passed = conn.execute(_PASSED, {"newest": newest}).scalar_one()
    return True


_NEWEST = sql_text(
    f"SELECT n.newest, {_HORIZON_SQL} > n.newest "
    "FROM (SELECT coalesce(max(xid), 0) AS newest FROM tape_journal) AS n"
)
_PASSED = sql_text(f"SELECT {_HORIZON_SQL} > CAST(:newest AS bigint)")


def read(
    db: Database,
    *,
    run_id: str = "",
    from_seq: int = 0,
    after_global_seq: int = 0,
    after_position: Position | None = None,
    kind: str = "",
    subject_pattern: str = "",
    limit: int = 512,
    settle_s: float | None = None,
) -> list[JournalEntry]:
    """Journal rows, filtered: one run's in its seq order (``run_id`` and no position),
    otherwise in the global order after ``after_position`` or the row ``after_global_seq``.

    A global read first lets the rows committed before it become readable (:func:`settle`).

    A run's seqs are handed out under its row lock, held to commit, so a run's own order is
    gap-safe without the horizon: a reader of one run resumes at the seq after its last.
    """
    start: Position | int = after_position if after_position is not None else after_global_seq
    by_run = bool(run_id) and not after_global_seq and after_position is None

    def page(position: Position | int) -> Any:
        if by_run:
            stmt = select(journal).where(journal.c.run_id == run_id, journal.c.seq >= from_seq)
            if isinstance(position, tuple):  # the next page of the run
                stmt = stmt.where(journal.c.seq > position[1])
            stmt = stmt.order_by(journal.c.seq)
        else:
            stmt = ordered(select(journal).where(after(db, position)))
            if run_id:
                stmt = stmt.where(journal.c.run_id == run_id, journal.c.seq >= from_seq)
        if kind:
            stmt = stmt.where(journal.c.kind == kind)
        prefilter = subjects.like_prefilter(subject_pattern)
        if prefilter is not None:
            stmt = stmt.where(journal.c.subject.like(prefilter, escape="\\"))
        return stmt

    if not by_run:
        settle(db, settle_s)
    if not subject_pattern:
        with db.read() as conn:
            rows = conn.execute(page(start).limit(limit)).mappings().all()
        return [from_row(JournalEntry, r) for r in rows]
    # LIKE only narrows (``*`` becomes ``%``, which spans segments): match exactly, then limit,
    # paging on so a reader never gets an empty page while matching rows lie further on.
    found: list[JournalEntry] = []
    size = max(limit, 512)
    with db.read() as conn:
        while len(found) < limit:
            rows = conn.execute(page(start).limit(size)).mappings().all()
            for row in rows:
                entry = from_row(JournalEntry, row)
                if subjects.match(subject_pattern, entry.subject):
                    found.append(entry)
                    if len(found) == limit:
                        break
            if len(rows) < size:
                break
            last = rows[-1]
            start = (last["xid"], last["seq"] if by_run else last["global_seq"])
    return found
