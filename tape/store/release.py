"""Releasing a STUCK run once nothing holds it any more (no lost wakeups: docs/design.md
decision 12).

A run goes STUCK when one of its effects cannot be known (the reconciler marks the effect
stuck) or when its compensation leaves an obligation STUCK. What holds it there: an UNKNOWN
effect marked stuck, or a STUCK obligation. Whoever settles the last of these (the
reconciler's later observation of the effect, an operator's ``tape resolve`` of the effect or
of the obligation) releases the run in that same transaction, so the run never waits for
something that already happened:

- RUNNABLE: recovery re-drives it, and its replay reads the effect's outcome;
- FAILED, once the run has begun compensating: it is being undone, so it is never re-driven
  by itself; FAILED is how a compensation that finished ends it.

Lock order (:class:`tape.store.entries.Pending`): the caller has changed the effect or
obligation row and journaled it, which allocated a seq of the run, so the run row is locked
already. A concurrent settle of the run's other hold therefore either committed before the
counts below are read (READ COMMITTED reads it) or waits for this transaction and then sees
this one's settle; exactly one of them releases the run. Nothing here takes a new lock.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, exists, func, select

from tape import subjects
from tape.enums import EffectStatus, ObligationStatus, RunStatus
from tape.store import runs, tables
from tape.store.engine import Database

effects = tables.effects
obligations = tables.obligations
journal = tables.journal


def release_if_free(
    db: Database,
    conn: Connection,
    run_id: str,
    *,
    reason: dict[str, Any],
    operator: str = "",
    note: str = "",
) -> RunStatus | None:
    """Release ``run_id`` if it is STUCK and nothing holds it; returns where it went, or None.

    Call it inside the transaction that just settled one of the run's holds, after that
    settle's journal row (so the run row is locked). ``reason`` is journaled as the run's
    detail, with ``released_by``: the ``operator``, else ``"reconciler"``.
    """
    status = conn.execute(select(runs.runs.c.status).where(runs.runs.c.run_id == run_id))
    if status.scalar() != RunStatus.STUCK or _held(conn, run_id):
        return None
    target = RunStatus.FAILED if _began_compensating(conn, run_id) else RunStatus.RUNNABLE
    detail = {**reason, "released_by": operator or "reconciler"}
    runs.transition_run(
        db,
        run_id,
        target,
        detail_json=json.dumps(detail, separators=(",", ":"), default=str),
        operator=operator,
        note=note,
        conn=conn,
        release=True,
    )
    return target


def _held(conn: Connection, run_id: str) -> bool:
    stuck_effects = select(func.count()).where(
        effects.c.run_id == run_id,
        effects.c.status == EffectStatus.UNKNOWN,
        effects.c.stuck_at_ms > 0,
    )
    stuck_obligations = select(func.count()).where(
        obligations.c.run_id == run_id, obligations.c.status == ObligationStatus.STUCK
    )
    return bool(conn.execute(stuck_effects).scalar() or conn.execute(stuck_obligations).scalar())


def _began_compensating(conn: Connection, run_id: str) -> bool:
    """Whether the run ever went COMPENSATING (its journal says so; runs keep no history)."""
    prefix = subjects.build("run", RunStatus.COMPENSATING.name) + "/"
    row = journal.c
    found = select(
        exists().where(
            row.run_id == run_id, row.kind == "run", row.subject.startswith(prefix, autoescape=True)
        )
    )
    return bool(conn.execute(found).scalar())


def runnable_apps(db: Database, run_ids: list[str]) -> list[tuple[str, str]]:
    """(app name, run id) of those of ``run_ids`` that are RUNNABLE now (one read)."""
    if not run_ids:
        return []
    r = runs.runs
    query = select(r.c.app_name, r.c.run_id).where(
        r.c.run_id.in_(sorted(set(run_ids))), r.c.status == RunStatus.RUNNABLE
    )
    with db.read() as conn:
        return [(str(app), str(run_id)) for app, run_id in conn.execute(query)]
