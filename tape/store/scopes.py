"""SQL for effect authorization scopes: a run's granted scopes, and journaling a denial."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from tape import subjects
from tape.store import entries, tables
from tape.store.engine import Database

runs = tables.runs


def deny_scope(db: Database, run_id: str, payload: dict[str, Any]) -> None:
    """Journal a scope violation (the effect itself is not written)."""
    with db.write() as conn:
        entries.record(
            db,
            conn,
            run_id,
            "policy",
            subjects.build("policy", "scope_not_granted", payload.get("tool", ""), run_id),
            payload,
        )


def run_scopes(db: Database, run_id: str) -> list[str] | None:
    with db.read() as conn:
        text = conn.execute(select(runs.c.scopes_json).where(runs.c.run_id == run_id)).scalar()
    return None if text is None else list(json.loads(text or "[]"))
