"""``tape_sessions`` and ``tape_events``: conversation sessions and their ordered events."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from tape.models.base import Base, ms_col, str_col, text_col


class Session(Base):
    """One session with its state."""

    __tablename__ = "tape_sessions"

    app_name: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    state_json: Mapped[str] = text_col("{}")
    created_at_ms: Mapped[int] = ms_col()
    last_update_time_ms: Mapped[int] = ms_col()


class Event(Base):
    """One event of a session; ``ord`` is 1, 2, 3, ... per session."""

    __tablename__ = "tape_events"

    app_name: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    ord: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    event_id: Mapped[str] = str_col()
    invocation_id: Mapped[str] = str_col()
    author: Mapped[str] = str_col()
    branch: Mapped[str] = str_col()
    content_json: Mapped[str] = text_col()
    actions_json: Mapped[str] = text_col()
    timestamp_ms: Mapped[int] = ms_col()


class ScopedState(Base):
    """One key of state shared beyond a session, as Google ADK scopes it: ``scope`` ``app``
    (``scope_key`` empty: every session of the app) or ``user`` (``scope_key`` the user id:
    every session of that user). ADK reads them as the ``app:`` / ``user:`` keys of a
    session's state; the prefix is not stored."""

    __tablename__ = "tape_scoped_state"

    app_name: Mapped[str] = mapped_column(String(255), primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    scope_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value_json: Mapped[str] = text_col("null")
