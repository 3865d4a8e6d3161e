"""SQL for the outbox: dispatch claims, attempt outcomes, and observations.

A claim is the only gate to calling an upstream (a broker redelivery or a second dispatcher
finds the row claimed and does nothing). Claiming increments ``dispatch_attempts``: the attempt
is in flight until its outcome is recorded, which clears the claim. An expired claim that is
still set means its worker died mid-call: NON_IDEMPOTENT effects then go to UNKNOWN
(:func:`expire_dispatch_claims`) and are never claimed again; IDEMPOTENT ones may be claimed
again and re-sent with the same idempotency key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    case,
    false,
    func,
    literal_column,
    or_,
    select,
    union_all,
    update,
)

from tape import errors, reconciled, state, subjects, unregistered
from tape.enums import DispatchMode, EffectResolution, EffectSemantics, EffectStatus
from tape.records import EffectClaim, EffectRecord
from tape.store import effects as effect_store
from tape.store import entries, obligations, release, tables
from tape.store.engine import Database
from tape.store.prepared import Prepared
from tape.store.sql import claim_batch, clip

effects = tables.effects
obligation_table = tables.obligations

#: After an ABSENT observation, wait this long past the last attempt's timeout before sending
#: again, so a slow first attempt still in flight cannot land beside the retry.
SETTLE_MS = 5_000
#: Re-observation backoff of STUCK effects: slow, and capped.
STUCK_BACKOFF_BASE_MS = 30_000
STUCK_BACKOFF_CAP_MS = 15 * 60_000


#: Dispatch attempts before an effect is given up on, unless it sets its own.
DEFAULT_MAX_ATTEMPTS = 5


def _attempts_used(default_max: Any) -> Any:
    limit = case((effects.c.max_attempts > 0, effects.c.max_attempts), else_=default_max)
    return effects.c.dispatch_attempts >= limit


def _dispatchable(now: Any, default_max: Any = DEFAULT_MAX_ATTEMPTS) -> Any:
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


def mark_connector_missing(
    db: Database, run_id: str, key: str, *, connector: str, worker: str
) -> EffectRecord | None:
    """Mark a due, unclaimed outbox effect as waiting on ``connector``, which ``worker`` does
    not register (:mod:`tape.unregistered`); None when it is marked already or moved.

    Not a claim: nothing gates on the mark, no attempt is counted and the claim columns are
    not touched, so a worker that registers the connector claims the effect as before (and
    its outcome clears or overwrites the mark). One short transaction: the conditional
    UPDATE and its journal row ``/tape/effect/no-connector/<connector>/<run_id>``.
    """
    now = db.now_ms()
    stmt = (
        update(effects)
        .where(
            effects.c.run_id == run_id,
            effects.c.idempotency_key == key,
            effects.c.connector == connector,
            effects.c.status == EffectStatus.PENDING,
            effects.c.dispatch_mode == DispatchMode.OUTBOX,
            effects.c.dispatch_claimed_by == "",
            effects.c.next_dispatch_at_ms <= now,
            ~_marked(),
        )
        .values(last_dispatch_error=unregistered.mark(connector, worker, now))
        .returning(*effects.c)
    )
    with db.write() as conn:
        row = conn.execute(stmt).first()
        if row is None:
            return None
        effect = effect_store.record(row._mapping)
        payload = {
            "tool": effect.tool_name,
            "idempotency_key": key,
            "status": "pending",
            "transition": "no-connector",
            "connector": connector,
            "worker": worker,
        }
        writer = entries.Pending()
        subject = subjects.build("effect", "no-connector", connector, run_id)
        writer.add(entries.Entry("effect", subject, payload, run_id))
        writer.flush(db, conn)
        return effect


def _marked() -> Any:
    """Whether an effect's ``last_dispatch_error`` is a :mod:`tape.unregistered` mark."""
    prefix = unregistered.PREFIX
    return func.substr(effects.c.last_dispatch_error, 1, len(prefix)) == prefix


