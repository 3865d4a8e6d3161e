"""SQL for what coordinates a run with the world: budgets, gates (signals) and timers."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Connection, delete, or_, select, update

from tape import errors, subjects
from tape.enums import RunStatus
from tape.records import BudgetState, SignalResult, TimerRecord, from_row
from tape.store import entries, gates, run_links, tables
from tape.store import runs as run_store
from tape.store.engine import Database
from tape.store.sql import Exists, claim_batch, insert_ignore, one, upsert

budgets = tables.budgets
signals = tables.signals
timers = tables.timers
runs = tables.runs


# -- budgets ---------------------------------------------------------------------------------


def get_budget(db: Database, run_id: str, conn: Connection | None = None) -> BudgetState:
    if conn is None:
        with db.read() as new_conn:
            return get_budget(db, run_id, new_conn)
    row = one(conn, budgets, run_id=run_id)
    return from_row(BudgetState, row) if row else BudgetState(run_id=run_id)


def set_budget(db: Database, run_id: str, *, usd_cap: float, token_cap: int) -> BudgetState:
    stmt = upsert(db, budgets, ["run_id"], {"usd_cap": usd_cap, "token_cap": token_cap})
    with db.write() as conn:
        entries.allocate_seq(conn, run_id, count=0)  # the run must exist
        row = conn.execute(
            stmt.values(run_id=run_id, usd_cap=usd_cap, token_cap=token_cap).returning(*budgets.c)
        ).first()
        assert row is not None
        entries.record(
            db,
            conn,
            run_id,
            "budget",
            subjects.build("budget", "set", run_id),
            {"transition": "set", "usd_cap": usd_cap, "token_cap": token_cap},
        )
        return from_row(BudgetState, row._mapping)


def charge_budget(db: Database, run_id: str, *, usd: float, tokens: int) -> BudgetState:
    with db.write() as conn:
        entries.allocate_seq(conn, run_id, count=0)
        return charge_budget_in(db, conn, run_id, usd=usd, tokens=tokens)


def charge_budget_in(
    db: Database,
    conn: Connection,
    run_id: str,
    *,
    usd: float,
    tokens: int,
    extra: dict[str, Any] | None = None,
) -> BudgetState:
    """:func:`charge_budget` inside the caller's transaction (the run row already locked);
    ``extra`` is added to the journal row's payload."""
    stmt = upsert(
        db,
        budgets,
        ["run_id"],
        {
            "usd_spent": budgets.c.usd_spent + usd,
            "tokens_spent": budgets.c.tokens_spent + tokens,
        },
    )
    row = conn.execute(
        stmt.values(run_id=run_id, usd_spent=usd, tokens_spent=tokens).returning(*budgets.c)
    ).first()
    assert row is not None
    entries.record(
        db,
        conn,
        run_id,
        "budget",
        subjects.build("budget", "charged", run_id),
        {"transition": "charged", "usd": usd, "tokens": tokens, **(extra or {})},
    )
    return from_row(BudgetState, row._mapping)


def admit(budget: BudgetState, usd_estimate: float, token_estimate: int) -> str:
    """The refusal reason for this estimate, or '' when it fits (upstream Tape's wording)."""
    if budget.usd_cap > 0 and budget.usd_spent + usd_estimate > budget.usd_cap:
        return (
            f"usd cap {budget.usd_cap:.2f} would be exceeded "
            f"(spent {budget.usd_spent:.2f} + estimate {usd_estimate:.2f})"
        )
    if budget.token_cap > 0 and budget.tokens_spent + token_estimate > budget.token_cap:
        return (
            f"token cap {budget.token_cap} would be exceeded "
            f"(spent {budget.tokens_spent} + estimate {token_estimate})"
        )
    return ""


# -- gates -----------------------------------------------------------------------------------


def _gate_subject(verb: str, gate: str, run_id: str) -> str:
    return subjects.build("gate", verb, gate, run_id)


