"""SQL for compensation obligations: register, claim, attempt, resolve, list (newest first).

When an obligation is due: one registered *held* (an effect confirmed in the normal course) is
owed only if its run is undone, so a drainer may claim it only while its run is COMPENSATING;
the claim clears ``held``, so an inverse once begun stays due whatever the run becomes. One
registered due (a duplicate's extra, an operator's ``--compensate``) is claimable at once.
The run's status is read inside the claim's own conditional UPDATE (a subquery, no lock taken),
so the store's lock order is unchanged: the obligation row, then the run (its seq), then the
journal.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, and_, case, exists, or_, select, true, update

from tape import errors, state, subjects
from tape.enums import ObligationStatus, RunStatus
from tape.records import EffectRecord, ObligationClaim, ObligationRecord, from_row
from tape.store import entries, release, tables
from tape.store.engine import Database
from tape.store.sql import Exists, insert_ignore, one

obligations = tables.obligations
effects = tables.effects
runs = tables.runs

DEFAULT_MAX_ATTEMPTS = 5


def record(row: Any) -> ObligationRecord:
    return from_row(ObligationRecord, row)


def _subject(row: dict[str, Any], verb: str) -> str:
    return subjects.build("obligation", verb, row["kind"], row["run_id"])


def get(
    db: Database, run_id: str, seq: int, conn: Connection | None = None
) -> ObligationRecord | None:
    if conn is None:
        with db.read() as new_conn:
            return get(db, run_id, seq, new_conn)
    row = one(conn, obligations, run_id=run_id, seq=seq)
    return record(row) if row else None


def register(
    db: Database,
    conn: Connection,
    *,
    run_id: str,
    effect_key: str,
    kind: str,
    payload_json: str,
    compensator_ref: str,
    max_attempts: int,
    due: bool,
) -> ObligationRecord | None:
    """Insert a PENDING obligation inside ``conn``'s transaction; None if it already exists.

    ``due``: owed now, whatever becomes of the run (a duplicate's extra, an operator's
    decision). Otherwise it is *held*: owed only if the run is undone; but a run already
    COMPENSATING is being undone, so what it owes from now on is due at once.
    """
    if one(conn, obligations, run_id=run_id, effect_key=effect_key, kind=kind) is not None:
        return None
    now = db.now_ms()
    seq = entries.allocate_seq(conn, run_id)
    # The run's row is locked now (its seq): its status cannot change under us.
    run_status = conn.execute(select(runs.c.status).where(runs.c.run_id == run_id)).scalar()
    held = not due and run_status != RunStatus.COMPENSATING
    row = conn.execute(
        insert_ignore(db, obligations)
        .values(
            run_id=run_id,
            seq=seq,
            effect_key=effect_key,
            kind=kind,
            payload_json=payload_json,
            status=ObligationStatus.PENDING,
            compensator_ref=compensator_ref,
            max_attempts=max_attempts or DEFAULT_MAX_ATTEMPTS,
            next_attempt_at_ms=now,
            created_at_ms=now,
            ts_ms=now,
            held=int(held),
        )
        .returning(*obligations.c)
    ).first()
    if row is None:  # registered concurrently: give the seq back (we hold the run's row lock)
        entries.release_seq(conn, run_id)
        return None
    created = dict(row._mapping)
    payload = {
        "effect_key": effect_key,
        "kind": kind,
        "status": "pending",
        "transition": "registered",
        "held": held,
    }
    entries.append(
        db,
        conn,
        [entries.Entry("obligation", _subject(created, "registered"), payload, run_id)],
        first_seq=seq,
    )
    return record(created)


def hold_for_confirmed(
    db: Database, conn: Connection, effect: EffectRecord, payload: dict[str, Any]
) -> None:
    """Owe ``effect``'s inverse if its run is undone: the held obligation a confirmation
    registers, for confirmations that did not come from the dispatcher (an observation, an
    operator). Nothing when the tool declares no compensator. Call it after the effect's
    journal row, so the run row is locked already and the lock order holds."""
    if not effect.compensate_kind:
        return
    register(
        db,
        conn,
        run_id=effect.run_id,
        effect_key=effect.idempotency_key,
        kind=effect.compensate_kind,
        payload_json=json.dumps(payload, separators=(",", ":"), default=str),
        compensator_ref="",
        max_attempts=0,
        due=False,
    )


def register_compensation(db: Database, **values: Any) -> ObligationRecord:
    """Register an obligation, or return the one already registered for (run, effect, kind)."""
    run_id, effect_key, kind = values["run_id"], values["effect_key"], values["kind"]
    try:
        with db.write() as conn:
            if one(conn, effects, run_id=run_id, idempotency_key=effect_key) is None:
                raise errors.EffectNotFound(
                    f"cannot register a compensation for unknown effect {effect_key!r} "
                    f"of run {run_id!r}"
                )
            created = register(db, conn, **values)
            if created is None:
                raise Exists
            return created
    except Exists:
        with db.read() as conn:
            row = one(conn, obligations, run_id=run_id, effect_key=effect_key, kind=kind)
        assert row is not None
        return record(row)


def list_obligations(
    db: Database, run_id: str, *, only_unresolved: bool, status_filter: ObligationStatus | None
) -> list[ObligationRecord]:
    stmt = select(obligations).where(obligations.c.run_id == run_id)
    if status_filter is not None:
        stmt = stmt.where(obligations.c.status == status_filter)
    elif only_unresolved:
        stmt = stmt.where(obligations.c.status.notin_([s.value for s in state.OBLIGATION_FINAL]))
    with db.read() as conn:
        return [record(r) for r in conn.execute(stmt.order_by(obligations.c.seq.desc())).mappings()]


def list_unresolved(
    db: Database,
    *,
    now_ms: int,
    limit: int,
    include_pending: bool,
    include_stuck: bool,
    include_committed_expired: bool,
) -> list[ObligationRecord]:
    """Obligations due (held ones only of runs being undone), claims expired, STUCK ones.

    Held obligations of runs that finished in the normal course stay PENDING for ever; they
    are in no index this scans (the live index holds only ``held = 0``, migration 0028): the
    held ones that are owed now are found from the few COMPENSATING runs, by run.
    """
    conds: list[Any] = []
    if include_pending:
        conds.append(
            (obligations.c.status == ObligationStatus.PENDING)
            & (obligations.c.held == 0)
            & (obligations.c.next_attempt_at_ms <= now_ms)
        )
    if include_committed_expired:
        conds.append(
            (obligations.c.status == ObligationStatus.COMMITTED)
            & (obligations.c.held == 0)  # a claim clears it: spelled out for the live index
            & (obligations.c.claim_expires_at_ms > 0)
            & (obligations.c.claim_expires_at_ms <= now_ms)
        )
    if include_stuck:
        conds.append(obligations.c.status == ObligationStatus.STUCK)
    order = (obligations.c.next_attempt_at_ms, obligations.c.ts_ms, obligations.c.seq.desc())
    found: list[ObligationRecord] = []
    with db.read() as conn:
        if conds:
            stmt = select(obligations).where(or_(*conds)).order_by(*order).limit(limit)
            found = [record(r) for r in conn.execute(stmt).mappings()]
        if include_pending:
            undoing = select(runs.c.run_id).where(runs.c.status == RunStatus.COMPENSATING)
            held = (
                select(obligations)
                .where(
                    obligations.c.run_id.in_(undoing),
                    obligations.c.status == ObligationStatus.PENDING,
                    obligations.c.held == 1,
                    obligations.c.next_attempt_at_ms <= now_ms,
                )
                .order_by(*order)
                .limit(limit)
            )
            found += [record(r) for r in conn.execute(held).mappings()]
            found.sort(key=lambda o: (o.next_attempt_at_ms, o.ts_ms, -o.seq))
    return found[:limit]


def _locked(conn: Connection, run_id: str, seq: int) -> ObligationStatus | None:
    """The obligation's status, its row locked until the transaction ends (Postgres)."""
    stmt = (
        select(obligations.c.status)
        .where(obligations.c.run_id == run_id, obligations.c.seq == seq)
        .with_for_update()
    )
    found = conn.execute(stmt).scalar()
    return ObligationStatus(found) if found is not None else None


