"""The key-value store, sessions and events, and reading the journal."""

from __future__ import annotations

import json
from typing import Any

from tape import errors, subjects, validate
from tape.journal.base import JournalBase
from tape.records import (
    AppendEventResult,
    DeleteValueResult,
    JournalEntry,
    SessionRecord,
    ValueRecord,
)
from tape.store import data as store
from tape.store import entries


class DataMixin(JournalBase):
    """``WriteValue``, ``GetValue``, ``DeleteValue``, ``CreateSession``, ``GetSession``,
    ``AppendEvent`` and reading the journal."""

    def write_value(
        self,
        *,
        namespace: str,
        key: str,
        value_json: Any,
        if_version: int = -1,
        writer: str = "",
    ) -> ValueRecord:
        """Write a value. ``if_version``: -1 unconditional, 0 create-only, N only at version N.

        Raises:
            VersionConflict: the key is not at ``if_version``.
        """
        if isinstance(if_version, bool) or not isinstance(if_version, int):
            raise errors.InvalidArgument("if_version must be an integer")
        return store.write_value(
            self._db,
            *_value_key(namespace, key),
            value_json=validate.payload(value_json, "value_json", default="null"),
            if_version=if_version,
            writer=validate.optional(writer, "writer"),
        )

    def get_value(self, *, namespace: str, key: str) -> ValueRecord | None:
        """The value, a tombstone (``deleted=True``) after a delete, or None if never written."""
        return store.get_value(self._db, *_value_key(namespace, key))

    def delete_value(self, *, namespace: str, key: str) -> DeleteValueResult:
        """Tombstone a value (its version still goes up)."""
        return store.delete_value(self._db, *_value_key(namespace, key))

    def create_session(
        self, *, app_name: str, user_id: str, session_id: str = "", state_json: Any = None
    ) -> SessionRecord:
        """Create a session (id generated when empty); an existing one is returned unchanged."""
        state = validate.payload(state_json, "state_json", default="{}")
        if not isinstance(json.loads(state), dict):
            raise errors.InvalidPayload("state_json must be a JSON object")
        return store.create_session(
            self._db,
            validate.required(app_name, "app_name"),
            validate.optional(user_id, "user_id"),
            validate.optional(session_id, "session_id"),
            state_json=state,
        )

    def get_session(
        self, *, app_name: str, user_id: str, session_id: str, max_events: int = 0
    ) -> SessionRecord | None:
        """A session with its newest ``max_events`` events (0 = all), oldest first."""
        return store.get_session(self._db, app_name, user_id, session_id, max_events=max_events)

    def append_event(
        self,
        *,
        app_name: str,
        user_id: str,
        session_id: str,
        event: dict[str, Any],
        state_delta_json: Any = None,
    ) -> AppendEventResult:
        """Append an event to a session and merge ``state_delta_json`` into its state (a null
        value deletes the key), in one transaction.

        Raises:
            SessionNotFound; InvalidPayload when the event is missing or not a JSON object.
        """
        if not isinstance(event, dict) or not event:
            raise errors.InvalidPayload("append_event needs an event (a non-empty JSON object)")
        validate.payload(event, "event")
        delta = json.loads(validate.payload(state_delta_json, "state_delta_json", default="{}"))
        if not isinstance(delta, dict):
            raise errors.InvalidPayload("state_delta_json must be a JSON object")
        return store.append_event(
            self._db, app_name, user_id, session_id, event=event, state_delta=delta
        )

    def read_journal(
        self,
        *,
        run_id: str = "",
        from_seq: int = 0,
        after_global_seq: int = 0,
        kind: str = "",
        subject_pattern: str = "",
        limit: int = 512,
    ) -> list[JournalEntry]:
        """Journal rows: a run's from ``from_seq`` in its seq order, or everyone's in the
        global order after the row ``after_global_seq`` (a tailing reader passes the
        ``global_seq`` of the last row it read and never misses a row that committed late;
        on Postgres the order is (writing transaction, ``global_seq``): docs/event-bus.md),
        optionally by kind and subject pattern."""
        if subject_pattern:
            try:
                subjects.validate_pattern(subject_pattern)
            except ValueError as exc:
                raise errors.InvalidArgument(f"subject_pattern: {exc}") from None
        return entries.read(
            self._db,
            run_id=run_id,
            from_seq=from_seq,
            after_global_seq=after_global_seq,
            kind=kind,
            subject_pattern=subject_pattern,
            limit=validate.limit(limit),
        )


def _value_key(namespace: str, key: str) -> tuple[str, str]:
    return (
        validate.required(namespace, "namespace"),
        validate.required(key, "key", max_chars=validate.MAX_KEY_CHARS),
    )
