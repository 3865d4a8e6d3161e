"""What Google ADK's session service needs beyond ``CreateSession`` / ``GetSession`` /
``AppendEvent``: listing and deleting sessions, rewinding one invocation's events, and the
``app:`` / ``user:`` state ADK shares across sessions."""

from __future__ import annotations

import json
from typing import Any

from tape import errors, validate
from tape.journal.base import JournalBase
from tape.records import AppendEventResult, SessionRecord
from tape.store import data as data_store
from tape.store import sessions as store


def _object(value: Any, name: str) -> dict[str, Any]:
    parsed = json.loads(validate.payload(value, name, default="{}"))
    if not isinstance(parsed, dict):
        raise errors.InvalidPayload(f"{name} must be a JSON object")
    return parsed


class SessionsMixin(JournalBase):
    """Session operations for :class:`tape.integrations.adk.TapeSessionService`."""

    def insert_session(
        self, *, app_name: str, user_id: str, session_id: str, state_json: Any = None
    ) -> SessionRecord | None:
        """Create a session with this id; None (nothing written) when it exists already."""
        state = _object(state_json, "state_json")
        return store.insert_session(
            self._db,
            validate.required(app_name, "app_name"),
            validate.optional(user_id, "user_id"),
            validate.required(session_id, "session_id"),
            state_json=json.dumps(state, separators=(",", ":"), sort_keys=True),
        )

    def list_sessions(self, *, app_name: str, user_id: str | None = None) -> list[SessionRecord]:
        """An app's sessions without their events: one user's, or all when ``user_id`` is None."""
        return store.list_sessions(self._db, validate.required(app_name, "app_name"), user_id)

    def delete_session(self, *, app_name: str, user_id: str, session_id: str) -> bool:
        """Delete a session and its events (one transaction); False when there was none."""
        return store.delete_session(self._db, app_name, user_id, session_id)

    def delete_invocation_events(
        self, *, app_name: str, user_id: str, session_id: str, invocation_id: str
    ) -> int:
        """Drop the events ``invocation_id`` appended to the session; returns how many."""
        return store.delete_invocation_events(
            self._db,
            app_name,
            user_id,
            session_id,
            validate.required(invocation_id, "invocation_id"),
        )

    def get_scoped_state(
        self, *, app_name: str, user_id: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """``(app state, user state)``: keys without their ``app:`` / ``user:`` prefix."""
        app_state, user_state = store.scoped_state(self._db, app_name, user_id)
        return app_state, user_state

    def write_scoped_state(
        self, *, app_name: str, user_id: str, app_delta: Any = None, user_delta: Any = None
    ) -> None:
        """Merge deltas into the app / user state (a null value deletes the key)."""
        store.write_scoped(
            self._db,
            validate.required(app_name, "app_name"),
            validate.optional(user_id, "user_id"),
            app_delta=_object(app_delta, "app_delta"),
            user_delta=_object(user_delta, "user_delta"),
        )

    def append_scoped_event(
        self,
        *,
        app_name: str,
        user_id: str,
        session_id: str,
        event: dict[str, Any],
        state_delta_json: Any = None,
        app_delta: Any = None,
        user_delta: Any = None,
    ) -> AppendEventResult:
        """``append_event``, merging the app / user deltas in the same transaction.

        Raises:
            SessionNotFound; InvalidPayload.
        """
        if not isinstance(event, dict) or not event:
            raise errors.InvalidPayload("append_event needs an event (a non-empty JSON object)")
        validate.payload(event, "event")
        validate.optional(user_id, "user_id")
        delta = _object(state_delta_json, "state_delta_json")
        app_part, user_part = _object(app_delta, "app_delta"), _object(user_delta, "user_delta")

        def scoped(conn: Any) -> None:
            store.apply_scoped(
                self._db, conn, app_name, user_id, app_delta=app_part, user_delta=user_part
            )

        return data_store.append_event(
            self._db,
            app_name,
            user_id,
            session_id,
            event=event,
            state_delta=delta,
            also=scoped if app_part or user_part else None,
        )
