"""SQL of reaction tasks (``tape_tasks``): claim, heartbeat, complete, nack, retry, list.

Every transition is one transaction: a conditional UPDATE ... RETURNING and its journal row
(``/tape/task/<verb>/<reaction_id>/<task_id>``: created, coalesced, done, retry, dlq, retried).
A claim is a lease, like an effect's dispatch claim: it is recorded on the task
(``lease_owner``, ``lease_expires_at_ms``, ``claimed_at_ms``, ``attempts``) and not journaled,
so claiming never waits for the journal's commit-order lock. A claim first locks the
reaction's row, so ``max_concurrency`` (live claims) and ``rate_limit_per_s``
(``next_start_at_ms``) are checked and used by one claimer at a time, across every worker on
every machine; claims and heartbeats commit without waiting for the WAL flush
(:func:`_lease_commit`).
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, tuple_, update

from tape import errors
from tape.enums import TaskStatus
from tape.events.records import ClaimResult, ReactionRecord, TaskRecord
from tape.records import from_row
from tape.store import entries, tables
from tape.store.engine import Database
from tape.store.reactions import task_entry
from tape.store.sql import claim_batch, clip, one

tasks = tables.tasks
reactions = tables.reactions

#: The longest retry backoff (upstream Tape's cap): one hour.
MAX_BACKOFF_MS = 3_600_000
#: Statuses a claim may take: new, or waiting out a retry backoff.
CLAIMABLE = (TaskStatus.PENDING, TaskStatus.FAILED)


def _task(row: Any) -> TaskRecord:
    data = row._mapping if hasattr(row, "_mapping") else row
    return from_row(TaskRecord, dict(data))


def backoff_ms(retry_backoff_ms: int, attempts: int) -> int:
    """``min(retry_backoff_ms * 2^(attempts-1), 1 h)``."""
    return int(min(retry_backoff_ms * 2 ** (min(max(attempts, 1), 21) - 1), MAX_BACKOFF_MS))


def rate_spacing_ms(rate_limit_per_s: int) -> int:
    """How far apart two claims of a reaction limited to ``rate_limit_per_s`` are."""
    return math.ceil(1000 / rate_limit_per_s)


def _due(now: int) -> Any:
    """A task a claim may take now: due, or claimed by someone whose lease lapsed."""
    return or_(
        and_(tasks.c.status.in_(CLAIMABLE), tasks.c.next_attempt_at_ms <= now),
        and_(tasks.c.status == TaskStatus.CLAIMED, tasks.c.lease_expires_at_ms <= now),
    )


def _lease_commit(db: Database, conn: Connection) -> None:
    """Commit this transaction without waiting for its WAL flush (Postgres).

    Claims and heartbeats are leases, never journaled: a claim lost in a database crash
    leaves its task claimable again, exactly as a lapsed lease does, and handlers run at least
    once anyway. A claim holds the reaction's row lock until it commits, so waiting for the
    flush (milliseconds on a busy disk) would cap every worker's claims of that reaction at a
    few hundred a second (docs/scaling.md). The price, after a database crash only: claims
    of the last fraction of a second are forgotten, so their handlers may run once more and
    ``max_concurrency`` may be exceeded until those handlers return. Every transition that
    writes a journal row still commits synchronously (and flushes the claims before it).
    """
    if db.is_postgres:
        conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")


def claim(
    db: Database,
    reaction_id: str,
    *,
    owner: str,
    lease_ms: int,
    max_tasks: int,
    shard: int = -1,
    task_id: str = "",
    respect_limits: bool = True,
) -> ClaimResult:
    """Claim up to ``max_tasks`` due tasks of a reaction (oldest row first).

    Raises:
        ReactionNotFound.
    """
    now = db.now_ms()
    with db.write() as conn:
        _lease_commit(db, conn)
        locked = conn.execute(
            select(reactions).where(reactions.c.reaction_id == reaction_id).with_for_update()
        ).first()
        if locked is None:
            raise errors.ReactionNotFound(f"no such reaction: {reaction_id!r}")
        reaction = from_row(ReactionRecord, locked._mapping)
        limit = max_tasks
        if respect_limits:
            # A statement of its own, after the lock: on Postgres it reads a snapshot taken once
            # the lock is ours, so it counts every claim committed before (a subquery of the
            # locking statement would use the snapshot from before the wait).
            live = conn.execute(
                select(func.count())
                .select_from(tasks)
                .where(
                    tasks.c.reaction_id == reaction_id,
                    tasks.c.status == TaskStatus.CLAIMED,
                    tasks.c.lease_expires_at_ms > now,
                )
            ).scalar_one()
            limit = min(limit, reaction.max_concurrency - int(live))
            if limit <= 0:
                return ClaimResult((), reason="concurrency")
            if reaction.rate_limit_per_s > 0:
                if now < reaction.next_start_at_ms:
                    return ClaimResult((), reason="rate", wait_ms=reaction.next_start_at_ms - now)
                limit = 1
        where = and_(tasks.c.reaction_id == reaction_id, _due(now))
        if shard >= 0:
            where = and_(where, tasks.c.shard == shard)
        if task_id:
            where = and_(where, tasks.c.task_id == task_id)
        stmt = claim_batch(
            db,
            tasks,
            keys=["task_id"],
            where=where,
            order_by=tasks.c.source_global_seq,
            limit=limit,
            values={
                "status": TaskStatus.CLAIMED,
                "lease_owner": owner,
                "lease_expires_at_ms": now + lease_ms,
                "attempts": tasks.c.attempts + 1,
                "claimed_at_ms": now,
            },
        )
        claimed = [_task(r) for r in conn.execute(stmt).all()]
        if not claimed:
            return ClaimResult((), reason="none")
        claimed.sort(key=lambda t: t.source_global_seq)
        if respect_limits and reaction.rate_limit_per_s > 0:
            conn.execute(
                update(reactions)
                .where(reactions.c.reaction_id == reaction_id)
                .values(next_start_at_ms=now + rate_spacing_ms(reaction.rate_limit_per_s))
            )
    return ClaimResult(tuple(claimed))


def heartbeat(db: Database, task_ids: list[str], *, owner: str, lease_ms: int) -> set[str]:
    """Extend ``owner``'s live claims (no journal row: no task changes state); the ids
    still held."""
    with db.write() as conn:
        _lease_commit(db, conn)
        rows = conn.execute(
            update(tasks)
            .where(
                tasks.c.task_id.in_(task_ids),
                tasks.c.status == TaskStatus.CLAIMED,
                tasks.c.lease_owner == owner,
            )
            .values(lease_expires_at_ms=db.now_ms() + lease_ms)
            .returning(tasks.c.task_id)
        ).all()
    return {r[0] for r in rows}


def _owned(task_id: str, owner: str, attempts: int) -> Any:
    cond = and_(
        tasks.c.task_id == task_id,
        tasks.c.status == TaskStatus.CLAIMED,
        tasks.c.lease_owner == owner,
    )
    return and_(cond, tasks.c.attempts == attempts) if attempts > 0 else cond


def _lost(conn: Connection, task_id: str, owner: str) -> errors.TapeError:
    row = one(conn, tasks, task_id=task_id)
    if row is None:
        return errors.TaskNotFound(f"no such task: {task_id!r}")
    current = _task(row)
    return errors.TaskLeaseLost(
        f"task {task_id} is {current.status.name} (owner {current.lease_owner!r}, attempt "
        f"{current.attempts}); {owner!r} no longer holds its claim",
        current=current,
    )


def complete(db: Database, task_id: str, *, owner: str, attempts: int = 0) -> TaskRecord:
    """CLAIMED (by ``owner``) -> DONE.

    Raises:
        TaskNotFound; TaskLeaseLost when the claim is not (or no longer) ``owner``'s.
    """
    done, lost = complete_many(db, [(task_id, attempts)], owner=owner)
    if lost:
        raise lost[0]
    return done[0]


def complete_many(
    db: Database, claims: list[tuple[str, int]], *, owner: str
) -> tuple[list[TaskRecord], list[errors.TapeError]]:
    """CLAIMED (by ``owner``, at that attempt; 0: any) -> DONE for each (task id, attempts),
    in one transaction with their journal rows (a worker that ran a batch of handlers settles
    them with one commit). Returns the tasks done and, for the rest, why not."""
    now = db.now_ms()
    fenced = [(t, a) for t, a in claims if a > 0]
    loose = [t for t, a in claims if a <= 0]
    which: list[Any] = []
    if fenced:
        which.append(tuple_(tasks.c.task_id, tasks.c.attempts).in_(fenced))
    if loose:
        which.append(tasks.c.task_id.in_(loose))
    with db.write() as conn:
        rows = conn.execute(
            update(tasks)
            .where(tasks.c.status == TaskStatus.CLAIMED, tasks.c.lease_owner == owner, or_(*which))
            .values(
                status=TaskStatus.DONE,
                completed_at_ms=now,
                lease_owner="",
                lease_expires_at_ms=0,
                last_error="",
            )
            .returning(*tasks.c)
        ).all()
        done = sorted((_task(r) for r in rows), key=lambda t: t.source_global_seq)
        got = {t.task_id for t in done}
        lost = [_lost(conn, task_id, owner) for task_id, _ in claims if task_id not in got]
        entries.append(db, conn, [task_entry("done", t, {"owner": owner}) for t in done])
    return done, lost


def nack(
    db: Database,
    task_id: str,
    *,
    owner: str,
    error: str,
    permanent: bool,
    attempts: int = 0,
) -> TaskRecord:
    """CLAIMED -> FAILED, due again after ``min(retry_backoff_ms * 2^(attempts-1), 1 h)``; or
    -> DLQ when ``permanent`` or ``attempts >= dlq_after_n``.

    Raises:
        TaskNotFound; TaskLeaseLost.
    """
    now = db.now_ms()
    with db.write() as conn:
        locked = conn.execute(
            select(tasks.c.attempts, reactions.c.retry_backoff_ms, reactions.c.dlq_after_n)
            .join(reactions, reactions.c.reaction_id == tasks.c.reaction_id)
            .where(_owned(task_id, owner, attempts))
            .with_for_update(of=tasks)
        ).first()
        if locked is None:
            raise _lost(conn, task_id, owner)
        seen, backoff_base, dlq_after_n = (int(v) for v in locked)
        dead = permanent or seen >= dlq_after_n
        delay = 0 if dead else backoff_ms(backoff_base, seen)
        row = conn.execute(
            update(tasks)
            .where(_owned(task_id, owner, seen))
            .values(
                status=TaskStatus.DLQ if dead else TaskStatus.FAILED,
                next_attempt_at_ms=0 if dead else now + delay,
                lease_owner="",
                lease_expires_at_ms=0,
                last_error=clip(error),
                completed_at_ms=now if dead else 0,
            )
            .returning(*tasks.c)
        ).first()
        assert row is not None, "the row is locked and was just seen claimed by owner"
        task = _task(row)
        extra: dict[str, Any] = {"owner": owner, "error": clip(error, 500)}
        if dead:
            extra["permanent"] = permanent
        else:
            extra.update(backoff_ms=delay, next_attempt_at_ms=task.next_attempt_at_ms)
        entries.append(db, conn, [task_entry("dlq" if dead else "retry", task, extra)])
    return task


def retry(db: Database, task_id: str, *, operator: str, note: str = "") -> TaskRecord:
    """An operator sends a DLQ task back: PENDING, due now, attempts from zero.

    Raises:
        TaskNotFound; IllegalTransition when the task is not in the DLQ.
    """
    now = db.now_ms()
    with db.write() as conn:
        row = conn.execute(
            update(tasks)
            .where(tasks.c.task_id == task_id, tasks.c.status == TaskStatus.DLQ)
            .values(
                status=TaskStatus.PENDING, attempts=0, next_attempt_at_ms=now, completed_at_ms=0
            )
            .returning(*tasks.c)
        ).first()
        if row is None:
            current = one(conn, tasks, task_id=task_id)
            if current is None:
                raise errors.TaskNotFound(f"no such task: {task_id!r}")
            status = TaskStatus(current["status"]).name
            raise errors.IllegalTransition(
                f"task {task_id} is {status}; only a DLQ task can be retried", _task(current)
            )
        task = _task(row)
        extra = {"operator": operator, "note": note, "last_error": clip(task.last_error, 500)}
        entries.append(db, conn, [task_entry("retried", task, extra)])
    return task


def dead_letter_lapsed(db: Database, *, limit: int = 500) -> list[TaskRecord]:
    """Claims whose lease lapsed on their last allowed attempt go to the DLQ (their worker
    died or hung ``dlq_after_n`` times); lapsed claims with attempts left stay claimable."""
    now = db.now_ms()
    lapsed_last = and_(
        tasks.c.status == TaskStatus.CLAIMED,
        tasks.c.lease_expires_at_ms <= now,
        tasks.c.attempts
        >= select(reactions.c.dlq_after_n)
        .where(reactions.c.reaction_id == tasks.c.reaction_id)
        .scalar_subquery(),
    )
    with db.write() as conn:
        stmt = claim_batch(
            db,
            tasks,
            keys=["task_id"],
            where=lapsed_last,
            order_by=tasks.c.lease_expires_at_ms,
            limit=limit,
            values={
                "status": TaskStatus.DLQ,
                "lease_owner": "",
                "lease_expires_at_ms": 0,
                "completed_at_ms": now,
                "last_error": "the claim lapsed on the last attempt (its worker died or hung)",
            },
        )
        dead = [_task(r) for r in conn.execute(stmt).all()]
        entries.append(
            db, conn, [task_entry("dlq", t, {"error": t.last_error, "lapsed": True}) for t in dead]
        )
    return dead


def due_counts(db: Database) -> dict[str, int]:
    """Reaction id -> how many of its tasks a claim could take now."""
    now = db.now_ms()
    with db.read() as conn:
        rows = conn.execute(
            select(tasks.c.reaction_id, func.count()).where(_due(now)).group_by(tasks.c.reaction_id)
        ).all()
    return {rid: int(n) for rid, n in rows}


def get(db: Database, task_id: str) -> TaskRecord:
    """Raises TaskNotFound."""
    with db.read() as conn:
        row = one(conn, tasks, task_id=task_id)
    if row is None:
        raise errors.TaskNotFound(f"no such task: {task_id!r}")
    return _task(row)


def list_tasks(
    db: Database, *, reaction_id: str = "", status: TaskStatus | None = None, limit: int = 200
) -> list[TaskRecord]:
    """Tasks, newest first."""
    stmt = select(tasks).order_by(tasks.c.created_at_ms.desc(), tasks.c.source_global_seq.desc())
    if reaction_id:
        stmt = stmt.where(tasks.c.reaction_id == reaction_id)
    if status is not None:
        stmt = stmt.where(tasks.c.status == status)
    with db.read() as conn:
        return [_task(r) for r in conn.execute(stmt.limit(limit)).mappings().all()]


def count_by_status(db: Database, reaction_id: str = "") -> dict[TaskStatus, int]:
    stmt = select(tasks.c.status, func.count()).group_by(tasks.c.status)
    if reaction_id:
        stmt = stmt.where(tasks.c.reaction_id == reaction_id)
    with db.read() as conn:
        return {TaskStatus(s): int(n) for s, n in conn.execute(stmt).all()}
