"""Recording what a batch of dispatch attempts came to, in one short transaction.

The outbox pass claims effects, calls their connectors outside any transaction, then hands
every outcome here at once. Each effect is still its own conditional UPDATE with its journal
row; the rows are written at the end (:class:`tape.store.entries.Pending`) so the batch follows
the lock order every transaction follows. On Postgres, confirmations (the common case) are one
set-based UPDATE for the whole batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, and_, or_
from sqlalchemy import text as sql_text

from tape import errors, unregistered
from tape.enums import EffectStatus
from tape.records import EffectRecord
from tape.store import dispatch, entries, obligations, tables
from tape.store import effects as effect_store
from tape.store.engine import Database
from tape.store.sql import clip

effects = tables.effects


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one dispatch attempt came to, ready to be recorded.

    ``kind``: ``confirmed``; ``retry`` (PENDING again at ``next_dispatch_at_ms``); ``unknown``
    (UNKNOWN, never re-sent; the reconciler asks); ``failed`` (FAILED for good).
    """

    run_id: str
    idempotency_key: str
    kind: Literal["confirmed", "retry", "unknown", "failed"]
    response_json: str = ""
    error: str = ""
    external_ref: str = ""
    next_dispatch_at_ms: int = 0
    compensate_kind: str = ""
    compensate_payload_json: str = ""


def record_outcomes(
    db: Database, outcomes: Sequence[Outcome], *, claimer: str
) -> list[EffectRecord | None]:
    """Record a batch of dispatch outcomes in one short transaction.

    Each effect is still its own conditional UPDATE with its journal row; an effect that moved
    meanwhile (the reconciler got there first) is left alone and reported as ``None``.
    """
    recorded: list[EffectRecord | None] = [None] * len(outcomes)
    with db.write() as conn:
        pending = entries.Pending()
        rest = list(range(len(outcomes)))
        if db.is_postgres:
            confirmed = [i for i in rest if outcomes[i].kind == "confirmed"]
            if len(confirmed) > 1:
                done = _confirm_set(db, conn, [outcomes[i] for i in confirmed], claimer, pending)
                for i in confirmed:
                    recorded[i] = done.get((outcomes[i].run_id, outcomes[i].idempotency_key))
                rest = [i for i in rest if outcomes[i].kind != "confirmed"]
        for i in rest:
            with contextlib.suppress(errors.IllegalTransition):
                recorded[i] = _record_outcome(db, conn, outcomes[i], claimer, pending)
        pending.flush(db, conn)
        # After the flush every run of the batch is locked: registering obligations (which
        # needs their seqs now) locks nothing new.
        for outcome, effect in zip(outcomes, recorded, strict=True):
            if effect is not None and outcome.kind == "confirmed" and outcome.compensate_kind:
                obligations.register(
                    db,
                    conn,
                    run_id=outcome.run_id,
                    effect_key=outcome.idempotency_key,
                    kind=outcome.compensate_kind,
                    payload_json=outcome.compensate_payload_json or "{}",
                    compensator_ref="",
                    max_attempts=0,
                    due=False,  # held: owed only if the run is undone
                )
    return recorded


# Four array parameters whatever the batch size: compiled once, planned as a join on the key.
_CONFIRM_SET = sql_text(
    """
    UPDATE tape_effects AS e
       SET status = :confirmed, response_json = v.response_json, external_ref = v.external_ref,
           dispatch_claimed_by = '', dispatch_claim_expires_at_ms = 0, stuck_at_ms = 0,
           ts_ms = :now,
           last_dispatch_error = CASE  -- a "no connector" mark is over once it is sent
             WHEN substr(e.last_dispatch_error, 1, :mark_len) = :mark THEN ''
             ELSE e.last_dispatch_error END
      FROM unnest(CAST(:run_ids AS text[]), CAST(:keys AS text[]),
                  CAST(:responses AS text[]), CAST(:refs AS text[]))
           AS v(run_id, idempotency_key, response_json, external_ref)
     WHERE e.run_id = v.run_id AND e.idempotency_key = v.idempotency_key
       AND (e.status = :pending OR (e.status = :unknown AND e.dispatch_claimed_by = :claimer))
    RETURNING e.*
    """
)


