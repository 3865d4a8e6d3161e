"""SQL of reactions and their per-shard cursors (``tape_reactions``,
``tape_reaction_cursors``), and the matcher's one transaction per reaction and batch.

A cursor is the position (``last_xid``, ``last_global_seq``) of the last row a shard of a
reaction has matched, in the journal's global order (:mod:`tape.models.journal`). The matcher
reads only below the horizon (:func:`tape.store.entries.after`), so a row that commits after a
reader saw position P always comes after P: advancing a cursor to the last row read can never
skip a row that was still in flight.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, select, tuple_, update

from tape import errors, subjects
from tape.enums import HandlerKind, TaskStatus
from tape.events.records import Decide, NewTask, ReactionRecord, TaskRecord
from tape.records import from_row
from tape.store import entries, tables
from tape.store.engine import Database
from tape.store.sql import insert_ignore, one

reactions = tables.reactions
cursors = tables.reaction_cursors
tasks = tables.tasks
journal = tables.journal


Position = entries.Position


def _record(row: Any, positions: dict[int, Position] | None = None) -> ReactionRecord:
    positions = dict(positions or {})
    cursors_ = {shard: at[1] for shard, at in positions.items()}
    return from_row(ReactionRecord, row, cursors=cursors_, positions=positions)


def _entry(verb: str, reaction_id: str, payload: dict[str, Any]) -> entries.Entry:
    return entries.Entry("reaction", subjects.build("reaction", verb, reaction_id), payload)


def head(db: Database, conn: Connection) -> Position:
    """The position of the last row readers can read now ((0, 0) for an empty journal).

    Rows become readable only as the horizon passes them, each after every row readable
    before: the head moves exactly when there is something new to read, and every row not
    readable yet comes after it.
    """
    stmt = entries.ordered(select(journal.c.xid, journal.c.global_seq).where(entries.after(db, 0)))
    stmt = stmt.order_by(None).order_by(journal.c.xid.desc(), journal.c.global_seq.desc())
    got = conn.execute(stmt.limit(1)).first()
    return (int(got[0]), int(got[1])) if got is not None else (0, 0)


def register(db: Database, values: dict[str, Any], *, bootstrap_from_head: bool) -> ReactionRecord:
    """Upsert a reaction by id (undeleting it) and make sure every shard has a cursor.

    ``bootstrap_from_head`` counts only when the reaction is created: its cursors start at the
    journal's head, so it sees only rows committed after registration.
    """
    now = db.now_ms()
    reaction_id = values.get("reaction_id") or str(uuid.uuid4())
    values = {**values, "reaction_id": reaction_id, "deleted": 0}
    if bootstrap_from_head:
        # Rows committed before now become readable first: the head then lies past them.
        entries.settle(db)
    with db.write() as conn:
        created = conn.execute(
            insert_ignore(db, reactions)
            .values(**values, created_at_ms=now)
            .returning(reactions.c.reaction_id)
        ).first()
        if created is None:
            settable = {k: v for k, v in values.items() if k != "reaction_id"}
            # A new predicate ends a pause (it passed its budget at registration); the same one
            # (a worker restarting) keeps the pause for an operator to lift.
            stmt = update(reactions).where(reactions.c.reaction_id == reaction_id)
            conn.execute(
                stmt.where(reactions.c.predicate_cel != values["predicate_cel"]).values(
                    paused_at_ms=0, paused_reason=""
                )
            )
            conn.execute(stmt.values(settable))
        existing = _cursors(conn, reaction_id)
        if created is not None:
            start = head(db, conn) if bootstrap_from_head else (0, 0)
        else:
            # A shard added later starts where the others are, not at the beginning.
            start = min(existing.values()) if existing else (0, 0)
        for shard in range(values["num_shards"]):
            if shard not in existing:
                conn.execute(
                    insert_ignore(db, cursors).values(
                        reaction_id=reaction_id,
                        shard=shard,
                        last_xid=start[0],
                        last_global_seq=start[1],
                    )
                )
        row = one(conn, reactions, reaction_id=reaction_id)
        assert row is not None
        shard_cursors = _cursors(conn, reaction_id)
        payload = {
            "reaction_id": reaction_id,
            "name": row["name"],
            "subject_pattern": row["subject_pattern"],
            "handler_kind": HandlerKind(row["handler_kind"]).name,
            "transition": "created" if created is not None else "updated",
            "cursor": min(shard_cursors.values())[1],
        }
        entries.append(db, conn, [_entry("registered", reaction_id, payload)])
    return _record(row, shard_cursors)


def deregister(db: Database, reaction_id: str) -> bool:
    """Soft-delete a reaction; False if it was deleted already.

    Raises:
        ReactionNotFound: no reaction with this id.
    """
    with db.write() as conn:
        row = conn.execute(
            update(reactions)
            .where(reactions.c.reaction_id == reaction_id, reactions.c.deleted == 0)
            .values(deleted=1)
            .returning(reactions.c.name)
        ).first()
        if row is None:
            if one(conn, reactions, reaction_id=reaction_id) is None:
                raise errors.ReactionNotFound(f"no such reaction: {reaction_id!r}")
            return False
        entries.append(
            db, conn, [_entry("deregistered", reaction_id, {"reaction_id": reaction_id})]
        )
    return True


def pause(db: Database, reaction_id: str, reason: str, details: dict[str, Any]) -> bool:
    """Pause an active reaction (the matcher skips it), journaling why; False if it was paused
    or deleted already (another matcher got there first)."""
    with db.write() as conn:
        row = conn.execute(
            update(reactions)
            .where(
                reactions.c.reaction_id == reaction_id,
                reactions.c.paused_at_ms == 0,
                reactions.c.deleted == 0,
            )
            .values(paused_at_ms=db.now_ms(), paused_reason=reason)
            .returning(reactions.c.reaction_id)
        ).first()
        if row is None:
            return False
        payload = {"reaction_id": reaction_id, "reason": reason, **details}
        entries.append(db, conn, [_entry("paused", reaction_id, payload)])
    return True


def resume(db: Database, reaction_id: str, *, operator: str, note: str) -> ReactionRecord:
    """Lift a reaction's pause, journaled with who; the matcher takes it up at its cursor.

    Raises:
        ReactionNotFound; IllegalTransition: it is not paused.
    """
    with db.write() as conn:
        row = conn.execute(
            update(reactions)
            .where(reactions.c.reaction_id == reaction_id, reactions.c.paused_at_ms > 0)
            .values(paused_at_ms=0, paused_reason="")
            .returning(reactions.c.reaction_id)
        ).first()
        if row is None:
            current = one(conn, reactions, reaction_id=reaction_id)
            if current is None:
                raise errors.ReactionNotFound(f"no such reaction: {reaction_id!r}")
            raise errors.IllegalTransition(
                f"reaction {reaction_id!r} is not paused",
                current=_record(current, _cursors(conn, reaction_id)),
            )
        payload = {"reaction_id": reaction_id, "operator": operator, "note": note}
        entries.append(db, conn, [_entry("resumed", reaction_id, payload)])
        found = one(conn, reactions, reaction_id=reaction_id)
        assert found is not None
        return _record(found, _cursors(conn, reaction_id))


def _cursors(conn: Connection, reaction_id: str) -> dict[int, Position]:
    rows = conn.execute(
        select(cursors.c.shard, cursors.c.last_xid, cursors.c.last_global_seq).where(
            cursors.c.reaction_id == reaction_id
        )
    ).all()
    return {int(s): (int(x), int(c)) for s, x, c in rows}


def get(db: Database, reaction_id: str) -> ReactionRecord:
    """The reaction with this id (deleted ones too).

    Raises:
        ReactionNotFound.
    """
    with db.read() as conn:
        row = one(conn, reactions, reaction_id=reaction_id)
        if row is None:
            raise errors.ReactionNotFound(f"no such reaction: {reaction_id!r}")
        return _record(row, _cursors(conn, reaction_id))


def list_reactions(
    db: Database, *, subject_pattern: str = "", include_deleted: bool = False
) -> tuple[list[ReactionRecord], int]:
    """Reactions (oldest first) with their cursors, and the journal head (for lag)."""
    stmt = select(reactions).order_by(reactions.c.created_at_ms, reactions.c.reaction_id)
    if subject_pattern:
        stmt = stmt.where(reactions.c.subject_pattern == subject_pattern)
    if not include_deleted:
        stmt = stmt.where(reactions.c.deleted == 0)
    with db.read() as conn:
        rows = conn.execute(stmt).mappings().all()
        all_cursors: dict[str, dict[int, Position]] = {}
        for rid, shard, xid, seq in conn.execute(
            select(
                cursors.c.reaction_id,
                cursors.c.shard,
                cursors.c.last_xid,
                cursors.c.last_global_seq,
            )
        ).all():
            all_cursors.setdefault(rid, {})[int(shard)] = (int(xid), int(seq))
        top = head(db, conn)[1]
    return [_record(r, all_cursors.get(r["reaction_id"], {})) for r in rows], top


def match_batch(
    db: Database,
    reaction: ReactionRecord,
    *,
    scan_end: Position,
    decide: Decide,
) -> list[TaskRecord]:
    """One matcher transaction: lock the reaction's cursors, create the tasks ``decide``
    picks (deduplicated on (reaction, shard, source_global_seq); coalesced into a pending task
    of the same subject inside the debounce window), move every cursor up to ``scan_end``.

    Two matchers at once serialise on the cursor rows; the second sees the moved cursors and
    creates nothing twice. Returns the tasks created or coalesced into.
    """
    now = db.now_ms()
    with db.write() as conn:
        locked = conn.execute(
            update(cursors)
            .where(cursors.c.reaction_id == reaction.reaction_id)
            .values(last_processed_at_ms=now)
            .returning(cursors.c.shard, cursors.c.last_xid, cursors.c.last_global_seq)
        ).all()
        shard_cursors = {int(s): (int(x), int(c)) for s, x, c in locked}
        if not shard_cursors or min(shard_cursors.values()) >= scan_end:
            return []
        chosen = list(decide(shard_cursors))
        if not chosen and db.is_postgres:
            # Only the cursor moves (the rows matched nothing: the bus's own task rows, most
            # of the time). Lost in a crash, it only makes the next pass read those rows again
            # and choose nothing again, so the commit need not wait for the WAL flush while
            # it holds the cursor rows every other matcher is waiting for.
            conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
        made: list[TaskRecord] = []
        journaled: list[entries.Entry] = []
        if reaction.debounce_ms > 0:
            for row in chosen:  # one by one: a row may fold into the task the last one made
                task = _coalesce(conn, reaction, row, now)
                verb = "coalesced"
                if task is None:
                    verb = "created"
                    inserted = _insert(db, conn, reaction, [row], now)
                    task = inserted[0] if inserted else None
                if task is not None:
                    made.append(task)
                    extra = {"source_global_seq": row.source_global_seq}
                    journaled.append(task_entry(verb, task, extra))
        elif chosen:
            # One statement for the batch; rows an earlier pass made already are skipped.
            made = _insert(db, conn, reaction, chosen, now)
            journaled = [
                task_entry("created", t, {"source_global_seq": t.source_global_seq}) for t in made
            ]
        conn.execute(
            update(cursors)
            .where(
                cursors.c.reaction_id == reaction.reaction_id,
                tuple_(cursors.c.last_xid, cursors.c.last_global_seq) < tuple_(*scan_end),
            )
            .values(last_xid=scan_end[0], last_global_seq=scan_end[1])
        )
        entries.append(db, conn, journaled)
    return made


def advance(
    db: Database, reaction_id: str, expected: dict[int, Position], scan_end: Position
) -> bool:
    """Move cursors from ``expected`` to ``scan_end`` (compare-and-swap; the AGENT path,
    whose runs were created idempotently before). False if another matcher moved them."""
    moved = False
    with db.write() as conn:
        for shard, at in expected.items():
            if at >= scan_end:
                continue
            row = conn.execute(
                update(cursors)
                .where(
                    cursors.c.reaction_id == reaction_id,
                    cursors.c.shard == shard,
                    cursors.c.last_xid == at[0],
                    cursors.c.last_global_seq == at[1],
                )
                .values(
                    last_xid=scan_end[0],
                    last_global_seq=scan_end[1],
                    last_processed_at_ms=db.now_ms(),
                )
                .returning(cursors.c.shard)
            ).first()
            moved = moved or row is not None
    return moved


def shard_cursors(db: Database, reaction_id: str) -> dict[int, Position]:
    with db.read() as conn:
        return _cursors(conn, reaction_id)


def task_entry(verb: str, task: TaskRecord, extra: dict[str, Any]) -> entries.Entry:
    """The journal row of a task transition (``/tape/task/<verb>/<reaction_id>/<task_id>``)."""
    payload = {
        "task_id": task.task_id,
        "reaction_id": task.reaction_id,
        "status": task.status.name,
        "attempts": task.attempts,
        **extra,
    }
    subject = subjects.build("task", verb, task.reaction_id, task.task_id)
    return entries.Entry("task", subject, payload)


def _insert(
    db: Database, conn: Connection, reaction: ReactionRecord, new: list[NewTask], now: int
) -> list[TaskRecord]:
    """Insert tasks for ``new`` in one statement, skipping rows that already have one."""
    params = [
        {
            "task_id": str(uuid.uuid4()),
            "reaction_id": reaction.reaction_id,
            "shard": n.shard,
            "source_global_seq": n.source_global_seq,
            "source_run_id": n.source_run_id,
            "subject": n.subject,
            "payload_json": n.payload_json,
            "status": TaskStatus.PENDING,
            "next_attempt_at_ms": now + reaction.debounce_ms,
            "created_at_ms": now,
            "trace_id": n.trace_id,
            "parent_span_id": n.parent_span_id,
        }
        for n in new
    ]
    # executemany with RETURNING: SQLAlchemy batches it into multi-row INSERTs
    # ("insertmanyvalues") from one cached compiled statement, whatever the batch size.
    rows = conn.execute(insert_ignore(db, tasks).returning(*tasks.c), params).all()
    made = [from_row(TaskRecord, dict(r._mapping)) for r in rows]
    return sorted(made, key=lambda t: t.source_global_seq)


def _coalesce(
    conn: Connection, reaction: ReactionRecord, new: NewTask, now: int
) -> TaskRecord | None:
    """Fold ``new`` into the newest PENDING task of its subject still inside its debounce
    window (it keeps its schedule; it now carries the newest row)."""
    newest = (
        select(tasks.c.task_id)
        .where(
            tasks.c.reaction_id == reaction.reaction_id,
            tasks.c.subject == new.subject,
            tasks.c.status == TaskStatus.PENDING,
            tasks.c.created_at_ms + reaction.debounce_ms > now,
            tasks.c.source_global_seq < new.source_global_seq,
        )
        .order_by(tasks.c.created_at_ms.desc())
        .limit(1)
        .scalar_subquery()
    )
    row = conn.execute(
        update(tasks)
        .where(tasks.c.task_id == newest, tasks.c.status == TaskStatus.PENDING)
        .values(
            source_global_seq=new.source_global_seq,
            source_run_id=new.source_run_id,
            payload_json=new.payload_json,
            trace_id=new.trace_id,
            parent_span_id=new.parent_span_id,
        )
        .returning(*tasks.c)
    ).first()
    return from_row(TaskRecord, row._mapping) if row is not None else None
