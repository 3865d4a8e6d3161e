"""Finishing a run's compensation when the ``compensate_run`` saga did not.

A saga that stopped after moving its run to COMPENSATING leaves the run's obligations due (a
held obligation is due while its run is COMPENSATING) and the compensation pass drains them;
:func:`settle_runs` then ends each COMPENSATING run with nothing left to do the way the saga
would have: STUCK if any of its obligations is STUCK, else FAILED.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ColumnElement, Connection, exists, select

from tape.enums import ObligationStatus, RunStatus
from tape.records import RunState
from tape.store import run_links, runs, tables
from tape.store.engine import Database

obligations = tables.obligations
run_table = tables.runs


def _nothing_left() -> ColumnElement[bool]:
    return ~exists().where(
        obligations.c.run_id == run_table.c.run_id,
        obligations.c.status.in_([ObligationStatus.PENDING, ObligationStatus.COMMITTED]),
    )


def settle_runs(db: Database, *, limit: int) -> list[RunState]:
    """End the COMPENSATING runs none of whose obligations is left to do (PENDING or COMMITTED).

    Read first (most passes find none, and on SQLite a write transaction is a database lock),
    then one short transaction per run: the check again, then the run's conditional UPDATE
    (COMPENSATING only), which locks its row, and its journal row. An obligation the run comes
    to owe meanwhile is registered due (its run is COMPENSATING), so ending the run strands none.
    """
    candidates = (
        select(run_table.c.run_id)
        .where(run_table.c.status == RunStatus.COMPENSATING, _nothing_left())
        .order_by(run_table.c.run_id)
        .limit(limit)
    )
    with db.read() as conn:
        run_ids = list(conn.execute(candidates).scalars())
    settled = []
    for run_id in run_ids:
        with db.write() as conn:
            moved = _settle(db, conn, run_id)
        if moved is not None:
            settled.append(moved)
    return settled


def settle_run(db: Database, run_id: str) -> RunState | None:
    """End one COMPENSATING run now if it owes nothing (else None): what the pass would do."""
    with db.write() as conn:
        return _settle(db, conn, run_id)


def _settle(db: Database, conn: Connection, run_id: str) -> RunState | None:
    still = select(run_table.c.run_id).where(
        run_table.c.run_id == run_id, run_table.c.status == RunStatus.COMPENSATING, _nothing_left()
    )
    if conn.execute(still).first() is None:
        return None  # the saga ended it, or it owes something new
    rows = conn.execute(
        select(obligations.c.kind, obligations.c.status)
        .where(obligations.c.run_id == run_id)
        .order_by(obligations.c.seq.desc())
    ).all()
    detail: dict[str, Any] = {
        "compensated": [k for k, s in rows if s == ObligationStatus.COMPENSATED],
        "stuck": [k for k, s in rows if s == ObligationStatus.STUCK],
        "settled_by": "compensation-pass",
    }
    end = RunStatus.STUCK if detail["stuck"] else RunStatus.FAILED
    # An undone run (a deadline, a cancelled parent) ends CANCELLED, keeping its reason.
    undone = run_links.cancelled_undo(
        conn.execute(select(run_table.c.detail_json).where(run_table.c.run_id == run_id)).scalar()
        or ""
    )
    if undone is not None:
        detail = {**undone, **detail}
        end = RunStatus.STUCK if detail["stuck"] else RunStatus.CANCELLED
    return runs.transition_run(
        db,
        run_id,
        end,
        detail_json=json.dumps(detail, separators=(",", ":")),
        conn=conn,
        release=undone is not None,
    )
