"""SQL for the links between runs: a child run to its parent, a fork to the run it came from
(``tape_run_links``, docs/composing.md), and the parent's wait on a child.

A parent parks on the gate ``child:<run_id>``. No wakeup is lost: the park locks the child's
row first (:func:`lock_awaited_child`), and the child's end is an UPDATE of that row that
releases a WAITING parent in the same transaction (:func:`release_parent`), so whichever comes
second sees the first. This module imports no other run SQL (``runs`` and ``compensation``
import it), which keeps the store free of import cycles.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, and_, exists, func, select

from tape import errors, state, subjects
from tape.enums import RunStatus
from tape.store import entries, tables
from tape.store.engine import Database
from tape.store.sql import insert_ignore, one

run_table = tables.runs
run_links = tables.run_links


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