def unmark_connector_missing() -> Any:
    """``last_dispatch_error`` without a :mod:`tape.unregistered` mark (for a confirmation)."""
    return case((_marked(), ""), else_=effects.c.last_dispatch_error)


def _claim_values(now: Any, claimer: Any, ttl_ms: int) -> dict[str, Any]:
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
    shape = (db.is_postgres, None if connectors is None else tuple(connectors))
    stmt = _CLAIM_STATEMENTS.get(shape)
    if stmt is None:
        stmt = _CLAIM_STATEMENTS[shape] = Prepared(
            "claim_effects", lambda: _claim_statement(db, shape[1])
        )
    params = {
        "now": now,
        "expires": now + ttl_ms,
        "claimer": claimer,
        "default_max": default_max,
        "limit": limit,
    }
    with db.write() as conn:
        return [effect_store.record(r) for r in stmt.execute(conn, params).mappings()]


def _claim_statement_pg(connectors: tuple[str, ...] | None, values: dict[str, Any]) -> Any:
    """The batch claim on Postgres: unclaimed due effects (``ix_tape_effects_dispatchable``)
    and lapsed claims of IDEMPOTENT ones (``ix_tape_effects_claimed``) are picked and locked
    apart (``FOR UPDATE SKIP LOCKED``, each in index order; one ``OR`` would scan past every
    claim in flight), then the first ``limit`` of both are updated by ``ctid``, as
    :func:`tape.store.sql.claim_batch` does (the lock re-checks the conditions; rows locked
    and not taken are let go at commit)."""
    now = bindparam("now", type_=BigInteger)
    limit = bindparam("limit", type_=Integer)
    base = [
        effects.c.status == EffectStatus.PENDING,
        effects.c.dispatch_mode == DispatchMode.OUTBOX,
        effects.c.next_dispatch_at_ms <= now,
    ]
    if connectors is not None:
        base.append(or_(false(), *(effects.c.connector == c for c in connectors)))
    lapsed = [
        effects.c.dispatch_claimed_by != "",
        effects.c.dispatch_claim_expires_at_ms <= now,
        effects.c.semantics != EffectSemantics.NON_IDEMPOTENT,
        ~_attempts_used(bindparam("default_max", type_=Integer)),
    ]
    picks = []
    for name, extra in (("unclaimed", [effects.c.dispatch_claimed_by == ""]), ("lapsed", lapsed)):
        picks.append(
            select(literal_column("ctid").label("tid"), effects.c.next_dispatch_at_ms)
            .where(*base, *extra)
            .order_by(effects.c.next_dispatch_at_ms)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .cte(name)
            .prefix_with("MATERIALIZED")
        )
    both = union_all(*(select(p.c.tid, p.c.next_dispatch_at_ms) for p in picks)).subquery()
    first = select(both.c.tid).order_by(both.c.next_dispatch_at_ms).limit(limit)
    return (
        update(effects)
        .where(literal_column("tape_effects.ctid") == any_(func.array(first.scalar_subquery())))
        .values(values)
        .returning(*effects.c)
    )


#: Built once per (backend, connectors): the claim is the outbox's hottest statement.
_CLAIM_STATEMENTS: dict[tuple[bool, tuple[str, ...] | None], Prepared] = {}