def await_signal(
    db: Database, run_id: str, gate: str, *, payload_json: str, lease_epoch: int | None
) -> SignalResult:
    """Consume a delivered signal, or park the run (WAITING) on the gate.

    On an ``effect:<key>`` gate, an effect that is already final is the answer: there is
    nothing to wait for. Its row is locked before the run (see :mod:`tape.store.gates`), so a
    release racing this park either sees the run WAITING or is seen here as final.
    """
    now = db.now_ms()
    effect_key = gates.awaited_effect_key(gate)
    with db.write() as conn:
        outcome = None
        if effect_key is not None:
            outcome = gates.lock_awaited_effect(conn, run_id, effect_key)
        # A child run's gate: its row is locked first, as an effect's (tape/store/children.py).
        child_id = run_links.awaited_child(gate)
        child_outcome = run_links.lock_awaited_child(conn, child_id) if child_id else None
        # Fence: a stale lease holder, or a run that is not RUNNING, consumes nothing. A signal
        # and its delivery (send_signal) serialise on this run row.
        entries.allocate_seq(conn, run_id, count=0, lease_epoch=lease_epoch)
        status = RunStatus(
            conn.execute(select(runs.c.status).where(runs.c.run_id == run_id)).scalar_one()
        )
        if status != RunStatus.RUNNING:
            raise errors.IllegalTransition(
                f"run {run_id!r} is {status.name}; only a RUNNING run can await a gate"
            )
        if outcome is not None:
            return SignalResult(True, json.dumps({"status": outcome.name}))
        if child_outcome is not None:
            return SignalResult(True, child_outcome)
        delivered = (
            None
            if child_id
            else conn.execute(
                update(signals)
                .where(
                    signals.c.run_id == run_id,
                    signals.c.gate_name == gate,
                    signals.c.delivered == 1,
                )
                .values(consumed=1)
                .returning(signals.c.resolution_json)
            ).first()
        )
        if delivered is not None:
            return SignalResult(True, delivered[0])
        conn.execute(
            upsert(
                db, signals, ["run_id", "gate_name"], {"awaited": 1, "context_json": payload_json}
            ).values(
                run_id=run_id,
                gate_name=gate,
                context_json=payload_json,
                awaited=1,
                created_at_ms=now,
            )
        )
        parked = run_store.transition_run(
            db, run_id, RunStatus.WAITING, lease_epoch=lease_epoch, conn=conn
        )
        conn.execute(update(runs).where(runs.c.run_id == run_id).values(waiting_on_gate=gate))
        entries.record(
            db,
            conn,
            run_id,
            "gate",
            _gate_subject("waiting", gate, run_id),
            {
                "gate": gate,
                "transition": "waiting",
                "from_status": parked.status.name.lower(),
                # what the gate asks, for whoever answers it (tape signal, the dashboard): a
                # human_gate tool's exact request
                **({"context": json.loads(payload_json)} if payload_json else {}),
            },
        )
    return SignalResult(False, "")


def newest_run_of_session(db: Database, app_name: str, user_id: str, session_id: str) -> str | None:
    stmt = (
        select(runs.c.run_id)
        .where(
            runs.c.app_name == app_name, runs.c.user_id == user_id, runs.c.session_id == session_id
        )
        .order_by(runs.c.started_at_ms.desc())
        .limit(1)
    )
    with db.read() as conn:
        return conn.execute(stmt).scalar()


def send_signal(
    db: Database, run_id: str, gate: str, *, resolution_json: str
) -> tuple[bool, RunStatus]:
    """Deliver a gate's resolution (the first delivery wins); release the run if it waits on it."""
    now = db.now_ms()
    deliver = (
        upsert(
            db,
            signals,
            ["run_id", "gate_name"],
            {"delivered": 1, "resolution_json": resolution_json, "delivered_at_ms": now},
            where=signals.c.delivered == 0,
        )
        .values(
            run_id=run_id,
            gate_name=gate,
            resolution_json=resolution_json,
            delivered=1,
            created_at_ms=now,
            delivered_at_ms=now,
        )
        .returning(signals.c.run_id)
    )
    with db.write() as conn:
        entries.allocate_seq(conn, run_id, count=0)  # the run must exist
        if conn.execute(deliver).first() is None:
            return False, RunStatus.UNSPECIFIED
        released = entries.release_waiting(conn, run_id, gate)
        verb = "released" if released else "delivered"
        entries.record(
            db,
            conn,
            run_id,
            "gate",
            _gate_subject(verb, gate, run_id),
            {"gate": gate, "transition": verb},
        )
    return True, RunStatus.RUNNABLE if released else RunStatus.UNSPECIFIED


# -- timers ----------------------------------------------------------------------------------


def _timer(row: Any) -> TimerRecord:
    return from_row(TimerRecord, row)


