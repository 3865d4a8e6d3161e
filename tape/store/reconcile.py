"""SQL for the reconciler: claiming effects to observe, and an operator's resolution.

Reconcile claim: ``next_reconcile_at_ms`` is the lease. Claiming a due effect pushes it to
``now + lease``, so a second reconciler (two beats, a redelivered tick, a ``reconcile`` timer)
finds it not due and leaves it alone; an observation that settles the effect clears it, and one
that finds nothing knowable sets the slow stuck backoff instead (see
:func:`tape.store.dispatch.record_external_observation`). A reconciler that dies mid-observation
just lets the lease run out: the effect is observed again later, which is harmless (observing
is a read).

Which effects: UNKNOWN ones, and PENDING INLINE ones last touched before a cutoff (the agent
crashed mid-call). Never PENDING OUTBOX ones: the dispatcher owns those.

Operator resolution (``tape resolve``): one transaction per effect. Lock order as
:class:`tape.store.entries.Pending` states it: the effect row, then its run (seq allocation),
then its journal rows; the obligation and the run release that follow touch only that run
(:func:`tape.store.release.release_if_free`, the same rule the reconciler's observation uses).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from sqlalchemy import and_, or_, update

from tape import errors
from tape.enums import DispatchMode, EffectStatus
from tape.records import EffectRecord
from tape.store import effects as effect_store
from tape.store import obligations, release, tables
from tape.store.engine import Database
from tape.store.sql import claim_batch

effects = tables.effects

Action = Literal["confirm", "compensate", "absent", "fail"]

_TARGETS: dict[str, EffectStatus] = {
    "confirm": EffectStatus.CONFIRMED,
    "compensate": EffectStatus.CONFIRMED,
    "absent": EffectStatus.PENDING,
    "fail": EffectStatus.FAILED,
}


def _observable(now: int, pending_before_ms: int) -> Any:
    due = effects.c.next_reconcile_at_ms <= now
    kinds = [effects.c.status == EffectStatus.UNKNOWN]
    if pending_before_ms > 0:
        kinds.append(
            and_(
                effects.c.status == EffectStatus.PENDING,
                effects.c.dispatch_mode != DispatchMode.OUTBOX,
                effects.c.ts_ms < pending_before_ms,
            )
        )
    return and_(due, or_(*kinds))


def claim_batch_to_reconcile(
    db: Database, *, lease_ms: int, limit: int, pending_before_ms: int
) -> list[EffectRecord]:
    """Claim up to ``limit`` due effects to observe (``SKIP LOCKED`` on Postgres)."""
    now = db.now_ms()
    stmt = claim_batch(
        db,
        effects,
        keys=["run_id", "idempotency_key"],
        where=_observable(now, pending_before_ms),
        order_by=effects.c.next_reconcile_at_ms,
        limit=limit,
        values={"next_reconcile_at_ms": now + lease_ms},
    )
    with db.write() as conn:
        return [effect_store.record(r) for r in conn.execute(stmt).mappings()]


def claim_one_to_reconcile(
    db: Database, run_id: str, key: str, *, lease_ms: int
) -> EffectRecord | None:
    """Claim one effect to observe now, whatever its age; None when it is not observable
    (settled, owned by the dispatcher, or already being observed / backing off)."""
    now = db.now_ms()
    where = and_(
        effects.c.run_id == run_id,
        effects.c.idempotency_key == key,
        _observable(now, now + 1),
    )
    stmt = (
        update(effects)
        .where(where)
        .values(next_reconcile_at_ms=now + lease_ms)
        .returning(*effects.c)
    )
    with db.write() as conn:
        row = conn.execute(stmt).first()
    return effect_store.record(row._mapping) if row is not None else None


def operator_receipt(operator: str, note: str, external_ref: str) -> dict[str, Any]:
    """The response of an effect an operator confirmed without giving one."""
    return {
        "status": "confirmed_by_operator",
        "operator": operator,
        "note": note,
        "external_ref": external_ref,
    }


def resolve_effect(
    db: Database,
    run_id: str,
    key: str,
    *,
    action: Action,
    operator: str,
    note: str,
    response_json: str = "",
    external_ref: str = "",
) -> tuple[EffectRecord, bool]:
    """Apply an operator's decision to an UNKNOWN effect; returns (effect, run released).

    ``confirm`` / ``compensate`` replace the effect's response (a stuck look or an
    inconclusive reply may have left an error body there) with ``response_json``, else with
    :func:`operator_receipt`; ``external_ref`` replaces the effect's when given.
    """
    target = _TARGETS[action]
    now = db.now_ms()
    values: dict[str, Any] = {
        "stuck_at_ms": 0,
        "next_reconcile_at_ms": 0,
        "dispatch_claimed_by": "",
        "dispatch_claim_expires_at_ms": 0,
    }
    if action in ("confirm", "compensate"):
        if external_ref:
            values["external_ref"] = external_ref
        values["response_json"] = response_json or _json(
            operator_receipt(operator, note, external_ref)
        )
    if action == "absent":
        values["next_dispatch_at_ms"] = now
    if action == "fail":
        values["error_json"] = _json({"resolved_by": operator, "note": note})
    payload = {
        "transition": "operator-resolved",
        "action": action,
        "resolved_to": target.name.lower(),
        "operator": operator,
        "note": note,
    }
    if action in ("confirm", "compensate"):
        payload["response_from"] = "operator" if response_json else "operator-receipt"
        if external_ref:
            payload["external_ref"] = external_ref
    with db.write() as conn:
        if action in ("confirm", "compensate"):
            # Replaced, not lost: what the stuck look left goes into this journal row.
            before = effect_store.lock_effect(conn, run_id, key)
            if before is not None and before.response_json:
                payload["replaced_response"] = before.response
        try:
            moved = effect_store.transition(
                db,
                conn,
                run_id,
                key,
                target=target,
                where=[effects.c.status == EffectStatus.UNKNOWN],
                values=values,
                payload=payload,
                accept_same=False,
                # An operator who read the upstream's books is who looked (`--absent`).
                observed_by="operator",
            )
        except errors.IllegalTransition as exc:
            current = exc.current
            status = current.status.name if isinstance(current, EffectRecord) else "not UNKNOWN"
            raise errors.IllegalTransition(
                f"effect {key!r} is {status}; only an UNKNOWN (stuck) effect can be resolved",
                current,
            ) from None
        if action == "confirm":
            obligations.hold_for_confirmed(
                db,
                conn,
                moved,
                {
                    "external_ref": moved.external_ref,
                    "reason": "operator-confirmed",
                    "operator": operator,
                    "idempotency_key": key,
                },
            )
        if action == "compensate":
            obligations.register(
                db,
                conn,
                run_id=run_id,
                effect_key=key,
                kind=moved.compensate_kind or "operator-compensate",
                payload_json=_json(
                    {
                        "reason": "operator-compensate",
                        "operator": operator,
                        "note": note,
                        "external_ref": moved.external_ref,
                        "idempotency_key": key,
                    }
                ),
                compensator_ref="",
                max_attempts=0,
                due=True,  # the operator says it must be undone: now, whatever the run does
            )
        # The effect's journal row locked the run: the release reads current counts.
        released = release.release_if_free(
            db,
            conn,
            run_id,
            reason={"reason": "stuck effect resolved by an operator", "effect_key": key},
            operator=operator,
            note=note,
        )
    return moved, released is not None


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)