def _claim_statement(db: Database, connectors: tuple[str, ...] | None) -> Any:
    now = bindparam("now", type_=BigInteger)
    where = _dispatchable(now, bindparam("default_max", type_=Integer))
    if connectors is not None:  # OR of =, not IN: one fixed text (prepared.Prepared)
        where = and_(where, or_(false(), *(effects.c.connector == c for c in connectors)))
    values = _claim_values(now, bindparam("claimer", type_=String), 0)
    values["dispatch_claim_expires_at_ms"] = bindparam("expires", type_=BigInteger)
    if db.is_postgres:
        return _claim_statement_pg(connectors, values)
    return claim_batch(
        db,
        effects,
        keys=["run_id", "idempotency_key"],
        where=where,
        order_by=effects.c.next_dispatch_at_ms,
        limit=bindparam("limit", type_=Integer),
        values=values,
    )


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
        "error": clip(error),
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
    observed_by: str = "",
    observation_json: str = "",
) -> EffectRecord:
    """Apply what an observation of the upstream found (docs/design.md decision 4).

    ``observation_json`` (what the look reported, when ``response_json`` is the call's result
    or a :mod:`tape.reconciled` marker) is journaled on the observation's row and is what an
    inverse owed by a call confirmed without its result is called with.

    ``observed_by`` says who looked (:data:`tape.state.OBSERVERS`; "" nobody). ABSENT sends
    the effect back to dispatch, so for a NON_IDEMPOTENT effect it needs a real look:
    without one it is refused (:class:`~tape.errors.ObservationRequired`, nothing written).
    ABSENT on an IDEMPOTENT effect with nobody's look is the reconciler re-sending it with the
    same key; it is journaled as ``redispatch-unobserved``.

    An observation that settles a stuck effect (anything but STUCK again) releases its STUCK
    run in the same transaction when nothing else holds it
    (:func:`tape.store.release.release_if_free`): the run goes on by itself.
    """
    now = db.now_ms()
    live = [effects.c.status.in_([EffectStatus.PENDING, EffectStatus.UNKNOWN])]
    values: dict[str, Any] = {"dispatch_claimed_by": "", "dispatch_claim_expires_at_ms": 0}
    if external_ref:
        values["external_ref"] = external_ref
    if response_json:
        values["response_json"] = response_json
    if error_json:
        values["error_json"] = error_json
    looked = observed_by in state.OBSERVERS
    unobserved_redispatch = resolution == EffectResolution.ABSENT and not looked
    payload: dict[str, Any] = {
        "transition": "redispatch-unobserved"
        if unobserved_redispatch
        else f"observed-{resolution.name.lower()}",
        "external_ref": external_ref,
        "observed_by": observed_by if looked else "nobody",
    }
    if observation_json:
        payload["observation"] = json.loads(observation_json)
    with db.write() as conn:
        # Locked first (the lock order's changed row): whether it *was* stuck decides below
        # whether this observation releases its run, so that must not change under us.
        current = effect_store.lock_effect(conn, run_id, key)
        if current is None:
            raise errors.EffectNotFound(f"no such effect: run {run_id!r}, key {key!r}")
        if (
            resolution == EffectResolution.ABSENT
            and current.status in (EffectStatus.PENDING, EffectStatus.UNKNOWN)
            and not state.may_redispatch(current.semantics, observed_by)
        ):
            # Semantics never change after begin, so this read decides nothing racy; the
            # transition below also carries the guard in its WHERE.
            raise effect_store.observation_required(current)
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
            observed_by=observed_by,
        )
        if resolution == EffectResolution.CONFIRMED and current.status != EffectStatus.CONFIRMED:
            # Confirmed by a look, not by the dispatcher: owed if the run is undone, all the same.
            obligations.hold_for_confirmed(
                db,
                conn,
                moved,
                {
                    **_object(
                        observation_json
                        if reconciled.is_marker(_object(response_json))
                        else response_json
                    ),
                    "external_ref": external_ref or moved.external_ref,
                    "reason": "observed-confirmed",
                },
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
                due=True,  # the extra landed beside the first call: undo it now
            )
        if resolution == EffectResolution.STUCK:
            effect_store.mark_run_stuck(
                db, conn, run_id, {"reason": "effect outcome cannot be known", "effect_key": key}
            )
        elif current.status == EffectStatus.UNKNOWN and current.stuck_at_ms:
            # This look settled a stuck effect (the row was locked as UNKNOWN, so the UPDATE
            # above moved it and its journal row locked the run): let the STUCK run go on if
            # nothing else holds it, or it would wait for what already happened.
            release.release_if_free(
                db,
                conn,
                run_id,
                reason={
                    "reason": "its stuck effect was observed settled",
                    "effect_key": key,
                    "observed": resolution.name.lower(),
                    "observed_by": payload["observed_by"],
                },
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


def _object(text: str) -> dict[str, Any]:
    """A JSON object's fields, or {} for anything else (an upstream's body may be anything)."""
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
