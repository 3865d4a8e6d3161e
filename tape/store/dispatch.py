"""SQL for the outbox: dispatch claims, attempt outcomes, and observations.

A claim is the only gate to calling an upstream (a broker redelivery or a second dispatcher
finds the row claimed and does nothing). Claiming increments ``dispatch_attempts``: the attempt
is in flight until its outcome is recorded, which clears the claim. An expired claim that is
still set means its worker died mid-call: NON_IDEMPOTENT effects then go to UNKNOWN
(:func:`expire_dispatch_claims`) and are never claimed again; IDEMPOTENT ones may be claimed
again and re-sent with the same idempotency key.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, and_, case, or_, select, update
from sqlalchemy import text as sql_text

from tape import errors, state
from tape.enums import DispatchMode, EffectResolution, EffectSemantics, EffectStatus
from tape.records import EffectClaim, EffectRecord
from tape.store import effects as effect_store
from tape.store import entries, obligations, tables
from tape.store.engine import Database
from tape.store.sql import claim_batch

effects = tables.effects
obligation_table = tables.obligations

#: After an ABSENT observation, wait this long past the last attempt's timeout before sending
#: again, so a slow original still in flight cannot land beside the retry.
SETTLE_MS = 5_000
#: Re-observation backoff of STUCK effects: slow, and capped.
STUCK_BACKOFF_BASE_MS = 30_000
STUCK_BACKOFF_CAP_MS = 15 * 60_000


#: Dispatch attempts before an effect is given up on, unless it sets its own.
DEFAULT_MAX_ATTEMPTS = 5


def _attempts_used(default_max: int) -> Any:
    limit = case((effects.c.max_attempts > 0, effects.c.max_attempts), else_=default_max)
    return effects.c.dispatch_attempts >= limit


def _dispatchable(now: int, default_max: int = DEFAULT_MAX_ATTEMPTS) -> Any:
    # An expired claim that is still set means the dispatcher died mid-call. Only an
    # IDEMPOTENT effect may be sent again, and only while it has attempts left: one whose
    # dispatcher keeps dying must not be re-sent forever (expire_dispatch_claims takes it).
    claimable = or_(
        effects.c.dispatch_claimed_by == "",
        and_(
            effects.c.dispatch_claim_expires_at_ms <= now,
            effects.c.semantics != EffectSemantics.NON_IDEMPOTENT,
            ~_attempts_used(default_max),
        ),
    )
    return and_(
        effects.c.status == EffectStatus.PENDING,
        effects.c.dispatch_mode == DispatchMode.OUTBOX,
        effects.c.next_dispatch_at_ms <= now,
        claimable,
    )


def _by_connector(stmt: Any, connectors: Sequence[str] | None, exclude: Sequence[str]) -> Any:
    if connectors is not None:
        stmt = stmt.where(effects.c.connector.in_(list(connectors)))
    if exclude:
        stmt = stmt.where(effects.c.connector.notin_(list(exclude)))
    return stmt


def list_effects_to_dispatch(
    db: Database,
    *,
    now_ms: int,
    limit: int,
    connectors: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    default_max: int = DEFAULT_MAX_ATTEMPTS,
) -> list[EffectRecord]:
    stmt = _by_connector(
        select(effects).where(_dispatchable(now_ms, default_max)), connectors, exclude
    )
    stmt = stmt.order_by(effects.c.next_dispatch_at_ms, effects.c.ts_ms).limit(limit)
    with db.read() as conn:
        return [effect_store.record(r) for r in conn.execute(stmt).mappings()]


def _claim_values(now: int, claimer: str, ttl_ms: int) -> dict[str, Any]:
    return {
        "dispatch_claimed_by": claimer,
        "dispatch_claim_expires_at_ms": now + ttl_ms,
        "dispatch_attempts": effects.c.dispatch_attempts + 1,
        "last_dispatch_at_ms": now,
        "ts_ms": now,
    }


def claim_effect_dispatch(
    db: Database,
    run_id: str,
    key: str,
    *,
    claimer: str,
    ttl_ms: int,
    default_max: int = DEFAULT_MAX_ATTEMPTS,
) -> EffectClaim:
    now = db.now_ms()
    stmt = (
        update(effects)
        .where(
            effects.c.run_id == run_id,
            effects.c.idempotency_key == key,
            _dispatchable(now, default_max),
        )
        .values(_claim_values(now, claimer, ttl_ms))
        .returning(*effects.c)
    )
    with db.write() as conn:
        row = conn.execute(stmt).first()
        if row is not None:
            return EffectClaim(True, effect_store.record(row._mapping))
        current = effect_store.get_effect(db, run_id, key, conn)
    if current is None:
        raise errors.EffectNotFound(f"no such effect: run {run_id!r}, key {key!r}")
    return EffectClaim(False, current)


def claim_effects(
    db: Database,
    *,
    claimer: str,
    ttl_ms: int,
    limit: int,
    connectors: Sequence[str] | None = None,
    default_max: int = DEFAULT_MAX_ATTEMPTS,
) -> list[EffectRecord]:
    """Claim up to ``limit`` due effects in one statement (``SKIP LOCKED`` on Postgres)."""
    now = db.now_ms()
    where = _dispatchable(now, default_max)
    if connectors is not None:
        where = and_(where, effects.c.connector.in_(list(connectors)))
    stmt = claim_batch(
        db,
        effects,
        keys=["run_id", "idempotency_key"],
        where=where,
        order_by=effects.c.next_dispatch_at_ms,
        limit=limit,
        values=_claim_values(now, claimer, ttl_ms),
    )
    with db.write() as conn:
        return [effect_store.record(r) for r in conn.execute(stmt).mappings()]


def record_dispatch_attempt(
    db: Database,
    run_id: str,
    key: str,
    *,
    error: str,
    next_dispatch_at_ms: int,
    claimer: str,
) -> EffectRecord:
    unknown = next_dispatch_at_ms <= 0
    target = EffectStatus.UNKNOWN if unknown else EffectStatus.PENDING
    where: list[Any] = [effects.c.status == EffectStatus.PENDING]
    if claimer:
        where.append(effects.c.dispatch_claimed_by == claimer)
    values: dict[str, Any] = {
        "last_dispatch_error": error,
        "dispatch_claimed_by": "",
        "dispatch_claim_expires_at_ms": 0,
        "next_dispatch_at_ms": 0 if unknown else next_dispatch_at_ms,
    }
    payload = {
        "transition": "dispatch-unknown" if unknown else "dispatch-retry-scheduled",
        "error": _short(error),
        "next_dispatch_at_ms": values["next_dispatch_at_ms"],
    }
    with db.write() as conn:
        return effect_store.transition(
            db,
            conn,
            run_id,
            key,
            target=target,
            where=where,
            values=values,
            payload=payload,
            accept_same=False,
        )


def record_external_observation(
    db: Database,
    run_id: str,
    key: str,
    *,
    resolution: EffectResolution,
    external_ref: str,
    response_json: str,
    error_json: str,
    compensate_on_duplicate_kind: str,
) -> EffectRecord:
    """Apply what an observation of the upstream found (DESIGN decision 4)."""
    now = db.now_ms()
    live = [effects.c.status.in_([EffectStatus.PENDING, EffectStatus.UNKNOWN])]
    values: dict[str, Any] = {"dispatch_claimed_by": "", "dispatch_claim_expires_at_ms": 0}
    if external_ref:
        values["external_ref"] = external_ref
    if response_json:
        values["response_json"] = response_json
    if error_json:
        values["error_json"] = error_json
    payload: dict[str, Any] = {
        "transition": f"observed-{resolution.name.lower()}",
        "external_ref": external_ref,
    }
    with db.write() as conn:
        current = effect_store.get_effect(db, run_id, key, conn)
        if current is None:
            raise errors.EffectNotFound(f"no such effect: run {run_id!r}, key {key!r}")
        if resolution in (EffectResolution.CONFIRMED, EffectResolution.DUPLICATE):
            target = EffectStatus.CONFIRMED
            values.update(stuck_at_ms=0, next_reconcile_at_ms=0)
        elif resolution == EffectResolution.FAILED:
            target = EffectStatus.FAILED
            values.update(stuck_at_ms=0, next_reconcile_at_ms=0)
        elif resolution == EffectResolution.ABSENT:
            target = EffectStatus.PENDING
            settle = current.last_dispatch_at_ms + current.dispatch_timeout_ms + SETTLE_MS
            values.update(
                stuck_at_ms=0,
                next_reconcile_at_ms=0,
                next_dispatch_at_ms=max(now, settle) if current.last_dispatch_at_ms else now,
            )
        else:  # STUCK: nobody can know now; keep UNKNOWN, mark it, tell a human.
            target = EffectStatus.UNKNOWN
            attempt = current.reconcile_attempts + 1
            values.update(
                stuck_at_ms=current.stuck_at_ms or now,
                reconcile_attempts=effects.c.reconcile_attempts + 1,
                next_reconcile_at_ms=now
                + state.backoff_ms(
                    attempt, base_ms=STUCK_BACKOFF_BASE_MS, cap_ms=STUCK_BACKOFF_CAP_MS
                ),
            )
            payload["stuck"] = True
        moved = effect_store.transition(
            db,
            conn,
            run_id,
            key,
            target=target,
            where=live,
            values=values,
            payload=payload,
            accept_same=resolution != EffectResolution.STUCK,
        )
        if resolution == EffectResolution.DUPLICATE:
            obligations.register(
                db,
                conn,
                run_id=run_id,
                effect_key=key,
                kind=compensate_on_duplicate_kind or current.compensate_kind or "duplicate",
                payload_json=json.dumps(
                    {
                        "reason": "duplicate-observed",
                        "external_ref": external_ref,
                        "idempotency_key": key,
                    }
                ),
                compensator_ref="",
                max_attempts=0,
            )
        if resolution == EffectResolution.STUCK:
            effect_store.mark_run_stuck(
                db, conn, run_id, {"reason": "effect outcome cannot be known", "effect_key": key}
            )
        return moved


def expire_dispatch_claims(
    db: Database, *, limit: int = 500, default_max: int = DEFAULT_MAX_ATTEMPTS
) -> list[EffectRecord]:
    """Effects whose dispatcher died mid-call become UNKNOWN (the reconciler asks upstream):
    every NON_IDEMPOTENT one, and IDEMPOTENT ones that have used all their attempts."""
    now = db.now_ms()
    pick = select(effects.c.run_id, effects.c.idempotency_key).where(
        effects.c.status == EffectStatus.PENDING,
        effects.c.dispatch_mode == DispatchMode.OUTBOX,
        or_(
            effects.c.semantics == EffectSemantics.NON_IDEMPOTENT,
            _attempts_used(default_max),
        ),
        effects.c.dispatch_claimed_by != "",
        effects.c.dispatch_claim_expires_at_ms <= now,
    )
    expired: list[EffectRecord] = []
    with db.read() as conn:
        candidates = conn.execute(pick.limit(limit)).all()
    for run_id, key in candidates:
        with db.write() as conn:
            try:
                moved = effect_store.transition(
                    db,
                    conn,
                    run_id,
                    key,
                    target=EffectStatus.UNKNOWN,
                    where=[
                        effects.c.status == EffectStatus.PENDING,
                        effects.c.dispatch_claimed_by != "",
                        effects.c.dispatch_claim_expires_at_ms <= now,
                    ],
                    values={"last_dispatch_error": "dispatcher lost mid-call (claim expired)"},
                    payload={"transition": "dispatch-claim-expired"},
                    accept_same=False,
                )
            except errors.IllegalTransition:
                continue
            expired.append(moved)
    return expired


def _short(text: str, limit: int = 2000) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


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
                )
    return recorded


# Four array parameters whatever the batch size: compiled once, planned as a join on the key.
_CONFIRM_SET = sql_text(
    """
    UPDATE tape_effects AS e
       SET status = :confirmed, response_json = v.response_json, external_ref = v.external_ref,
           dispatch_claimed_by = '', dispatch_claim_expires_at_ms = 0, stuck_at_ms = 0,
           ts_ms = :now
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
            payload={"transition": "dispatch-failed", "error": _short(outcome.error)},
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
            "error": _short(outcome.error),
            "next_dispatch_at_ms": 0 if unknown else outcome.next_dispatch_at_ms,
        },
        accept_same=False,
        pending=pending,
    )
