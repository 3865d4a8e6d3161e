"""SQL for journaling a reused effect: a begin that found another run's effect.

``(connector, business_key)`` is unique across runs, so a second run beginning the same call
gets the first run's effect (and its result) instead of a new one. That is recorded once in
both runs' journals, in one transaction, so ``tape inspect`` of either run tells the story:

- the run that reused it: kind ``effect``, subject ``/tape/effect/reused/<tool>/<run>``, payload
  ``{"transition": "reused", "tool", "idempotency_key" (this run's key, never an effect row),
  "connector", "business_key", "reused_from_run", "reused_effect_key", "source_status"}``;
- the run that made the call: subject ``/tape/effect/reused-by/<tool>/<run>``, payload
  ``{"transition": "reused-by", "tool", "idempotency_key", "connector", "business_key",
  "reused_by_run", "reused_by_key"}``.

Both run rows are locked (their ``seq_cursor`` bumped) in sorted order before the "already
recorded?" look, so a replayed begin never journals the reuse twice.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from tape import subjects
from tape.records import EffectRecord
from tape.store import entries, tables
from tape.store.engine import Database

journal = tables.journal
REUSED = "reused"
REUSED_BY = "reused-by"


def record_reuse(
    db: Database, values: dict[str, Any], source: EffectRecord, *, lease_epoch: int | None
) -> None:
    """Journal that the run in ``values`` reused ``source`` (another run's effect), once.

    Raises:
        StaleLease: ``lease_epoch`` is no longer the reusing run's (it was taken over).
    """
    run_id, key, tool = values["run_id"], values["idempotency_key"], values["tool_name"]
    subject = subjects.build("effect", REUSED, tool, run_id)
    with db.write() as conn:
        seqs: dict[str, int] = {}
        for locked in sorted((run_id, source.run_id)):
            mine = locked == run_id
            seqs[locked] = entries.allocate_seq(
                conn, locked, lease_epoch=lease_epoch if mine else None
            )
        if _already_recorded(conn, run_id, subject, key):
            for locked in seqs:
                entries.release_seq(conn, locked)
            return
        common = {"connector": source.connector, "business_key": source.business_key}
        reused = entries.Entry(
            "effect",
            subject,
            {
                "transition": REUSED,
                "tool": tool,
                "idempotency_key": key,
                **common,
                "reused_from_run": source.run_id,
                "reused_effect_key": source.idempotency_key,
                "source_status": source.status.name.lower(),
            },
            run_id,
        )
        reused_by = entries.Entry(
            "effect",
            subjects.build("effect", REUSED_BY, source.tool_name, source.run_id),
            {
                "transition": REUSED_BY,
                "tool": source.tool_name,
                "idempotency_key": source.idempotency_key,
                **common,
                "reused_by_run": run_id,
                "reused_by_key": key,
            },
            source.run_id,
        )
        entries.append_numbered(
            db, conn, [(reused, seqs[run_id]), (reused_by, seqs[source.run_id])]
        )


def _already_recorded(conn: Any, run_id: str, subject: str, key: str) -> bool:
    rows = conn.execute(
        select(journal.c.payload_json).where(
            journal.c.run_id == run_id, journal.c.kind == "effect", journal.c.subject == subject
        )
    ).scalars()
    return any(json.loads(text).get("idempotency_key") == key for text in rows)
