"""SQL for what Google ADK's session service needs beyond :mod:`tape.store.data`: listing and
deleting sessions, dropping one invocation's events, and the ``app:`` / ``user:`` state that ADK
shares across sessions (``tape_scoped_state``, one row per key; a ``None`` value deletes it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, delete, select

from tape import subjects
from tape.records import SessionRecord, from_row
from tape.store import entries, tables
from tape.store.engine import Database
from tape.store.sql import insert_ignore, upsert

sessions = tables.sessions
events = tables.events
scoped = tables.scoped_state

APP, USER = "app", "user"


def insert_session(
    db: Database, app_name: str, user_id: str, session_id: str, *, state_json: str
) -> SessionRecord | None:
    """Create a session; None when one with that id exists (it is left unchanged)."""
    now = db.now_ms()
    row = {
        "app_name": app_name,
        "user_id": user_id,
        "session_id": session_id,
        "state_json": state_json,
        "created_at_ms": now,
        "last_update_time_ms": now,
    }
    with db.write() as conn:
        inserted = conn.execute(insert_ignore(db, sessions).values(**row)).rowcount
    return from_row(SessionRecord, row) if inserted == 1 else None


def list_sessions(db: Database, app_name: str, user_id: str | None) -> list[SessionRecord]:
    """An app's sessions (one user's, or everyone's when ``user_id`` is None), no events."""
    stmt = select(sessions).where(sessions.c.app_name == app_name)
    if user_id is not None:
        stmt = stmt.where(sessions.c.user_id == user_id)
    with db.read() as conn:
        rows = conn.execute(stmt).mappings().all()
    return [from_row(SessionRecord, r) for r in rows]


def _session_where(table: Any, app_name: str, user_id: str, session_id: str) -> list[Any]:
    return [
        table.c.app_name == app_name,
        table.c.user_id == user_id,
        table.c.session_id == session_id,
    ]


def delete_session(db: Database, app_name: str, user_id: str, session_id: str) -> bool:
    """Delete a session and its events in one transaction; False when there was none."""
    with db.write() as conn:
        conn.execute(delete(events).where(*_session_where(events, app_name, user_id, session_id)))
        gone = conn.execute(
            delete(sessions).where(*_session_where(sessions, app_name, user_id, session_id))
        ).rowcount
        if gone:
            subject = subjects.build("event", "deleted", app_name, user_id, session_id)
            payload = {"app_name": app_name, "user_id": user_id, "session_id": session_id}
            entries.append(db, conn, [entries.Entry("event", subject, payload)])
    return bool(gone)


def delete_invocation_events(
    db: Database, app_name: str, user_id: str, session_id: str, invocation_id: str
) -> int:
    """Drop the events one invocation appended to a session; returns how many.

    A re-driven ADK invocation replays from the journal and appends its events again, so the
    ones a crashed attempt left behind go first (the session's state is kept as it is).
    """
    where = [*_session_where(events, app_name, user_id, session_id)]
    where.append(events.c.invocation_id == invocation_id)
    with db.write() as conn:
        dropped = conn.execute(delete(events).where(*where)).rowcount
        if dropped:
            subject = subjects.build("event", "rewound", app_name, user_id, session_id)
            payload = {
                "app_name": app_name,
                "user_id": user_id,
                "session_id": session_id,
                "invocation_id": invocation_id,
                "events": dropped,
            }
            entries.append(db, conn, [entries.Entry("event", subject, payload)])
    return int(dropped)


def scoped_state(db: Database, app_name: str, user_id: str) -> tuple[dict[str, Any], ...]:
    """``(app state, user state)`` of ``app_name`` / ``user_id``, keys without prefixes."""
    with db.read() as conn:
        rows = conn.execute(
            select(scoped).where(
                scoped.c.app_name == app_name,
                ((scoped.c.scope == APP) & (scoped.c.scope_key == ""))
                | ((scoped.c.scope == USER) & (scoped.c.scope_key == user_id)),
            )
        ).mappings()
        found: dict[str, dict[str, Any]] = {APP: {}, USER: {}}
        for row in rows:
            found[row["scope"]][row["key"]] = json.loads(row["value_json"])
    return found[APP], found[USER]


def apply_scoped(
    db: Database,
    conn: Connection,
    app_name: str,
    user_id: str,
    *,
    app_delta: Mapping[str, Any],
    user_delta: Mapping[str, Any],
) -> None:
    """Merge ``app_delta`` / ``user_delta`` into the scoped state inside ``conn``'s transaction
    (a ``None`` value deletes the key)."""
    for scope, scope_key, delta in ((APP, "", app_delta), (USER, user_id, user_delta)):
        for key, value in delta.items():
            where = {"app_name": app_name, "scope": scope, "scope_key": scope_key, "key": key}
            if value is None:
                conn.execute(delete(scoped).where(*[scoped.c[k] == v for k, v in where.items()]))
                continue
            text = json.dumps(value, separators=(",", ":"), sort_keys=True)
            conn.execute(
                upsert(db, scoped, list(where), {"value_json": text}).values(
                    **where, value_json=text
                )
            )


def write_scoped(
    db: Database,
    app_name: str,
    user_id: str,
    *,
    app_delta: Mapping[str, Any],
    user_delta: Mapping[str, Any],
) -> None:
    """:func:`apply_scoped` in a transaction of its own."""
    if not app_delta and not user_delta:
        return
    with db.write() as conn:
        apply_scoped(db, conn, app_name, user_id, app_delta=app_delta, user_delta=user_delta)
