"""Finishing a run's compensation when the ``compensate_run`` saga did not.

A saga that crashed after moving its run to COMPENSATING leaves the run's obligations due (a
held obligation is due while its run is COMPENSATING) and the compensation pass drains them;
:func:`settle_run` then ends the run the way the saga would have: STUCK if any obligation is
STUCK, else FAILED.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from tape.enums import ObligationStatus, RunStatus
from tape.records import RunState
from tape.store import runs, tables
from tape.store.engine import Database

obligations = tables.obligations

_LIVE = (ObligationStatus.PENDING.value, ObligationStatus.COMMITTED.value)


def settle_run(db: Database, run_id: str) -> RunState | None:
    """End a COMPENSATING run none of whose obligations is left to do; None if it is not one.

    One transaction: the obligations are read (no lock), then the run's conditional UPDATE
    (COMPENSATING only) locks its row and writes its journal row. An obligation registered
    meanwhile is due at once (its run is COMPENSATING), so ending the run cannot strand it.
    """
    with db.write() as conn:
        status = conn.execute(
            select(tables.runs.c.status).where(tables.runs.c.run_id == run_id)
        ).scalar()
        if status != RunStatus.COMPENSATING:
            return None
        live = select(func.count()).where(
            obligations.c.run_id == run_id, obligations.c.status.in_(_LIVE)
        )
        if conn.execute(live).scalar():
            return None
        rows = conn.execute(
            select(obligations.c.kind, obligations.c.status)
            .where(obligations.c.run_id == run_id)
            .order_by(obligations.c.seq.desc())
        ).all()
        detail = {
            "compensated": [k for k, s in rows if s == ObligationStatus.COMPENSATED],
            "stuck": [k for k, s in rows if s == ObligationStatus.STUCK],
            "settled_by": "compensation-pass",
        }
        end = RunStatus.STUCK if detail["stuck"] else RunStatus.FAILED
        return runs.transition_run(
            db, run_id, end, detail_json=json.dumps(detail, separators=(",", ":")), conn=conn
        )
