"""SQL for effects once begun: complete, reconcile, the shared transition, and listings.

(Beginning an effect is :mod:`tape.store.begin`.) Completion and reconciliation are
conditional UPDATEs guarded by :mod:`tape.state`; losing the race returns the row as it is
(when it already has the requested status) or raises :class:`~tape.errors.IllegalTransition`.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from sqlalchemy import Connection, and_, or_, select, update
from sqlalchemy.dialects import postgresql

from tape import errors, state, subjects
from tape.enums import DispatchMode, EffectSemantics, EffectStatus, RunStatus
from tape.observability import tracing
from tape.records import EffectRecord, from_row
from tape.store import entries, obligations, release, tables
from tape.store import runs as run_store
from tape.store.engine import Database
from tape.store.prepared import Prepared
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
    if compensation_payload_json is None:
        done = _complete_one_statement(
            db,
            run_id,
            key,
            target=target,
            claimer=claimer,
            values=values,
            payload=payload,
            lease_epoch=lease_epoch,
        )
        if done is not None:
            return done
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


#: A tool name the one-statement journal row may use as its subject segment unencoded
#: (:func:`tape.subjects.encode_segment` would leave it as it is).
_PLAIN_SEGMENT = "^[^/ *%?#\\\\\x01-\x1f\x7f]+$"
_COMPLETE_STATEMENTS: dict[tuple[Any, ...], Prepared] = {}


def _complete_one_statement(
    db: Database,
    run_id: str,
    key: str,
    *,
    target: EffectStatus,
    claimer: str,
    values: dict[str, Any],
    payload: dict[str, Any],
    lease_epoch: int | None,
) -> EffectRecord | None:
    """:func:`complete_effect` on Postgres as one statement: the conditional UPDATE, the run's
    seq (the fencing check too) and the journal row; on SQLite the UPDATE, then the general
    journal writer. None when the UPDATE matched nothing (the general path then says why, or
    returns the effect completed before).

    The statement journals only what needs nothing more: not an outbox effect reaching a
    final status (runs may wait on it: :class:`tape.store.entries.Pending` releases them,
    in the lock order) nor a tool name its subject would have to encode. Those, and a stale
    ``lease_epoch``, are finished here by the general journal writer, in the same
    transaction.
    """
    now = db.now_ms()
    verb = target.name.lower()
    rest = json.dumps(
        {"idempotency_key": key, "status": verb, **payload}, separators=(",", ":"), default=str
    )
    params: dict[str, Any] = {f"v_{k}": v for k, v in values.items()}
    params.update(
        run_id=run_id,
        key=key,
        target=int(target),
        now=now,
        plain=_PLAIN_SEGMENT,
        payload_tail="," + rest[1:],
        subject_head=f"/tape/effect/{verb}/",
        subject_tail="/" + subjects.encode_segment(run_id),
    )
    # The span the row is written under, as every journal row carries (entries._row).
    params["trace_id"], params["span_id"] = tracing.current_ids()
    confirm_late = bool(claimer) and target == EffectStatus.CONFIRMED
    if confirm_late:
        params["claimer"] = claimer
    if lease_epoch is not None:
        params["lease_epoch"] = lease_epoch
    shape = (target, tuple(values), confirm_late, lease_epoch is not None, db.is_postgres)
    stmt = _COMPLETE_STATEMENTS.get(shape)
    if stmt is None:
        stmt = _COMPLETE_STATEMENTS[shape] = Prepared("complete_effect", _complete_sql(*shape))
    with db.write() as conn:
        got = stmt.execute(conn, params).first()
        if got is None:
            return None
        moved = dict(got._mapping)
        journaled = moved.pop("tape_journaled", False)
        if not journaled:
            writer = entries.Pending()
            if lease_epoch is not None:
                entries.allocate_seq(conn, run_id, count=0, lease_epoch=lease_epoch)
            full = {"tool": moved["tool_name"], "idempotency_key": key, "status": verb, **payload}
            writer.add(entries.Entry("effect", effect_subject(moved, verb), full, run_id))
            if target in state.EFFECT_FINAL and moved["dispatch_mode"] == DispatchMode.OUTBOX:
                writer.release_gate(entries.effect_gate(key))
            writer.flush(db, conn)
        return record(moved)


def _complete_sql(
    target: EffectStatus,
    columns: tuple[str, ...],
    confirm_late: bool,
    fenced: bool,
    postgres: bool,
) -> str:
    pending, unknown = int(EffectStatus.PENDING), int(EffectStatus.UNKNOWN)
    guard = f"status = {pending}"
    if confirm_late:
        guard = (
            f"(status = {pending} OR (status = {unknown} "
            "AND dispatch_claimed_by = CAST(%(claimer)s AS text)))"
        )
    sources = ", ".join(str(int(s)) for s in sorted(state.effect_sources(target)))
    sets = ", ".join(
        [
            "status = CAST(%(target)s AS smallint)",
            "ts_ms = CAST(%(now)s AS bigint)",
            *(f"{c} = CAST(%(v_{c})s AS {_pg_type(c)})" for c in columns),
        ]
    )
    # Runs may wait on an outbox effect's final status: that path releases them.
    journal_here = "e.tool_name ~ CAST(%(plain)s AS text)"
    if target in state.EFFECT_FINAL:
        journal_here += f" AND e.dispatch_mode <> {int(DispatchMode.OUTBOX)}"
    fence = "AND tape_runs.lease_epoch = CAST(%(lease_epoch)s AS bigint)" if fenced else ""
    returned = ", ".join(f"e.{c.name}" for c in effects.c)
    update_sql = f"""
  UPDATE tape_effects SET {sets}
   WHERE run_id = %(run_id)s AND idempotency_key = %(key)s
     AND status IN ({sources}) AND {guard}
  RETURNING {", ".join(c.name for c in effects.c)}"""
    if not postgres:
        return update_sql
    return f"""
WITH e AS ({update_sql}
), r AS (
  UPDATE tape_runs SET seq_cursor = seq_cursor + 1
    FROM e
   WHERE tape_runs.run_id = e.run_id AND {journal_here} {fence}
  RETURNING tape_runs.seq_cursor
), j AS (
  INSERT INTO tape_journal (global_seq, run_id, seq, kind, payload_json, ts_ms, subject,
                            trace_id, span_id)
  SELECT nextval('tape_journal_global_seq'), e.run_id, r.seq_cursor, 'effect',
         '{{"tool":' || to_json(e.tool_name)::text || CAST(%(payload_tail)s AS text),
         CAST(%(now)s AS bigint),
         CAST(%(subject_head)s AS text) || e.tool_name || CAST(%(subject_tail)s AS text),
         CAST(%(trace_id)s AS text), CAST(%(span_id)s AS text)
    FROM e CROSS JOIN r
  RETURNING 1
)
SELECT (SELECT count(*) FROM r) > 0 AS tape_journaled, {returned} FROM e
"""


def _pg_type(column: str) -> str:
    name = str(effects.c[column].type.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    return "text" if name.startswith(("VARCHAR", "TEXT")) else name


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
    with contextlib.suppress(errors.IllegalTransition):
        run_store.transition_run(db, run_id, RunStatus.STUCK, detail_json=_json(reason), conn=conn)


def _json(value: Any) -> str:
    import json

    return json.dumps(value, separators=(",", ":"), default=str)