def _confirm_set(
    db: Database,
    conn: Connection,
    outcomes: Sequence[Outcome],
    claimer: str,
    pending: entries.Pending,
) -> dict[tuple[str, str], EffectRecord]:
    """Confirm many effects with one ``UPDATE ... FROM (VALUES ...)`` (Postgres).

    The same guard as one at a time: PENDING, or UNKNOWN still claimed by this claimer.
    Effects that moved meanwhile are simply not returned.
    """
    params = {
        "run_ids": [o.run_id for o in outcomes],
        "keys": [o.idempotency_key for o in outcomes],
        "responses": [o.response_json for o in outcomes],
        "refs": [o.external_ref for o in outcomes],
        "now": db.now_ms(),
        "claimer": claimer,
        "pending": int(EffectStatus.PENDING),
        "unknown": int(EffectStatus.UNKNOWN),
        "confirmed": int(EffectStatus.CONFIRMED),
        "mark": unregistered.PREFIX,
        "mark_len": len(unregistered.PREFIX),
    }
    done: dict[tuple[str, str], EffectRecord] = {}
    for row in conn.execute(_CONFIRM_SET, params).mappings():
        effect = effect_store.record(row)
        done[(effect.run_id, effect.idempotency_key)] = effect
        pending.release_gate(entries.effect_gate(effect.idempotency_key))
        pending.add(
            entries.Entry(
                "effect",
                effect_store.effect_subject(effect, "confirmed"),
                {
                    "tool": effect.tool_name,
                    "idempotency_key": effect.idempotency_key,
                    "status": "confirmed",
                    "transition": "dispatch-confirmed",
                    "external_ref": effect.external_ref,
                },
                effect.run_id,
            )
        )
    return done


def _record_outcome(
    db: Database, conn: Connection, outcome: Outcome, claimer: str, pending: entries.Pending
) -> EffectRecord:
    run_id, key = outcome.run_id, outcome.idempotency_key
    mine = effects.c.dispatch_claimed_by == claimer
    released = {"dispatch_claimed_by": "", "dispatch_claim_expires_at_ms": 0}
    if outcome.kind == "confirmed":
        confirmed = effect_store.transition(
            db,
            conn,
            run_id,
            key,
            target=EffectStatus.CONFIRMED,
            where=[
                or_(
                    effects.c.status == EffectStatus.PENDING,
                    and_(effects.c.status == EffectStatus.UNKNOWN, mine),
                )
            ],
            values={
                **released,
                "response_json": outcome.response_json,
                "external_ref": outcome.external_ref,
                "stuck_at_ms": 0,
                "last_dispatch_error": dispatch.unmark_connector_missing(),
            },
            payload={"transition": "dispatch-confirmed", "external_ref": outcome.external_ref},
            accept_same=False,
            pending=pending,
        )
        return confirmed
    if outcome.kind == "failed":
        return effect_store.transition(
            db,
            conn,
            run_id,
            key,
            target=EffectStatus.FAILED,
            where=[effects.c.status == EffectStatus.PENDING, mine],
            values={**released, "error_json": outcome.error, "last_dispatch_error": outcome.error},
            payload={"transition": "dispatch-failed", "error": clip(outcome.error)},
            accept_same=False,
            pending=pending,
        )
    unknown = outcome.kind == "unknown"
    return effect_store.transition(
        db,
        conn,
        run_id,
        key,
        target=EffectStatus.UNKNOWN if unknown else EffectStatus.PENDING,
        where=[effects.c.status == EffectStatus.PENDING, mine],
        values={
            **released,
            "last_dispatch_error": outcome.error,
            "next_dispatch_at_ms": 0 if unknown else outcome.next_dispatch_at_ms,
        },
        payload={
            "transition": "dispatch-unknown" if unknown else "dispatch-retry-scheduled",
            "error": clip(outcome.error),
            "next_dispatch_at_ms": 0 if unknown else outcome.next_dispatch_at_ms,
        },
        accept_same=False,
        pending=pending,
    )
