"""SQL for an effect begun from outside its run: the journal picks its call index.

A ``.delay(run_id=...)`` made by code that is not the run has no decision or call counter of
its own. Its call index is the next free one among the run's no-decision calls of that tool,
chosen in the transaction that inserts the effect, after the run row is locked (the seq
reservation is an ``UPDATE`` of that row): two concurrent callers queue on the lock, and the
second sees the first's effect, so they never share a key.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from tape import keys
from tape.records import EffectRecord
from tape.store import begin, entries, tables
from tape.store.engine import Database
from tape.store.sql import Exists

effects = tables.effects


def begin_next_call(
    db: Database, values: dict[str, Any], *, lease_epoch: int | None
) -> EffectRecord:
    """Insert a PENDING no-decision effect under the next free call index of its tool."""
    run_id, tool = values["run_id"], values["tool_name"]
    try:
        with db.write() as conn:
            seq = entries.allocate_seq(conn, run_id, lease_epoch=lease_epoch, live=True)
            taken = conn.execute(
                select(func.max(effects.c.call_index)).where(
                    effects.c.run_id == run_id,
                    effects.c.tool_name == tool,
                    effects.c.decision_index < 0,
                )
            ).scalar()
            call_index = 0 if taken is None else int(taken) + 1
            key = keys.idempotency_key(run_id, -1, tool, call_index)
            # The index is free (the run row is locked): only a taken business key conflicts.
            return begin.insert_pending(
                db, conn, {**values, "call_index": call_index, "idempotency_key": key}, seq
            )
    except Exists:
        return begin.existing(db, values, lease_epoch)