def _owed_now() -> Any:
    """Not held, or held by a run that is being undone (COMPENSATING)."""
    undoing = exists().where(
        runs.c.run_id == obligations.c.run_id, runs.c.status == RunStatus.COMPENSATING
    )
    return or_(obligations.c.held == 0, undoing)


def _pending_due(now: int) -> Any:
    return and_(
        obligations.c.status == ObligationStatus.PENDING,
        obligations.c.next_attempt_at_ms <= now,
        _owed_now(),
    )


def _claimable(now: int) -> Any:
    return or_(
        _pending_due(now),
        and_(
            obligations.c.status == ObligationStatus.COMMITTED,
            obligations.c.claim_expires_at_ms > 0,
            obligations.c.claim_expires_at_ms <= now,
        ),
    )


def _move(
    db: Database,
    conn: Connection,
    run_id: str,
    seq: int,
    *,
    where: list[Any],
    values: dict[str, Any],
    payload: dict[str, Any],
) -> ObligationRecord | None:
    now = db.now_ms()
    row = conn.execute(
        update(obligations)
        .where(obligations.c.run_id == run_id, obligations.c.seq == seq, *where)
        .values(ts_ms=now, **values)
        .returning(*obligations.c)
    ).first()
    if row is None:
        return None
    moved = dict(row._mapping)
    verb = ObligationStatus(moved["status"]).name.lower()
    full = {
        "effect_key": moved["effect_key"],
        "kind": moved["kind"],
        "obligation_seq": seq,
        "status": verb,
        **payload,
    }
    entries.record(db, conn, run_id, "obligation", _subject(moved, verb), full)
    return record(moved)


