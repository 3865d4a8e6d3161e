"""SQL for effects once begun: complete, reconcile, the shared transition, and listings.

(Beginning an effect is :mod:`tape.store.begin`.) Completion and reconciliation are
conditional UPDATEs guarded by :mod:`tape.state`; losing the race returns the row as it is
(when it already has the requested status) or raises :class:`~tape.errors.IllegalTransition`.
"""

from __future__ import annotations

import contextlib
from typing import Any

from sqlalchemy import Connection, and_, or_, select, update

from tape import errors, state, subjects
from tape.enums import DispatchMode, EffectSemantics, EffectStatus, RunStatus
from tape.records import EffectRecord, from_row
from tape.store import entries, obligations, release, tables
from tape.store.engine import Database
from tape.store.sql import one

effects = tables.effects
runs = tables.runs


def record(row: Any) -> EffectRecord:
    return from_row(EffectRecord, row)


def effect_subject(row: dict[str, Any] | EffectRecord, verb: str) -> str:
    if isinstance(row, EffectRecord):
        return subjects.build("effect", verb, row.tool_name, row.run_id)
    return subjects.build("effect", verb, row["tool_name"], row["run_id"])


def get_effect(
    db: Database, run_id: str, key: str, conn: Connection | None = None
) -> EffectRecord | None:
    if conn is None:
        with db.read() as new_conn:
            return get_effect(db, run_id, key, new_conn)
    row = one(conn, effects, run_id=run_id, idempotency_key=key)
    return record(row) if row else None


def lock_effect(conn: Connection, run_id: str, key: str) -> EffectRecord | None:
    """The effect, its row locked until the transaction ends (Postgres; SQLite serialises
    writers): for a transition that must know what the row was, not only what it becomes."""
    stmt = (
        select(effects)
        .where(effects.c.run_id == run_id, effects.c.idempotency_key == key)
        .with_for_update()
    )
    row = conn.execute(stmt).mappings().first()
    return record(row) if row is not None else None


def observation_required(current: EffectRecord) -> errors.ObservationRequired:
    """The refusal of sending a NON_IDEMPOTENT effect again without a look at the upstream."""
    return errors.ObservationRequired(
        f"effect {current.idempotency_key!r} is NON_IDEMPOTENT and {current.status.name}: it "
        "goes back to dispatch only on an 'absent' seen at the upstream (observed_by="
        f"{'|'.join(sorted(state.OBSERVERS))}); an operator who checked the upstream's books "
        "can run `tape resolve KEY --absent`",
        current,
    )


def transition(
    db: Database,
    conn: Connection,
    run_id: str,
    key: str,
    *,
    target: EffectStatus,
    where: list[Any],
    values: dict[str, Any],
    payload: dict[str, Any],
    lease_epoch: int | None = None,
    accept_same: bool = True,
    pending: entries.Pending | None = None,
    observed_by: str = "",
) -> EffectRecord:
    """The one conditional UPDATE every effect transition goes through, with its journal row.

    ``where`` adds conditions to the state guard. When no row matches, returns the current row
    if it already has ``target`` status (``accept_same``), else raises.

    UNKNOWN → PENDING (dispatch again) of a NON_IDEMPOTENT effect is guarded here for every
    caller: it needs ``observed_by`` naming who saw at the upstream that the call never landed
    (:func:`tape.state.may_redispatch`), else :class:`~tape.errors.ObservationRequired`.
    """
    now = db.now_ms()
    sources = [s.value for s in state.effect_sources(target)]
    guard = list(where)
    evidenced = observed_by in state.OBSERVERS
    if target == EffectStatus.PENDING and not evidenced:
        guard.append(
            or_(
                effects.c.status != EffectStatus.UNKNOWN,
                effects.c.semantics != EffectSemantics.NON_IDEMPOTENT,
            )
        )
    stmt = (
        update(effects)
        .where(
            effects.c.run_id == run_id,
            effects.c.idempotency_key == key,
            effects.c.status.in_(sources),
            *guard,
        )
        .values(status=target, ts_ms=now, **values)
        .returning(*effects.c)
    )
    row = conn.execute(stmt).first()
    if row is None:
        current = get_effect(db, run_id, key, conn)
        if current is None:
            raise errors.EffectNotFound(f"no such effect: run {run_id!r}, key {key!r}")
        if accept_same and current.status == target:
            return current
        if (
            target == EffectStatus.PENDING
            and current.status == EffectStatus.UNKNOWN
            and not state.may_redispatch(current.semantics, observed_by)
        ):
            raise observation_required(current)
        raise errors.IllegalTransition(
            f"effect {key!r} is {current.status.name}; it cannot become {target.name} here",
            current,
        )
    moved = dict(row._mapping)
    verb = target.name.lower()
    full = {"tool": moved["tool_name"], "idempotency_key": key, "status": verb, **payload}
    local = pending is None
    writer = entries.Pending() if pending is None else pending
    if lease_epoch is not None:
        entries.allocate_seq(conn, run_id, count=0, lease_epoch=lease_epoch)  # fencing check
    writer.add(entries.Entry("effect", effect_subject(moved, verb), full, run_id))
    if target in state.EFFECT_FINAL and moved["dispatch_mode"] == DispatchMode.OUTBOX:
        # Only an outbox effect is waited for (an inline one runs in the agent itself).
        writer.release_gate(entries.effect_gate(key))
    if local:
        writer.flush(db, conn)
    return record(moved)


