"""SQL for a run's agent version: the ``policy_version`` label, stamped once.

A run started by ``Agent.delay`` carries its agent's version from creation. A run created
otherwise (``create_run`` without labels, a ``tape run`` of older code) gets it from the first
attempt that drives it: :func:`stamp` sets the label only while it is absent, with a journal
row ``/tape/run/versioned/<run>`` (``{"transition": "versioned", "policy_version"}``). A
re-drive never changes it: a run keeps the version it started under.
"""

from __future__ import annotations

import json

from sqlalchemy import select, update

from tape import errors, subjects
from tape.records import RunState, from_row
from tape.store import entries, tables
from tape.store.engine import Database
from tape.store.sql import one

runs = tables.runs
LABEL = "policy_version"


def stamp(db: Database, run_id: str, version: str, *, lease_epoch: int | None) -> RunState:
    """Set the run's version label to ``version`` unless it has one; the run after.

    Raises:
        StaleLease: ``lease_epoch`` is no longer the run's. RunNotFound.
    """
    with db.write() as conn:
        entries.allocate_seq(conn, run_id, count=0, lease_epoch=lease_epoch)  # fence, lock
        text = conn.execute(select(runs.c.labels_json).where(runs.c.run_id == run_id)).scalar()
        labels = json.loads(text or "{}")
        if not labels.get(LABEL):
            labels[LABEL] = version
            conn.execute(
                update(runs)
                .where(runs.c.run_id == run_id)
                .values(labels_json=json.dumps(labels, separators=(",", ":"), sort_keys=True))
            )
            entries.record(
                db,
                conn,
                run_id,
                "run",
                subjects.build("run", "versioned", run_id),
                {"transition": "versioned", LABEL: version},
            )
        row = one(conn, runs, run_id=run_id)
        if row is None:
            raise errors.RunNotFound(f"no such run: {run_id!r}")
        return from_row(RunState, row)