def claim(db: Database, run_id: str, seq: int, *, claimer: str, ttl_ms: int) -> ObligationClaim:
    now = db.now_ms()
    with db.write() as conn:
        moved = _move(
            db,
            conn,
            run_id,
            seq,
            where=[_claimable(now)],
            values={
                "held": 0,  # work on it has begun: it stays due whatever the run becomes
                "status": ObligationStatus.COMMITTED,
                "claimed_by": claimer,
                "claim_expires_at_ms": now + ttl_ms,
            },
            payload={"transition": "claimed", "claimed_by": claimer},
        )
        if moved is not None:
            return ObligationClaim(True, moved)
        current = get(db, run_id, seq, conn)
    if current is None:
        raise errors.ObligationNotFound(f"no such obligation: run {run_id!r}, seq {seq}")
    return ObligationClaim(False, current)


def record_attempt(
    db: Database, run_id: str, seq: int, *, error: str, next_attempt_at_ms: int, claimer: str
) -> ObligationRecord:
    where: list[Any] = [obligations.c.status == ObligationStatus.COMMITTED]
    if claimer:
        where.append(obligations.c.claimed_by == claimer)
    exhausted: Any = (
        true()
        if next_attempt_at_ms <= 0
        else obligations.c.attempts + 1 >= obligations.c.max_attempts
    )
    values = {
        "attempts": obligations.c.attempts + 1,
        "last_error": error,
        "claimed_by": "",
        "claim_expires_at_ms": 0,
        "status": case(
            (exhausted, ObligationStatus.STUCK.value), else_=ObligationStatus.PENDING.value
        ),
        "next_attempt_at_ms": case((exhausted, 0), else_=max(next_attempt_at_ms, 0)),
    }
    with db.write() as conn:
        moved = _move(
            db,
            conn,
            run_id,
            seq,
            where=where,
            values=values,
            payload={"transition": "attempt-failed", "error": error[:2000]},
        )
        if moved is not None:
            return moved
        current = get(db, run_id, seq, conn)
    if current is None:
        raise errors.ObligationNotFound(f"no such obligation: run {run_id!r}, seq {seq}")
    raise errors.IllegalTransition(
        f"obligation {run_id}:{seq} is {current.status.name}"
        + (f" and claimed by {current.claimed_by!r}" if current.claimed_by else "")
        + "; an attempt can only be recorded by the drainer holding its claim",
        current,
    )


def resolve(
    db: Database,
    run_id: str,
    seq: int,
    *,
    target: ObligationStatus,
    result_json: str,
    operator: str,
    note: str,
) -> ObligationRecord:
    sources = [s.value for s in state.obligation_sources(target, operator=bool(operator))]
    payload: dict[str, Any] = {"transition": "resolved"}
    if operator:
        payload.update(operator=operator, note=note)
    with db.write() as conn:
        was = _locked(conn, run_id, seq)  # a STUCK one settled may release its run
        moved = _move(
            db,
            conn,
            run_id,
            seq,
            where=[obligations.c.status.in_(sources)],
            values={
                "status": target,
                "result_json": result_json,
                "claimed_by": "",
                "claim_expires_at_ms": 0,
                "next_attempt_at_ms": 0,
            },
            payload=payload,
        )
        if moved is not None:
            if was == ObligationStatus.STUCK and target != ObligationStatus.STUCK:
                # Its journal row locked the run: the release reads current counts.
                release.release_if_free(
                    db,
                    conn,
                    run_id,
                    reason={"reason": "stuck obligation resolved", "obligation_seq": seq},
                    operator=operator,
                    note=note,
                )
            return moved
        current = get(db, run_id, seq, conn)
    if current is None:
        raise errors.ObligationNotFound(f"no such obligation: run {run_id!r}, seq {seq}")
    if current.status == target:
        return current
    raise errors.IllegalTransition(
        f"obligation {run_id}:{seq} is {current.status.name}; it cannot become {target.name}"
        + ("" if operator else " (only an operator may act on a STUCK obligation)"),
        current,
    )
