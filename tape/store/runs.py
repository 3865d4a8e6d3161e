"""SQL for runs and decisions.

Leases: a run is leased to one owner at a time. A live lease is never taken by another owner;
taking an expired or released lease bumps ``lease_epoch`` (the fencing token) and journals the
takeover. Renewing one's own live lease changes neither the epoch nor the journal.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Connection, exists, or_, select, update

from tape import errors, state, subjects
from tape.enums import RunStatus
from tape.records import DecisionRecord, RunState, from_row
from tape.store import entries, gates, run_links, tables
from tape.store.engine import Database
from tape.store.sql import Exists, insert_ignore, one

runs = tables.runs
decisions = tables.decisions
signals = tables.signals


def run_subject(row: dict[str, Any] | RunState, label: str) -> str:
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    return subjects.build(
        "run", label, get("app_name"), get("user_id"), get("session_id"), get("run_id")
    )


def _state(row: Any) -> RunState:
    return from_row(RunState, row)


def get_run(db: Database, run_id: str) -> RunState | None:
    with db.read() as conn:
        row = one(conn, runs, run_id=run_id)
    return _state(row) if row else None


def begin_run(
    db: Database, identity: dict[str, Any], *, lease_owner: str, ttl_ms: int
) -> tuple[RunState, bool]:
    """Create the run for ``identity`` (RUNNING, leased) or find it; returns (run, created)."""
    now = db.now_ms()
    values = {
        **identity,
        "run_id": str(uuid.uuid4()),
        "status": RunStatus.RUNNING,
        "lease_owner": lease_owner,
        "lease_expires_at_ms": now + ttl_ms,
        "lease_epoch": 1,
        "seq_cursor": 1,
        "started_at_ms": now,
    }
    with db.write() as conn:
        row = conn.execute(insert_ignore(db, runs).values(values).returning(*runs.c)).first()
        if row is not None:
            created = dict(row._mapping)
            payload = {
                "status": "running",
                "transition": "begun",
                "lease_owner": lease_owner,
                "lease_epoch": 1,
            }
            entries.append(
                db,
                conn,
                [entries.Entry("run", run_subject(created, "running"), payload, created["run_id"])],
                first_seq=1,
            )
            return _state(created), True
        key = {k: identity[k] for k in ("app_name", "user_id", "session_id", "invocation_id")}
        existing = one(conn, runs, **key)
    assert existing is not None, "insert conflicted, so the run exists"
    return _state(existing), False


def create_run(db: Database, identity: dict[str, Any]) -> tuple[RunState, bool]:
    """Create the run for ``identity`` RUNNABLE and unleased (for a worker to pick up), or find
    it; returns (run, created)."""
    values = {
        **identity,
        "run_id": str(uuid.uuid4()),
        "status": RunStatus.RUNNABLE,
        "lease_owner": "",
        "lease_expires_at_ms": 0,
        "lease_epoch": 0,
        "seq_cursor": 1,
        "started_at_ms": db.now_ms(),
    }
    with db.write() as conn:
        row = conn.execute(insert_ignore(db, runs).values(values).returning(*runs.c)).first()
        if row is not None:
            created = dict(row._mapping)
            payload = {"status": "runnable", "transition": "created"}
            entries.append(
                db,
                conn,
                [
                    entries.Entry(
                        "run", run_subject(created, "runnable"), payload, created["run_id"]
                    )
                ],
                first_seq=1,
            )
            return _state(created), True
        key = {k: identity[k] for k in ("app_name", "user_id", "session_id", "invocation_id")}
        existing = one(conn, runs, **key)
    assert existing is not None, "insert conflicted, so the run exists"
    return _state(existing), False


def acquire_lease(
    db: Database,
    run_id: str,
    *,
    lease_owner: str,
    ttl_ms: int,
    expected_epoch: int | None = None,
    transition: str = "resumed",
    takeover_from: str = "",
) -> RunState:
    """Renew our live lease, or take an expired/released one (bumping the epoch).

    Raises:
        RunNotFound, IllegalTransition (run is over), LeaseHeld (another owner's live lease),
        StaleLease (``expected_epoch`` is not current).
    """
    now = db.now_ms()
    leasable = [s.value for s in state.RUN_LEASABLE]
    renew = (
        update(runs)
        .where(
            runs.c.run_id == run_id,
            runs.c.status == RunStatus.RUNNING,
            runs.c.lease_owner == lease_owner,
            runs.c.lease_expires_at_ms > now,
        )
        .values(lease_expires_at_ms=now + ttl_ms)
        .returning(*runs.c)
    )
    # A hand-off (recovery -> the re-driven agent task) takes a live lease from its named
    # holder, at the expected epoch only: a duplicated task message finds the epoch moved on.
    free = (
        runs.c.lease_owner == takeover_from
        if takeover_from
        else or_(runs.c.lease_owner == "", runs.c.lease_expires_at_ms <= now)
    )
    if takeover_from:
        transition = "handed-over"
    take = (
        update(runs)
        .where(runs.c.run_id == run_id, runs.c.status.in_(leasable), free)
        .values(
            status=RunStatus.RUNNING,
            lease_owner=lease_owner,
            lease_expires_at_ms=now + ttl_ms,
            lease_epoch=runs.c.lease_epoch + 1,
            seq_cursor=runs.c.seq_cursor + 1,
            waiting_on_gate="",
        )
        .returning(*runs.c)
    )
    if expected_epoch is not None:
        renew = renew.where(runs.c.lease_epoch == expected_epoch)
        take = take.where(runs.c.lease_epoch == expected_epoch)
    with db.write() as conn:
        row = None if takeover_from else conn.execute(renew).first()
        if row is not None:
            return _state(row._mapping)
        row = conn.execute(take).first()
        if row is not None:
            taken = dict(row._mapping)
            payload = {
                "status": "running",
                "transition": transition,
                "lease_owner": lease_owner,
                "lease_epoch": taken["lease_epoch"],
            }
            if takeover_from:
                payload["from"] = takeover_from
            entries.append(
                db,
                conn,
                [entries.Entry("run", run_subject(taken, "running"), payload, run_id)],
                first_seq=taken["seq_cursor"],
            )
            return _state(taken)
        current = one(conn, runs, run_id=run_id)
    _refuse_lease(run_id, current, expected_epoch, now)
    raise AssertionError("unreachable")


def _refuse_lease(
    run_id: str, current: dict[str, Any] | None, expected_epoch: int | None, now: int
) -> None:
    if current is None:
        raise errors.RunNotFound(f"no such run: {run_id!r}")
    status = RunStatus(current["status"])
    if status not in state.RUN_LEASABLE:
        raise errors.IllegalTransition(
            f"run {run_id!r} is {status.name}; only RUNNABLE, RUNNING or WAITING runs can be "
            "leased (terminal runs are never revived)",
            _state(current),
        )
    if expected_epoch is not None and current["lease_epoch"] != expected_epoch:
        raise errors.StaleLease(
            f"run {run_id!r} is at lease epoch {current['lease_epoch']}, not {expected_epoch}"
        )
    raise errors.LeaseHeld(
        f"run {run_id!r} is leased to {current['lease_owner']!r} for another "
        f"{max(0, current['lease_expires_at_ms'] - now)} ms",
        owner=current["lease_owner"],
        expires_at_ms=current["lease_expires_at_ms"],
    )


def transition_run(
    db: Database,
    run_id: str,
    target: RunStatus,
    *,
    detail_json: str = "",
    lease_epoch: int | None = None,
    operator: str = "",
    note: str = "",
    conn: Connection | None = None,
    release: bool = False,
) -> RunState:
    """Move a run to ``target`` if the transition table allows it; journal it.

    ``release``: a STUCK run whose last hold just settled may also move as
    :data:`tape.state.RUN_RELEASE_TRANSITIONS` allows (:mod:`tape.store.release` passes it).
    """
    if conn is None:
        with db.write() as new_conn:
            return transition_run(
                db,
                run_id,
                target,
                detail_json=detail_json,
                lease_epoch=lease_epoch,
                operator=operator,
                note=note,
                conn=new_conn,
                release=release,
            )
    now = db.now_ms()
    sources = [s.value for s in state.run_sources(target, operator=bool(operator), release=release)]
    values: dict[str, Any] = {"status": target, "seq_cursor": runs.c.seq_cursor + 1}
    if target != RunStatus.RUNNING:
        values.update(lease_owner="", lease_expires_at_ms=0, waiting_on_gate="")
    if detail_json:
        values["detail_json"] = detail_json
    if target in state.RUN_FINAL or target == RunStatus.STUCK:
        values["ended_at_ms"] = now
    stmt = update(runs).where(runs.c.run_id == run_id, runs.c.status.in_(sources))
    if lease_epoch is not None:
        stmt = stmt.where(runs.c.lease_epoch == lease_epoch)
    row = conn.execute(stmt.values(values).returning(*runs.c)).first()
    if row is None:
        current = one(conn, runs, run_id=run_id)
        if current is None:
            raise errors.RunNotFound(f"no such run: {run_id!r}")
        if current["status"] == target:
            return _state(current)
        if lease_epoch is not None and current["lease_epoch"] != lease_epoch:
            raise errors.StaleLease(
                f"run {run_id!r} is at lease epoch {current['lease_epoch']}, not {lease_epoch}"
            )
        raise errors.IllegalTransition(
            f"run {run_id!r} cannot go from {RunStatus(current['status']).name} to {target.name}",
            _state(current),
        )
    moved = dict(row._mapping)
    label = target.name.lower()
    payload: dict[str, Any] = {"status": label, "transition": label}
    if detail_json:
        payload["detail"] = json.loads(detail_json)
    if operator:
        payload.update(operator=operator, note=note)
    if target in state.RUN_FINAL:
        run_links.release_parent(db, conn, run_id)  # a parent waiting on this child goes on
    entries.append(
        db,
        conn,
        [entries.Entry("run", run_subject(moved, label), payload, run_id)],
        first_seq=moved["seq_cursor"],
    )
    return _state(moved)


def list_runs_to_recover(db: Database, *, now_ms: int, limit: int) -> list[RunState]:
    """RUNNABLE runs, RUNNING ones whose lease expired, and WAITING ones with nothing left to
    wait for: a delivered signal not yet consumed, or (the safety net of docs/design.md decision 12)
    an ``effect:`` gate whose effect is already final."""
    delivered = exists().where(
        signals.c.run_id == runs.c.run_id, signals.c.delivered == 1, signals.c.consumed == 0
    )
    stmt = (
        select(runs)
        .where(
            or_(
                runs.c.status == RunStatus.RUNNABLE,
                (runs.c.status == RunStatus.RUNNING) & (runs.c.lease_expires_at_ms < now_ms),
                (runs.c.status == RunStatus.WAITING) & delivered,
                gates.waiting_on_final_effect(db),
                run_links.waiting_on_final_child(),
            )
        )
        .order_by(runs.c.started_at_ms)
        .limit(limit)
    )
    with db.read() as conn:
        return [_state(r) for r in conn.execute(stmt).mappings()]


def list_runs(
    db: Database, *, statuses: list[RunStatus] | None = None, limit: int = 100
) -> list[RunState]:
    stmt = select(runs).order_by(runs.c.started_at_ms.desc()).limit(limit)
    if statuses:
        stmt = stmt.where(runs.c.status.in_([s.value for s in statuses]))
    with db.read() as conn:
        return [_state(r) for r in conn.execute(stmt).mappings()]


def record_decision(
    db: Database, values: dict[str, Any], *, lease_epoch: int | None
) -> DecisionRecord:
    """Insert the decision unless one exists at that index (the first write wins)."""
    run_id, index = values["run_id"], values["decision_index"]
    try:
        with db.write() as conn:
            seq = entries.allocate_seq(conn, run_id, lease_epoch=lease_epoch, live=True)
            row = conn.execute(
                insert_ignore(db, decisions)
                .values(**values, seq=seq, ts_ms=db.now_ms())
                .returning(*decisions.c)
            ).first()
            if row is None:
                raise Exists
            subject = subjects.build("decision", "recorded", run_id, index)
            payload = {"decision_index": index, "model": values.get("model", "")}
            entries.append(
                db, conn, [entries.Entry("decision", subject, payload, run_id)], first_seq=seq
            )
            return from_row(DecisionRecord, row._mapping)
    except Exists:
        found = get_decision(db, run_id, index)
        assert found is not None
        return found


def get_decision(db: Database, run_id: str, index: int) -> DecisionRecord | None:
    with db.read() as conn:
        row = one(conn, decisions, run_id=run_id, decision_index=index)
    return from_row(DecisionRecord, row) if row else None


def count_decisions(db: Database, run_id: str) -> int:
    from sqlalchemy import func

    with db.read() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(decisions).where(decisions.c.run_id == run_id)
            ).scalar_one()
        )
