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

from sqlalchemy import Connection, and_, exists, func, select, update

from tape import errors, state, subjects
from tape.enums import ObligationStatus, RunStatus
from tape.records import RunState
from tape.store import entries, runs, tables
from tape.store.engine import Database
from tape.store.sql import insert_ignore, one

run_table = tables.runs
run_links = tables.run_links
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


def cancelled_undo(detail_json: str) -> dict[str, Any] | None:
    """The detail of an undo (``{"cancelled": true, "reason": ...}``) if ``detail_json`` is
    one, else None: how the compensation pass knows to end the run CANCELLED."""
    try:
        detail = json.loads(detail_json or "{}")
    except ValueError:
        return None
    if isinstance(detail, dict) and detail.get("cancelled") is True and "undone_by" in detail:
        return detail
    return None


# -- links: child runs and forks --------------------------------------------------------------

CHILD, FORK = "child", "fork"
#: The gate a parent parks on to wait for its child: released when the child ends.
CHILD_GATE_PREFIX = "child:"


def child_gate(child_run_id: str) -> str:
    return CHILD_GATE_PREFIX + child_run_id


def awaited_child(gate: str) -> str | None:
    """The child run a ``child:<run_id>`` gate waits for; None for any other gate."""
    return gate.removeprefix(CHILD_GATE_PREFIX) if gate.startswith(CHILD_GATE_PREFIX) else None


def link(
    db: Database,
    run_id: str,
    parent_run_id: str,
    *,
    kind: str,
    detail: dict[str, Any] | None = None,
    conn: Connection | None = None,
) -> bool:
    """Link ``run_id`` to ``parent_run_id`` (idempotent: a run has one parent, the first
    link wins); journaled on both runs. Returns whether this call made the link.

    Raises:
        RunNotFound: either run is missing.
        InvalidArgument: a run made its own parent, or a link to another parent exists.
    """
    if conn is None:
        with db.write() as new_conn:
            return link(db, run_id, parent_run_id, kind=kind, detail=detail, conn=new_conn)
    if run_id == parent_run_id:
        raise errors.InvalidArgument("a run cannot be its own parent")
    existing = one(conn, run_links, run_id=run_id)
    if existing is not None:
        if existing["parent_run_id"] != parent_run_id:
            raise errors.InvalidArgument(
                f"run {run_id!r} already has parent {existing['parent_run_id']!r}"
            )
        return False
    for rid in sorted({run_id, parent_run_id}):  # lock order: runs by id
        if one(conn, run_table, run_id=rid) is None:
            raise errors.RunNotFound(f"no such run: {rid!r}")
    payload = {"kind": kind, **(detail or {})}
    conn.execute(
        insert_ignore(db, run_links).values(
            run_id=run_id,
            parent_run_id=parent_run_id,
            kind=kind,
            detail_json=json.dumps(payload, separators=(",", ":"), default=str),
            created_at_ms=db.now_ms(),
        )
    )
    for rid in sorted({run_id, parent_run_id}):
        mine = rid == run_id
        verb = f"{kind}-of" if mine else kind
        entries.record(
            db,
            conn,
            rid,
            "run",
            subjects.build("run", verb, rid),
            {
                "transition": verb,
                "parent_run_id" if mine else "child_run_id": parent_run_id if mine else run_id,
                **payload,
            },
        )
    return True


def parent_of(conn: Connection, run_id: str, kind: str = CHILD) -> str | None:
    return conn.execute(
        select(run_links.c.parent_run_id).where(
            run_links.c.run_id == run_id, run_links.c.kind == kind
        )
    ).scalar()


