"""Issue 9, test 4: one call script against ADK's ``InMemorySessionService`` and
``TapeSessionService`` (Postgres, SQLite and a ``tape server``) gives the same sessions, events
and state."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from google.adk.errors.already_exists_error import AlreadyExistsError
from google.adk.errors.session_not_found_error import SessionNotFoundError
from google.adk.events.event import Event
from google.adk.events.event_actions import EventActions
from google.adk.sessions import InMemorySessionService
from google.adk.sessions.base_session_service import BaseSessionService, GetSessionConfig
from google.adk.sessions.session import Session
from google.genai import types

from tape import Journal
from tape.adk import TapeSessionService

APP = "parity"

pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")


def event(n: int, author: str, delta: dict[str, Any] | None = None, **extra: Any) -> Event:
    return Event(
        id=f"ev-{n}",
        invocation_id=f"inv-{n // 3}",
        author=author,
        content=types.Content(
            role="user" if author == "user" else "model", parts=[types.Part(text=f"message {n}")]
        ),
        actions=EventActions(state_delta=delta or {}),
        timestamp=1_000.0 + n,
        **extra,
    )


def shape(session: Session | None) -> Any:
    if session is None:
        return None
    return {
        "id": session.id,
        "app": session.app_name,
        "user": session.user_id,
        "state": dict(session.state),
        "events": [e.model_dump(mode="json", exclude_none=True) for e in session.events],
    }


async def script(service: BaseSessionService) -> list[Any]:
    """Every call ADK makes of a session service, with what each returned."""
    seen: list[Any] = []
    first = await service.create_session(
        app_name=APP,
        user_id="ann",
        session_id="s1",
        state={"topic": "wires", "app:region": "eu", "user:tier": "gold", "temp:scratch": 1},
    )
    seen.append(shape(first))
    seen.append(shape(await service.create_session(app_name=APP, user_id="ann", session_id=" s2 ")))
    seen.append(shape(await service.create_session(app_name=APP, user_id="bob", session_id="s3")))
    with pytest.raises(AlreadyExistsError):
        await service.create_session(app_name=APP, user_id="ann", session_id="s1")
    generated = await service.create_session(app_name=APP, user_id="bob")
    seen.append((len(generated.id) > 0, generated.state, generated.events))

    session = await service.get_session(app_name=APP, user_id="ann", session_id="s1")
    assert session is not None
    deltas = [
        {"step": 1, "temp:seen": True},
        {"step": 2, "app:region": "us", "user:tier": "platinum"},
        {"answer": {"amount": 250, "to": "bob"}},
        {},
        {"step": 5},
    ]
    for n, delta in enumerate(deltas):
        appended = await service.append_event(
            session, event(n, "user" if n % 2 else "agent", delta)
        )
        seen.append(appended.model_dump(mode="json", exclude_none=True))
        seen.append(shape(session))  # the caller's session object, updated in place
    partial = await service.append_event(session, event(9, "agent", {"lost": 1}, partial=True))
    seen.append(partial.id)

    for config in (
        None,
        GetSessionConfig(num_recent_events=2),
        GetSessionConfig(num_recent_events=0),
        GetSessionConfig(after_timestamp=1_003.0),
        GetSessionConfig(num_recent_events=4, after_timestamp=1_002.0),
    ):
        seen.append(
            shape(
                await service.get_session(
                    app_name=APP, user_id="ann", session_id="s1", config=config
                )
            )
        )
    seen.append(shape(await service.get_session(app_name=APP, user_id="ann", session_id="s2")))
    # Another session of the same user and app sees the app: and user: state.
    seen.append(shape(await service.get_session(app_name=APP, user_id="bob", session_id="s3")))
    seen.append(await service.get_user_state(app_name=APP, user_id="ann"))
    seen.append(await service.get_session(app_name=APP, user_id="ann", session_id="nope"))

    for user in ("ann", "bob", None, "nobody"):
        listed = await service.list_sessions(app_name=APP, user_id=user)
        seen.append(
            sorted(
                (s.user_id, s.id, sorted(s.state.items()), s.events)
                for s in listed.sessions
                if s.id != generated.id
            )
        )
    await service.delete_session(app_name=APP, user_id="ann", session_id="s2")
    await service.delete_session(app_name=APP, user_id="ann", session_id="never-was")
    seen.append(await service.get_session(app_name=APP, user_id="ann", session_id="s2"))
    gone = Session(id="s2", app_name=APP, user_id="ann")
    with pytest.raises(SessionNotFoundError):
        await service.append_event(gone, event(20, "agent"))
    return seen


def test_the_same_calls_give_the_same_sessions_events_and_state(journal: Journal) -> None:
    expected = asyncio.run(script(InMemorySessionService()))
    got = asyncio.run(script(TapeSessionService(journal)))
    assert got == expected


def test_a_null_in_a_delta_deletes_the_key_and_a_delete_takes_the_events(
    journal: Journal,
) -> None:
    async def run() -> None:
        service = TapeSessionService(journal)
        session = await service.create_session(
            app_name=APP, user_id="ann", session_id="s1", state={"keep": 1, "drop": 2}
        )
        await service.append_event(session, event(0, "agent", {"drop": None, "new": 3}))
        again = await service.get_session(app_name=APP, user_id="ann", session_id="s1")
        assert again is not None and again.state == {"keep": 1, "new": 3}
        await service.delete_session(app_name=APP, user_id="ann", session_id="s1")
        stored = journal.get_session(app_name=APP, user_id="ann", session_id="s1")
        assert stored is None

    asyncio.run(run())