def complete_effect(
    db: Database,
    run_id: str,
    key: str,
    *,
    target: EffectStatus,
    response_json: str,
    error_json: str,
    external_ref: str,
    claimer: str,
    lease_epoch: int | None,
    compensation_payload_json: str | None = None,
) -> EffectRecord:
    """Record an effect's outcome; with ``compensation_payload_json``, a CONFIRMED outcome
    also registers the effect's compensation obligation (its ``compensate_kind``) in the same
    transaction, so an inline effect can never be confirmed without the inverse it owes."""
    guard: list[Any] = []
    if claimer and target == EffectStatus.CONFIRMED:
        # The dispatcher's late "confirmed" still lands on an effect its expired claim turned
        # UNKNOWN: it is the answer the reconciler would otherwise have to go and ask for.
        guard.append(
            or_(
                effects.c.status == EffectStatus.PENDING,
                and_(
                    effects.c.status == EffectStatus.UNKNOWN,
                    effects.c.dispatch_claimed_by == claimer,
                ),
            )
        )
    else:
        guard.append(effects.c.status == EffectStatus.PENDING)
    values: dict[str, Any] = {
        "response_json": response_json,
        "error_json": error_json,
        "dispatch_claimed_by": "",
        "dispatch_claim_expires_at_ms": 0,
    }
    if external_ref:
        values["external_ref"] = external_ref
    if target != EffectStatus.UNKNOWN:
        values["stuck_at_ms"] = 0
    payload: dict[str, Any] = {"transition": "completed"}
    if external_ref:
        payload["external_ref"] = external_ref
    with db.write() as conn:
        pending = entries.Pending()
        try:
            moved = transition(
                db,
                conn,
                run_id,
                key,
                target=target,
                where=guard,
                values=values,
                payload=payload,
                lease_epoch=lease_epoch,
                accept_same=False,
                pending=pending,
            )
        except errors.IllegalTransition as exc:
            if isinstance(exc.current, EffectRecord) and exc.current.status == target:
                return exc.current  # completed before: its obligation was registered then
            raise
        owes = target == EffectStatus.CONFIRMED and compensation_payload_json is not None
        if owes and not moved.compensate_kind:  # refused before the journal is touched
            raise errors.InvalidArgument(
                f"effect {key!r} has no compensate_kind: a compensation payload needs the "
                "kind declared at begin_effect"
            )
        pending.flush(db, conn)
        if owes:
            _owe_inverse(db, conn, moved, compensation_payload_json or "{}")
        return moved