def set_timer(
    db: Database, run_id: str, timer_id: str, *, fire_at_ms: int, kind: str, payload_json: str
) -> TimerRecord:
    """Create a timer; setting an existing timer id returns it unchanged (safe under replay)."""
    timer_id = timer_id or str(uuid.uuid4())
    try:
        with db.write() as conn:
            seq = entries.allocate_seq(conn, run_id)
            row = conn.execute(
                insert_ignore(db, timers)
                .values(
                    run_id=run_id,
                    timer_id=timer_id,
                    fire_at_ms=fire_at_ms,
                    kind=kind,
                    payload_json=payload_json,
                    created_at_ms=db.now_ms(),
                )
                .returning(*timers.c)
            ).first()
            if row is None:
                raise Exists
            entries.append(
                db,
                conn,
                [
                    entries.Entry(
                        "timer",
                        subjects.build("timer", "set", kind, run_id),
                        {"timer_id": timer_id, "kind": kind, "fire_at_ms": fire_at_ms},
                        run_id,
                    )
                ],
                first_seq=seq,
            )
            return _timer(row._mapping)
    except Exists:
        with db.read() as conn:
            existing = one(conn, timers, run_id=run_id, timer_id=timer_id)
        assert existing is not None
        return _timer(existing)


def cancel_timer(db: Database, run_id: str, timer_id: str) -> bool:
    with db.write() as conn:
        row = conn.execute(
            delete(timers)
            .where(timers.c.run_id == run_id, timers.c.timer_id == timer_id, timers.c.fired == 0)
            .returning(timers.c.kind)
        ).first()
        if row is None:
            return False
        entries.record(
            db,
            conn,
            run_id,
            "timer",
            subjects.build("timer", "cancelled", row[0], run_id),
            {"timer_id": timer_id, "kind": row[0], "transition": "cancelled"},
        )
        return True


def _due(now: int) -> Any:
    return (
        (timers.c.fired == 0)
        & (timers.c.fire_at_ms <= now)
        & or_(timers.c.claimed_by == "", timers.c.claim_expires_at_ms <= now)
    )


def list_due_timers(
    db: Database, *, now_ms: int, limit: int, claimer: str, ttl_ms: int
) -> list[TimerRecord]:
    """Due timers; with a ``claimer``, claimed (leased) so each goes to one caller at a time."""
    pick = select(timers).where(_due(now_ms)).order_by(timers.c.fire_at_ms).limit(limit)
    if not claimer:
        with db.read() as conn:
            return [_timer(r) for r in conn.execute(pick).mappings()]
    stmt = claim_batch(
        db,
        timers,
        keys=["run_id", "timer_id"],
        where=_due(now_ms),
        order_by=timers.c.fire_at_ms,
        limit=limit,
        values={
            "claimed_by": claimer,
            "claim_expires_at_ms": now_ms + ttl_ms,
            "attempts": timers.c.attempts + 1,
        },
    )
    with db.write() as conn:
        claimed = [_timer(r) for r in conn.execute(stmt).mappings()]
    return sorted(claimed, key=lambda t: t.fire_at_ms)


def mark_timer_fired(db: Database, run_id: str, timer_id: str, *, claimer: str) -> TimerRecord:
    """After acting on a claimed timer: mark it fired (the claim must still be ours)."""
    with db.write() as conn:
        row = conn.execute(
            update(timers)
            .where(
                timers.c.run_id == run_id,
                timers.c.timer_id == timer_id,
                timers.c.fired == 0,
                timers.c.claimed_by == claimer,
            )
            .values(fired=1, fired_at_ms=db.now_ms(), claimed_by="", claim_expires_at_ms=0)
            .returning(*timers.c)
        ).first()
        if row is None:
            current = one(conn, timers, run_id=run_id, timer_id=timer_id)
            if current is None:
                raise errors.TimerNotFound(f"no such timer: run {run_id!r}, timer {timer_id!r}")
            if current["fired"]:
                return _timer(current)
            raise errors.IllegalTransition(
                f"timer {timer_id!r} is claimed by {current['claimed_by']!r}, not {claimer!r}",
                _timer(current),
            )
        fired = dict(row._mapping)
        entries.record(
            db,
            conn,
            run_id,
            "timer",
            subjects.build("timer", "fired", fired["kind"], run_id),
            {"timer_id": timer_id, "kind": fired["kind"], "transition": "fired"},
        )
        return _timer(fired)
