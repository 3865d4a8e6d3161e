"""``TapeSessionService``: Google ADK sessions kept in tape's ``tape_sessions`` /
``tape_events`` tables (Postgres or SQLite), beside the journal of the runs that use them.

It behaves as ADK's ``InMemorySessionService`` does for the same calls: ``create`` (an id
that exists is refused), ``get`` (the newest N events when asked for N, then
``after_timestamp``), ``list`` (no events, oldest update first), ``delete`` (the session and
its events in one transaction), ``append_event`` (partial events and ``temp:`` keys are not
persisted; the event and its state delta are written in one transaction). ``app:`` and
``user:`` keys are shared across sessions as ADK shares them (``tape_scoped_state``).

One deliberate difference: a ``None`` value in a state delta deletes the key (upstream
Tape's merge), where the in-memory service keeps the key with the value ``None``.

Each event is stored whole (ADK's event JSON in ``content_json``), so a session read back
holds the same events, ids, actions and timestamps it was given.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from google.adk.errors.already_exists_error import AlreadyExistsError
from google.adk.errors.session_not_found_error import SessionNotFoundError
from google.adk.events.event import Event
from google.adk.sessions import _session_util
from google.adk.sessions.base_session_service import (
    BaseSessionService,
    GetSessionConfig,
    ListSessionsResponse,
)
from google.adk.sessions.session import Session
from google.adk.sessions.state import State

from tape import errors, runtime
from tape.journal import Journal
from tape.records import EventRecord, SessionRecord

T = TypeVar("T")


def _seconds(ms: int) -> float:
    return ms / 1000.0


class TapeSessionService(BaseSessionService):
    """An ADK session service on tape's journal database.

    Args:
        journal: the journal whose database holds the sessions; default: this process's
            configured one (``TAPE_DATABASE_URL``), looked up at each call, so a worker
            process uses its own connection pool.
    """

    def __init__(self, journal: Journal | None = None) -> None:
        self._journal = journal

    @property
    def journal(self) -> Journal:
        """The journal the sessions live in."""
        return self._journal if self._journal is not None else runtime.journal()

    async def _call(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        # The journal is synchronous; a thread keeps the event loop free while it waits.
        return await asyncio.to_thread(fn, **kwargs)

    async def create_session(
        self,
        *,
        app_name: str,
        user_id: str,
        state: dict[str, Any] | None = None,
        session_id: str | None = None,
    ) -> Session:
        session_id = (session_id.strip() if session_id else "") or str(uuid.uuid4())
        deltas = _session_util.extract_state_delta(state or {})
        journal = self.journal
        created = await self._call(
            journal.insert_session,
            app_name=app_name,
            user_id=user_id,
            session_id=session_id,
            state_json=_session_util.make_json_safe_state(deltas["session"]),
        )
        if created is None:
            raise AlreadyExistsError(f"Session with id {session_id} already exists.")
        await self._call(
            journal.write_scoped_state,
            app_name=app_name,
            user_id=user_id,
            app_delta=_session_util.make_json_safe_state(deltas["app"]),
            user_delta=_session_util.make_json_safe_state(deltas["user"]),
        )
        return await self._session(created, [])

    async def get_session(
        self,
        *,
        app_name: str,
        user_id: str,
        session_id: str,
        config: GetSessionConfig | None = None,
    ) -> Session | None:
        session_id = session_id.strip() if session_id else session_id
        recent = config.num_recent_events if config is not None else None
        found = await self._call(
            self.journal.get_session,
            app_name=app_name,
            user_id=user_id,
            session_id=session_id,
            max_events=recent or 0,
        )
        if found is None:
            return None
        events = [] if recent == 0 else [_event(e) for e in found.events]
        if config is not None and config.after_timestamp is not None:
            # As the in-memory service: the newest run of events at or after the timestamp.
            i = len(events) - 1
            while i >= 0 and events[i].timestamp >= config.after_timestamp:
                i -= 1
            events = events[i + 1 :]
        return await self._session(found, events)

    async def list_sessions(
        self, *, app_name: str, user_id: str | None = None
    ) -> ListSessionsResponse:
        found = await self._call(self.journal.list_sessions, app_name=app_name, user_id=user_id)
        sessions = [await self._session(record, []) for record in found]
        sessions.sort(key=lambda s: (s.last_update_time, s.user_id, s.id))
        return ListSessionsResponse(sessions=sessions)

    async def delete_session(self, *, app_name: str, user_id: str, session_id: str) -> None:
        session_id = session_id.strip() if session_id else session_id
        await self._call(
            self.journal.delete_session,
            app_name=app_name,
            user_id=user_id,
            session_id=session_id,
        )

    async def get_user_state(self, *, app_name: str, user_id: str) -> dict[str, Any]:
        _, user_state = await self._call(
            self.journal.get_scoped_state, app_name=app_name, user_id=user_id
        )
        return user_state

    async def append_event(self, session: Session, event: Event) -> Event:
        if event.partial:
            return event
        self._apply_temp_state(session, event)
        event = self._trim_temp_delta_state(event)
        delta = event.actions.state_delta if event.actions else {}
        deltas = _session_util.extract_state_delta(delta)
        try:
            await self._call(
                self.journal.append_scoped_event,
                app_name=session.app_name,
                user_id=session.user_id,
                session_id=session.id,
                event=event.model_dump(mode="json", exclude_none=True, by_alias=False),
                state_delta_json=_session_util.make_json_safe_state(deltas["session"]),
                app_delta=_session_util.make_json_safe_state(deltas["app"]),
                user_delta=_session_util.make_json_safe_state(deltas["user"]),
            )
        except errors.SessionNotFound:
            raise SessionNotFoundError(f"Session {session.id} not found.") from None
        self._commit_event_to_session(session, event)
        session.last_update_time = event.timestamp
        return event

    async def rewind_invocation(
        self, *, app_name: str, user_id: str, session_id: str, invocation_id: str
    ) -> int:
        """Drop the events ``invocation_id`` appended (what a crashed attempt left behind)
        before the invocation is re-driven; returns how many."""
        return await self._call(
            self.journal.delete_invocation_events,
            app_name=app_name,
            user_id=user_id,
            session_id=session_id,
            invocation_id=invocation_id,
        )

    async def _session(self, record: SessionRecord, events: list[Event]) -> Session:
        app_state, user_state = await self._call(
            self.journal.get_scoped_state, app_name=record.app_name, user_id=record.user_id
        )
        state = dict(record.state)
        state.update({State.APP_PREFIX + k: v for k, v in app_state.items()})
        state.update({State.USER_PREFIX + k: v for k, v in user_state.items()})
        return Session(
            id=record.session_id,
            app_name=record.app_name,
            user_id=record.user_id,
            state=state,
            events=events,
            last_update_time=_seconds(record.last_update_time_ms),
        )


def _event(record: EventRecord) -> Event:
    return Event.model_validate(record.content)
