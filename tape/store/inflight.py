"""SQL for model calls in flight: a decision is journaled as begun before the model is called.

Rows, kind ``decision``, in the run's journal:

- ``/tape/decision/begun/<run>/<index>``: ``{"decision_index", "model", "request_digest",
  "provider_key"}``, written (fenced by the caller's lease) just before the model is called;
- ``/tape/decision/call-failed/<run>/<index>``: ``{"decision_index", "begun_seq", "error"}``:
  the call raised, and its attempt saw it (nothing is charged for it here);
- ``/tape/decision/lost/<run>/<index>``: ``{"decision_index", "begun_seq", "model", "usd",
  "tokens"}``: a later begin at the same index found the call still open, so its process
  died while the model was answering. Its unknown spend, estimated as the largest single
  charge the run has journaled, is charged to the run's budget in the same transaction (a
  ``budget`` ``charged`` row with ``"lost_call": true``).

A begun row is *open* while no decision is recorded at its index and no ``call-failed`` or
``lost`` row names its seq.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from tape import subjects
from tape.store import coordination, entries, tables
from tape.store.engine import Database

journal = tables.journal

BEGUN = "begun"
CALL_FAILED = "call-failed"
LOST = "lost"


def begin(
    db: Database, run_id: str, index: int, payload: dict[str, Any], *, lease_epoch: int | None
) -> tuple[int, int]:
    """Settle the calls of decision ``index`` still open as lost (charging each), then
    journal that a new one is about to go out; ``(its seq, calls found lost)``.

    Raises:
        StaleLease: ``lease_epoch`` is no longer the run's. RunNotFound.
    """
    with db.write() as conn:
        # The first allocation checks the lease and locks the run row: no other attempt
        # settles or begins a call of this run until this commits.
        entries.allocate_seq(conn, run_id, count=0, lease_epoch=lease_epoch)
        lost = _open(conn, run_id, index)
        if lost:
            usd, tokens = _largest_charge(conn, run_id)
            for call in lost:
                entries.record(
                    db,
                    conn,
                    run_id,
                    "decision",
                    subjects.build("decision", LOST, run_id, index),
                    {
                        "decision_index": index,
                        "begun_seq": call["seq"],
                        "model": call.get("model", ""),
                        "usd": usd,
                        "tokens": tokens,
                    },
                )
                coordination.charge_budget_in(
                    db, conn, run_id, usd=usd, tokens=tokens, extra={"lost_call": True}
                )
        seq = entries.record(
            db,
            conn,
            run_id,
            "decision",
            subjects.build("decision", BEGUN, run_id, index),
            {"decision_index": index, **payload},
        )
        return seq, len(lost)


def call_failed(
    db: Database, run_id: str, index: int, begun_seq: int, error: dict[str, Any]
) -> None:
    """Journal that the begun call ``begun_seq`` raised (its attempt saw it end)."""
    with db.write() as conn:
        entries.record(
            db,
            conn,
            run_id,
            "decision",
            subjects.build("decision", CALL_FAILED, run_id, index),
            {"decision_index": index, "begun_seq": begun_seq, "error": error},
        )


def _open(conn: Connection, run_id: str, index: int) -> list[dict[str, Any]]:
    """The begun calls of decision ``index`` nothing settled (payload and ``seq``), oldest
    first; none once a decision was recorded at ``index``."""
    pattern = f"/tape/decision/%/{subjects.encode_segment(run_id)}/{index}"
    rows = conn.execute(
        select(journal.c.seq, journal.c.subject, journal.c.payload_json)
        .where(
            journal.c.run_id == run_id,
            journal.c.kind == "decision",
            journal.c.subject.like(pattern),
        )
        .order_by(journal.c.seq)
    ).all()
    begun: dict[int, dict[str, Any]] = {}
    settled: set[int] = set()
    for row in rows:
        payload = json.loads(row.payload_json) if row.payload_json else {}
        verb = row.subject.split("/")[3]
        if verb == BEGUN:
            begun[row.seq] = {**payload, "seq": row.seq}
        elif verb in (CALL_FAILED, LOST):
            settled.add(int(payload.get("begun_seq", -1)))
        elif verb == "recorded":
            return []
    return [b for seq, b in begun.items() if seq not in settled]


def _largest_charge(conn: Connection, run_id: str) -> tuple[float, int]:
    """The largest single budget charge this run has journaled: ``(usd, tokens)``."""
    subject = subjects.build("budget", "charged", run_id)
    texts = conn.execute(
        select(journal.c.payload_json).where(
            journal.c.run_id == run_id, journal.c.kind == "budget", journal.c.subject == subject
        )
    ).scalars()
    usd, tokens = 0.0, 0
    for text in texts:
        payload = json.loads(text) if text else {}
        usd = max(usd, float(payload.get("usd", 0) or 0))
        tokens = max(tokens, int(payload.get("tokens", 0) or 0))
    return usd, tokens