def links_of(db: Database, run_id: str) -> dict[str, Any]:
    """``{"parent": {run_id, kind} | None, "children": [...], "forks": [...]}`` for ``run_id``
    (children and forks newest first), for ``tape inspect``."""
    with db.read() as conn:
        up = one(conn, run_links, run_id=run_id)
        down = conn.execute(
            select(run_links.c.run_id, run_links.c.kind, run_table.c.status)
            .join(run_table, run_table.c.run_id == run_links.c.run_id)
            .where(run_links.c.parent_run_id == run_id)
            .order_by(run_links.c.created_at_ms.desc(), run_links.c.run_id.desc())
        ).all()
    below = [{"run_id": r.run_id, "status": RunStatus(r.status).name} for r in down]
    return {
        "parent": {"run_id": up["parent_run_id"], "kind": up["kind"]} if up else None,
        "children": [b for b, r in zip(below, down, strict=True) if r.kind == CHILD],
        "forks": [b for b, r in zip(below, down, strict=True) if r.kind == FORK],
    }


def children_of(db: Database, run_id: str) -> list[str]:
    """The child runs of ``run_id``, newest first."""
    with db.read() as conn:
        return list(
            conn.execute(
                select(run_links.c.run_id)
                .where(run_links.c.parent_run_id == run_id, run_links.c.kind == CHILD)
                .order_by(run_links.c.created_at_ms.desc(), run_links.c.run_id.desc())
            ).scalars()
        )


def undo_children(db: Database, run_id: str, *, reason: str) -> list[RunState]:
    """Undo every descendant of ``run_id`` still going, newest first (a child's own children
    before it), one short transaction each; returns the runs undone.

    What the n-th of them owes falls due n ms after the first's, so the compensation pass
    lists (and a single drainer runs) the newest child's inverses first."""
    from tape.store import compensation  # it imports this module

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
    for child in children_of(db, run_id):
        found.extend(_descendants(db, child))
        found.append((child, run_id))
    return found


def lock_awaited_child(conn: Connection, child_run_id: str) -> str | None:
    """Lock the child a parent would wait for (``FOR SHARE``, first in the parking
    transaction); its outcome as JSON if it has ended, else None.

    No lost wakeup: the child's end is an UPDATE of this row, which releases its WAITING
    parent (:func:`release_parent`) in the same transaction. Whichever comes second sees the
    first one committed: the park finds the child over, or the end finds the parent WAITING.

    Raises:
        RunNotFound: no such child.
    """
    row = conn.execute(
        select(run_table.c.status, run_table.c.detail_json)
        .where(run_table.c.run_id == child_run_id)
        .with_for_update(read=True)
    ).first()
    if row is None:
        raise errors.RunNotFound(f"no such child run: {child_run_id!r}")
    status = RunStatus(row.status)
    if status not in state.RUN_FINAL:
        return None
    return json.dumps(
        {
            "run_id": child_run_id,
            "status": status.name,
            "detail": json.loads(row.detail_json or "{}"),
        },
        separators=(",", ":"),
    )


def release_parent(db: Database, conn: Connection, run_id: str) -> None:
    """``run_id`` just ended (its row is locked by that UPDATE): release its parent if the
    parent is WAITING on it. Call it before the ended run's own journal row, so the parent's
    row is locked before the journal lock (the store's lock order)."""
    parent = parent_of(conn, run_id)
    if parent is None:
        return
    gate = child_gate(run_id)
    if entries.release_waiting(conn, parent, gate):
        entries.record(
            db,
            conn,
            parent,
            "gate",
            subjects.build("gate", "released", gate, parent),
            {"gate": gate, "transition": "released"},
        )


def waiting_on_final_child() -> Any:
    """SQL condition on ``tape_runs``: WAITING on a ``child:`` gate whose child has ended
    (the recovery safety net, as for ``effect:`` gates)."""
    child = run_table.alias("child")
    ended = [s.value for s in state.RUN_FINAL]
    return and_(
        run_table.c.status == RunStatus.WAITING,
        run_table.c.waiting_on_gate.startswith(CHILD_GATE_PREFIX, autoescape=True),
        exists().where(
            child.c.run_id == func.substr(run_table.c.waiting_on_gate, len(CHILD_GATE_PREFIX) + 1),
            child.c.status.in_(ended),
        ),
    )


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
