"""SQL for undoing a run that is still going: a deadline that fired, a cancelled parent's
children (docs/composing.md).

To *undo* a run is to cancel it and compensate what it owes, in one short transaction: the
run goes COMPENSATING with detail ``{"cancelled": true, "reason": ...}``. From there the
existing compensation path does the rest: its held obligations fall due (an obligation it
comes to owe later, from an effect confirmed after this, is registered due), the compensation
pass runs each inverse once, newest first, and settles the run CANCELLED with the same reason
once nothing is left (STUCK if an inverse is stuck).

Only a run that is still going is undone (RUNNABLE, RUNNING, WAITING, STUCK): a finished one
(TERMINAL, FAILED, CANCELLED) or one already being undone (COMPENSATING) is left as it is,
which is what makes a late deadline harmless and a repeated undo idempotent. The run's row is
read under its lock, then moved by the usual conditional UPDATE and its lease epoch bumped, so
an attempt ending the run at the same moment either commits first (and the undo finds it
over) or finds the run COMPENSATING under a newer epoch (its next write is refused).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select, update

from tape import errors
from tape.enums import ObligationStatus, RunStatus
from tape.records import RunState
from tape.store import compensation, run_links, runs, tables
from tape.store.engine import Database

run_table = tables.runs
obligations = tables.obligations

#: Runs an undo cancels: those still going (a STUCK one waits for a human, it is not over).
UNDOABLE: frozenset[RunStatus] = frozenset(
    {RunStatus.RUNNABLE, RunStatus.RUNNING, RunStatus.WAITING, RunStatus.STUCK}
)


def undo(
    db: Database,
    run_id: str,
    *,
    reason: str,
    by: str,
    extra: dict[str, Any] | None = None,
    due_at_ms: int = 0,
) -> RunState | None:
    """Cancel ``run_id`` and make what it owes due (see the module doc).

    Returns the run moved to COMPENSATING, or None when it was not going any more (nothing
    was written).

    Raises:
        RunNotFound: no such run.
    """
    with db.write() as conn:
        return undo_in(db, conn, run_id, reason=reason, by=by, extra=extra, due_at_ms=due_at_ms)


def undo_in(
    db: Database,
    conn: Connection,
    run_id: str,
    *,
    reason: str,
    by: str,
    extra: dict[str, Any] | None = None,
    due_at_ms: int = 0,
) -> RunState | None:
    """:func:`undo` inside the caller's transaction; what the run owes is due from
    ``due_at_ms`` (default now)."""
    # What the run owes falls due from now: runs undone one after the other (a cascade,
    # newest first) are listed by the compensation pass in that order. Its obligation rows
    # first, then the run's row: the store's lock order. A held obligation is not claimable
    # until the run is COMPENSATING, which only this transaction makes it, so no claim holds
    # these rows; on a run that is not undone the change is unseen (held stays held).
    conn.execute(
        update(obligations)
        .where(
            obligations.c.run_id == run_id,
            obligations.c.status == ObligationStatus.PENDING,
            obligations.c.held == 1,
        )
        .values(next_attempt_at_ms=due_at_ms or db.now_ms())
    )
    status = conn.execute(
        select(run_table.c.status).where(run_table.c.run_id == run_id).with_for_update()
    ).scalar()
    if status is None:
        raise errors.RunNotFound(f"no such run: {run_id!r}")
    if RunStatus(status) not in UNDOABLE:
        return None
    detail = {"cancelled": True, "reason": reason, "undone_by": by, **(extra or {})}
    moved = runs.transition_run(
        db,
        run_id,
        RunStatus.COMPENSATING,
        detail_json=json.dumps(detail, separators=(",", ":"), default=str),
        conn=conn,
    )
    # Fence the attempt that may still be driving it: its next write carries the old epoch
    # and is refused (a COMPENSATING run is not over, so nothing else would stop it).
    row = conn.execute(
        update(run_table)
        .where(run_table.c.run_id == run_id)
        .values(lease_epoch=run_table.c.lease_epoch + 1)
        .returning(*run_table.c)
    ).first()
    return runs._state(row._mapping) if row is not None else moved


def undo_children(db: Database, run_id: str, *, reason: str) -> list[RunState]:
    """Undo every descendant of ``run_id`` still going, newest first (a child's own children
    before it), one short transaction each; returns the runs undone.

    What the n-th of them owes falls due n ms after the first's, so the compensation pass
    lists (and a single drainer runs) the newest child's inverses first."""
    order = _descendants(db, run_id)
    base = db.now_ms()
    undone: list[RunState] = []
    for i, (child, parent) in enumerate(order):
        moved = undo(db, child, reason=reason, by=f"parent:{parent}", due_at_ms=base + i)
        if moved is not None:
            # one that owes nothing ends CANCELLED now
            undone.append(compensation.settle_run(db, child) or moved)
    return undone


def _descendants(db: Database, run_id: str) -> list[tuple[str, str]]:
    """(child, its parent) below ``run_id``: newest child first, each one's own children
    before it."""
    found: list[tuple[str, str]] = []
    for child in run_links.children_of(db, run_id):
        found.extend(_descendants(db, child))
        found.append((child, run_id))
    return found


def deadline_at(db: Database, run_id: str) -> int:
    """When the run's deadline fires (epoch ms), 0 when it has none or it fired."""
    timers = tables.timers
    with db.read() as conn:
        found = conn.execute(
            select(timers.c.fire_at_ms).where(
                timers.c.run_id == run_id, timers.c.timer_id == "deadline", timers.c.fired == 0
            )
        ).scalar()
    return int(found or 0)