def _owe_inverse(db: Database, conn: Connection, effect: EffectRecord, payload_json: str) -> None:
    # After the flush the run is locked already: registering takes no new lock.
    obligations.register(
        db,
        conn,
        run_id=effect.run_id,
        effect_key=effect.idempotency_key,
        kind=effect.compensate_kind,
        payload_json=payload_json,
        compensator_ref="",
        max_attempts=0,
        due=False,  # held: owed only if the run is undone
    )


def reconcile_effect(
    db: Database,
    run_id: str,
    key: str,
    *,
    target: EffectStatus,
    response_json: str,
    error_json: str,
    operator: str,
    note: str,
) -> EffectRecord:
    now = db.now_ms()
    values: dict[str, Any] = {"stuck_at_ms": 0, "next_reconcile_at_ms": 0}
    if response_json:
        values["response_json"] = response_json
    if error_json:
        values["error_json"] = error_json
    if target == EffectStatus.PENDING:
        values.update(
            dispatch_claimed_by="", dispatch_claim_expires_at_ms=0, next_dispatch_at_ms=now
        )
    payload: dict[str, Any] = {"transition": "reconciled", "resolved_to": target.name.lower()}
    if operator:
        payload.update(operator=operator, note=note)
    # ReconcileEffect carries no observation: only an operator's word may send a
    # NON_IDEMPOTENT effect back to dispatch (from PENDING too: that would drop a live claim).
    observed_by = "operator" if operator else ""
    with db.write() as conn:
        current = lock_effect(conn, run_id, key)  # what it was decides the run's release
        if (
            target == EffectStatus.PENDING
            and current is not None
            and current.status in (EffectStatus.PENDING, EffectStatus.UNKNOWN)
            and not state.may_redispatch(current.semantics, observed_by)
        ):
            raise observation_required(current)
        moved = transition(
            db,
            conn,
            run_id,
            key,
            target=target,
            where=[effects.c.status.in_([EffectStatus.PENDING, EffectStatus.UNKNOWN])],
            values=values,
            payload=payload,
            observed_by=observed_by,
        )
        if current is not None and current.status == EffectStatus.UNKNOWN and current.stuck_at_ms:
            # It was stuck and is settled now: its STUCK run goes on if nothing else holds it.
            release.release_if_free(
                db,
                conn,
                run_id,
                reason={"reason": "its stuck effect was reconciled", "effect_key": key},
                operator=operator,
                note=note,
            )
        return moved


def list_pending_effects(
    db: Database,
    *,
    older_than_ms: int,
    limit: int,
    include_pending: bool,
    include_unknown: bool,
    due_by_ms: int = 0,
) -> list[EffectRecord]:
    conds = []
    if include_unknown:
        unknown = effects.c.status == EffectStatus.UNKNOWN
        if due_by_ms:
            unknown = unknown & (effects.c.next_reconcile_at_ms <= due_by_ms)
        conds.append(unknown)
    if include_pending:
        pending = effects.c.status == EffectStatus.PENDING
        if older_than_ms:
            pending = pending & (effects.c.ts_ms < older_than_ms)
        conds.append(pending)
    stmt = select(effects).where(or_(*conds)).order_by(effects.c.ts_ms).limit(limit)
    with db.read() as conn:
        return [record(r) for r in conn.execute(stmt).mappings()]


def list_effects(db: Database, run_id: str) -> list[EffectRecord]:
    stmt = select(effects).where(effects.c.run_id == run_id).order_by(effects.c.seq)
    with db.read() as conn:
        return [record(r) for r in conn.execute(stmt).mappings()]


def mark_run_stuck(db: Database, conn: Connection, run_id: str, reason: dict[str, Any]) -> None:
    """Move a live run to STUCK (a human must look); a no-op for runs already over."""
    from tape.store import runs as run_store

    with contextlib.suppress(errors.IllegalTransition):
        run_store.transition_run(db, run_id, RunStatus.STUCK, detail_json=_json(reason), conn=conn)


def _json(value: Any) -> str:
    import json

    return json.dumps(value, separators=(",", ":"), default=str)
