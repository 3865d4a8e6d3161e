"""SQL for divergence: a re-driven run asked something else than what its journal recorded.

A run whose next decision request, or tool call, differs from the one recorded at that
position goes STUCK with ``detail.reason == "divergence"`` (the run row's journal entry carries
both requests and their diff). An operator resolves it, journaled with who and why, as kind
``run``, subject ``/tape/run/divergence-<choice>/<run>``, payload ``{"choice", "operator",
"note", "divergence": <the STUCK detail>, ...}``:

- ``accept``: the run goes RUNNABLE; the re-drive that meets the same question at the same
  position is answered from the journal (:func:`accepted`): the recorded decision, or the
  recorded effect (for a call to another tool there, the effect of the tool recorded; for a
  business key another run holds, that run's effect). Refused for a tool call whose
  recorded effect is not final (nothing recorded to answer with);
- ``redecide``: the decisions from the divergence's decision index on are dropped (the row
  lists them) and that position's effects are moved aside (their key gets
  ``#superseded-<seq>``, their obligations follow): they stay on record, and with
  ``effects="keep"`` (the default) CONFIRMED ones still owe their inverse if the run is
  undone; with ``effects="compensate"`` their inverses fall due now (the compensation pass
  runs each once); with ``effects="reuse"`` CONFIRMED ones are not moved: a call asked again
  with the same request under the same key is answered from them (another request there is
  a divergence again). Refused while one of them is PENDING or UNKNOWN. The run goes
  RUNNABLE and asks again;
- ``abandon``: the run goes COMPENSATING (its held obligations fall due; the caller or the
  compensation pass runs them, and the run ends FAILED).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import and_, delete, select, update

from tape import errors, subjects
from tape.enums import EffectStatus, RunStatus
from tape.records import RunState
from tape.store import entries, runs, tables
from tape.store.engine import Database

effects = tables.effects
decisions = tables.decisions
obligations = tables.obligations
journal = tables.journal

DIVERGENCE = "divergence"
CHOICES = ("accept", "redecide", "abandon")
#: What ``redecide`` does with the CONFIRMED effects from that position on.
KEEP, COMPENSATE, REUSE = "keep", "compensate", "reuse"
EFFECT_CHOICES = (KEEP, COMPENSATE, REUSE)


def diverge(
    db: Database, run_id: str, detail: dict[str, Any], *, lease_epoch: int | None
) -> RunState:
    """Move the running run to STUCK with ``detail`` (``reason`` set to ``divergence``).

    Raises:
        StaleLease, IllegalTransition, RunNotFound.
    """
    detail = {"reason": DIVERGENCE, **detail}
    return runs.transition_run(
        db, run_id, RunStatus.STUCK, detail_json=_dumps(detail), lease_epoch=lease_epoch
    )


def accepted(db: Database, run_id: str) -> list[dict[str, Any]]:
    """The divergences an operator accepted for this run (their STUCK details)."""
    subject = subjects.build("run", "divergence-accept", run_id)
    with db.read() as conn:
        rows = conn.execute(
            select(journal.c.payload_json).where(
                journal.c.run_id == run_id, journal.c.kind == "run", journal.c.subject == subject
            )
        ).scalars()
        return [json.loads(text)["divergence"] for text in rows]


def resolve(
    db: Database, run_id: str, choice: str, *, operator: str, note: str, effects_choice: str = KEEP
) -> RunState:
    """Apply an operator's ``choice`` to a run STUCK on a divergence (see the module doc).

    Raises:
        IllegalTransition: the run is not STUCK on a divergence, or the choice is refused.
        RunNotFound.
    """
    with db.write() as conn:
        run = conn.execute(select(tables.runs).where(tables.runs.c.run_id == run_id)).first()
        if run is None:
            raise errors.RunNotFound(f"no such run: {run_id!r}")
        detail = json.loads(run.detail_json or "{}")
        if run.status != RunStatus.STUCK or detail.get("reason") != DIVERGENCE:
            raise errors.IllegalTransition(
                f"run {run_id!r} is not STUCK on a divergence "
                f"({RunStatus(run.status).name}, reason {detail.get('reason', '')!r})",
                runs._state(run._mapping),
            )
        payload: dict[str, Any] = {
            "choice": choice,
            "operator": operator,
            "note": note,
            "divergence": detail,
        }
        if choice == "accept":
            _check_accept(conn, run_id, detail)
            target = RunStatus.RUNNABLE
        elif choice == "redecide":
            payload.update(_redecide(conn, run_id, detail, run.seq_cursor + 1, effects_choice))
            target = RunStatus.RUNNABLE
        else:
            target = RunStatus.COMPENSATING
        entries.record(
            db, conn, run_id, "run", subjects.build("run", f"divergence-{choice}", run_id), payload
        )
        return runs.transition_run(
            db,
            run_id,
            target,
            detail_json=_dumps({"resolved": DIVERGENCE, "choice": choice}),
            operator=operator,
            note=note,
            conn=conn,
        )


def _check_accept(conn: Any, run_id: str, detail: dict[str, Any]) -> None:
    key = detail.get("idempotency_key")
    if detail.get("kind") not in ("tool_call", "business_key") or not key:
        return
    # the recorded call may be another run's effect (a business key held by that run)
    holder = detail.get("recorded_run") or run_id
    status = conn.execute(
        select(effects.c.status).where(effects.c.run_id == holder, effects.c.idempotency_key == key)
    ).scalar()
    if status not in (EffectStatus.CONFIRMED, EffectStatus.FAILED):
        name = EffectStatus(status).name if status is not None else "missing"
        raise errors.IllegalTransition(
            f"accept refused: the recorded effect {key!r} is {name}, so there is no recorded "
            "outcome to replay; resolve it first (tape resolve), or redecide / abandon"
        )


def _redecide(
    conn: Any, run_id: str, detail: dict[str, Any], seq: int, effects_choice: str
) -> dict[str, Any]:
    start = int(detail.get("decision_index", -1))
    mine = and_(effects.c.run_id == run_id, effects.c.decision_index >= start)
    found = conn.execute(
        select(effects.c.idempotency_key, effects.c.status, effects.c.tool_name).where(mine)
    ).all()
    # reuse: CONFIRMED calls stay under their keys (asked again identically, they replay)
    kept = [r for r in found if effects_choice == REUSE and r.status == EffectStatus.CONFIRMED]
    moved = [r for r in found if r not in kept]
    open_ = [
        r.idempotency_key for r in moved if r.status in (EffectStatus.PENDING, EffectStatus.UNKNOWN)
    ]
    if open_:
        raise errors.IllegalTransition(
            f"redecide refused: effects {open_} are PENDING or UNKNOWN (in flight or not known); "
            "settle them first (the reconciler, or tape resolve)"
        )
    suffix = f"#superseded-{seq}"
    superseded = []
    for row in moved:
        new_key = row.idempotency_key + suffix
        conn.execute(
            update(effects)
            .where(effects.c.run_id == run_id, effects.c.idempotency_key == row.idempotency_key)
            .values(idempotency_key=new_key)
        )
        owed: dict[str, Any] = {"effect_key": new_key}
        if effects_choice == COMPENSATE:
            owed["held"] = 0  # due now: the compensation pass runs the inverse once
        conn.execute(
            update(obligations)
            .where(obligations.c.run_id == run_id, obligations.c.effect_key == row.idempotency_key)
            .values(**owed)
        )
        superseded.append(
            {
                "idempotency_key": row.idempotency_key,
                "superseded_key": new_key,
                "tool": row.tool_name,
                "status": EffectStatus(row.status).name.lower(),
            }
        )
    first = max(start, 0)
    dropped = conn.execute(
        select(
            decisions.c.decision_index,
            decisions.c.model,
            decisions.c.request_digest,
            decisions.c.response_json,
        )
        .where(decisions.c.run_id == run_id, decisions.c.decision_index >= first)
        .order_by(decisions.c.decision_index)
    ).all()
    conn.execute(
        delete(decisions).where(decisions.c.run_id == run_id, decisions.c.decision_index >= first)
    )
    return {
        "from_decision": first,
        "dropped_decisions": [
            {
                "decision_index": d.decision_index,
                "model": d.model,
                "request_digest": d.request_digest,
                "response": json.loads(d.response_json) if d.response_json else None,
            }
            for d in dropped
        ],
        "effects": effects_choice,
        "superseded_effects": superseded,
        "kept_effects": [r.idempotency_key for r in kept],
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)
