"""SQL for data that outlives runs: the versioned key-value store and sessions with events."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, func, select, update

from tape import errors, subjects
from tape.records import (
    AppendEventResult,
    DeleteValueResult,
    EventRecord,
    SessionRecord,
    ValueRecord,
    from_row,
)
from tape.store import entries, tables
from tape.store.engine import Database
from tape.store.sql import insert_ignore, one, upsert

values = tables.values
sessions = tables.sessions
events = tables.events


# -- values ----------------------------------------------------------------------------------


def _value(row: Any) -> ValueRecord:
    return from_row(ValueRecord, row)


def _journal_value(db: Database, conn: Connection, row: dict[str, Any], verb: str) -> None:
    subject = subjects.build("value", verb, row["namespace"], row["key"])
    payload = {
        "namespace": row["namespace"],
        "key": row["key"],
        "version": row["version"],
        "writer": row["writer"],
    }
    entries.append(db, conn, [entries.Entry("value", subject, payload)])


def write_value(
    db: Database, namespace: str, key: str, *, value_json: str, if_version: int, writer: str
) -> ValueRecord:
    """Write a value: unconditionally (``if_version < 0``), create-only (0), or by CAS (> 0)."""
    now = db.now_ms()
    fresh = {
        "namespace": namespace,
        "key": key,
        "value_json": value_json,
        "version": 1,
        "ts_ms": now,
        "writer": writer,
        "deleted": 0,
    }
    with db.write() as conn:
        if if_version < 0:
            stmt = upsert(
                db,
                values,
                ["namespace", "key"],
                {
                    "value_json": value_json,
                    "version": values.c.version + 1,
                    "ts_ms": now,
                    "writer": writer,
                    "deleted": 0,
                },
            )
            row = conn.execute(stmt.values(fresh).returning(*values.c)).first()
        elif if_version == 0:
            row = conn.execute(insert_ignore(db, values).values(fresh).returning(*values.c)).first()
        else:
            row = conn.execute(
                update(values)
                .where(
                    values.c.namespace == namespace,
                    values.c.key == key,
                    values.c.version == if_version,
                )
                .values(
                    value_json=value_json,
                    version=values.c.version + 1,
                    ts_ms=now,
                    writer=writer,
                    deleted=0,
                )
                .returning(*values.c)
            ).first()
        if row is None:
            have = conn.execute(
                select(values.c.version).where(values.c.namespace == namespace, values.c.key == key)
            ).scalar()
            raise errors.VersionConflict(
                f"write_value: version conflict on {namespace}/{key} "
                f"(have {have or 0}, expected {if_version})"
            )
        written = dict(row._mapping)
        _journal_value(db, conn, written, "changed")
        return _value(written)


def get_value(db: Database, namespace: str, key: str) -> ValueRecord | None:
    with db.read() as conn:
        row = one(conn, values, namespace=namespace, key=key)
    return _value(row) if row else None


def delete_value(db: Database, namespace: str, key: str) -> DeleteValueResult:
    with db.write() as conn:
        row = conn.execute(
            update(values)
            .where(values.c.namespace == namespace, values.c.key == key, values.c.deleted == 0)
            .values(deleted=1, value_json="", version=values.c.version + 1, ts_ms=db.now_ms())
            .returning(*values.c)
        ).first()
        if row is None:
            have = conn.execute(
                select(values.c.version).where(values.c.namespace == namespace, values.c.key == key)
            ).scalar()
            return DeleteValueResult(False, int(have or 0))
        deleted = dict(row._mapping)
        _journal_value(db, conn, deleted, "deleted")
        return DeleteValueResult(True, deleted["version"])


# -- sessions --------------------------------------------------------------------------------


def create_session(
    db: Database, app_name: str, user_id: str, session_id: str, *, state_json: str
) -> SessionRecord:
    """Create a session; an existing one is returned unchanged (its state is not overwritten)."""
    now = db.now_ms()
    session_id = session_id or str(uuid.uuid4())
    key = {"app_name": app_name, "user_id": user_id, "session_id": session_id}
    with db.write() as conn:
        conn.execute(
            insert_ignore(db, sessions).values(
                **key, state_json=state_json, created_at_ms=now, last_update_time_ms=now
            )
        )
        row = one(conn, sessions, **key)
    assert row is not None
    return from_row(SessionRecord, row)


def get_session(
    db: Database, app_name: str, user_id: str, session_id: str, *, max_events: int
) -> SessionRecord | None:
    key = {"app_name": app_name, "user_id": user_id, "session_id": session_id}
    with db.read() as conn:
        row = one(conn, sessions, **key)
        if row is None:
            return None
        stmt = select(events).where(
            events.c.app_name == app_name,
            events.c.user_id == user_id,
            events.c.session_id == session_id,
        )
        if max_events > 0:  # the newest N, returned oldest first
            stmt = stmt.order_by(events.c.ord.desc()).limit(max_events)
        rows = [from_row(EventRecord, r) for r in conn.execute(stmt).mappings()]
    rows.sort(key=lambda e: e.ord)
    return from_row(SessionRecord, row, events=tuple(rows))


def _merge(state: dict[str, Any], delta: dict[str, Any]) -> dict[str, Any]:
    merged = dict(state)
    for k, v in delta.items():
        if v is None:
            merged.pop(k, None)
        else:
            merged[k] = v
    return merged


def append_event(
    db: Database,
    app_name: str,
    user_id: str,
    session_id: str,
    *,
    event: dict[str, Any],
    state_delta: dict[str, Any],
    also: Callable[[Connection], None] | None = None,
) -> AppendEventResult:
    """Append ``event`` and merge ``state_delta``; ``also(conn)`` runs in the same
    transaction (ADK's ``app:``/``user:`` state, :mod:`tape.store.sessions`)."""
    now = db.now_ms()
    key = {"app_name": app_name, "user_id": user_id, "session_id": session_id}
    where = [sessions.c[k] == v for k, v in key.items()]
    with db.write() as conn:
        # Touching the session row first serialises appends to one session (ord = max + 1).
        locked = conn.execute(
            update(sessions)
            .where(*where)
            .values(last_update_time_ms=now)
            .returning(sessions.c.state_json)
        ).first()
        if locked is None:
            raise errors.SessionNotFound(
                f"no such session: app {app_name!r}, user {user_id!r}, session {session_id!r}"
            )
        last = conn.execute(
            select(func.coalesce(func.max(events.c.ord), 0)).where(
                *[events.c[k] == v for k, v in key.items()]
            )
        ).scalar_one()
        row = {
            **key,
            "ord": int(last) + 1,
            "event_id": str(event.get("id") or event.get("event_id") or uuid.uuid4()),
            "invocation_id": str(event.get("invocation_id", "")),
            "author": str(event.get("author", "")),
            "branch": str(event.get("branch") or ""),
            "content_json": json.dumps(event, separators=(",", ":"), sort_keys=True),
            "actions_json": json.dumps(event["actions"]) if event.get("actions") else "",
            "timestamp_ms": int(event.get("timestamp_ms") or now),
        }
        conn.execute(events.insert().values(row))
        if state_delta:
            merged = _merge(json.loads(locked[0] or "{}"), state_delta)
            conn.execute(
                update(sessions)
                .where(*where)
                .values(state_json=json.dumps(merged, separators=(",", ":"), sort_keys=True))
            )
        if also is not None:
            also(conn)
        subject = subjects.build("event", "appended", app_name, user_id, session_id)
        entries.append(
            db,
            conn,
            [
                entries.Entry(
                    "event", subject, {**key, "ord": row["ord"], "event_id": row["event_id"]}
                )
            ],
        )
    return AppendEventResult(from_row(EventRecord, row), now)
