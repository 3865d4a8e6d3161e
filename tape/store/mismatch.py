"""SQL for a refused begin: a key that holds a recorded call, asked with a different request.

The effect is not touched; one journal row in the asking run says what was refused, kind
``effect``, subject ``/tape/effect/refused/<tool>/<run>``, payload ``{"transition": "refused",
"reason": "request_mismatch", "tool", "idempotency_key" (the asking run's key),
"recorded_run", "recorded_key", "recorded_digest", "request_digest", "request"}`` (the refused
request; the recorded one is the effect row's).
"""

from __future__ import annotations

import json
from typing import Any

from tape import subjects
from tape.records import EffectRecord
from tape.store import entries
from tape.store.engine import Database

REFUSED = "refused"
REQUEST_MISMATCH = "request_mismatch"


def refuse(
    db: Database, values: dict[str, Any], recorded: EffectRecord, *, lease_epoch: int | None
) -> None:
    """Journal that ``values`` (a begin) was refused because ``recorded`` holds its key.

    Raises:
        StaleLease: ``lease_epoch`` is no longer the asking run's.
    """
    run_id, tool = values["run_id"], values["tool_name"]
    payload = {
        "transition": REFUSED,
        "reason": REQUEST_MISMATCH,
        "tool": tool,
        "idempotency_key": values["idempotency_key"],
        "recorded_run": recorded.run_id,
        "recorded_key": recorded.idempotency_key,
        "recorded_digest": recorded.request_digest,
        "request_digest": values["request_digest"],
        "request": json.loads(values["request_json"]) if values["request_json"] else None,
    }
    with db.write() as conn:
        entries.record(
            db,
            conn,
            run_id,
            "effect",
            subjects.build("effect", REFUSED, tool, run_id),
            payload,
            lease_epoch=lease_epoch,
        )
