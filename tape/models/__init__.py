"""SQLAlchemy 2 models of every tape table (``tape_*``).

Conventions, shared by all tables:

- timestamps are epoch milliseconds (``BIGINT``), ``0`` meaning "not set";
- statuses are the small integers of :mod:`tape.enums`;
- JSON payloads are opaque ``TEXT`` (validated by the journal client before they are written);
- empty string, not NULL, means "no value" for text columns, so unique indexes behave the
  same on Postgres and SQLite;
- indexes on live states are partial, so terminal history does not slow claims.
"""

from __future__ import annotations

from tape.models.base import Base, metadata
from tape.models.budget import Budget
from tape.models.decision import Decision
from tape.models.effect import Effect
from tape.models.journal import JournalRow
from tape.models.link import RunLink
from tape.models.obligation import Obligation
from tape.models.reaction import Reaction, ReactionCursor, Task
from tape.models.run import Run
from tape.models.session import Event, ScopedState, Session
from tape.models.signal import Signal
from tape.models.timer import Timer
from tape.models.value import Value

__all__ = [
    "Base",
    "Budget",
    "Decision",
    "Effect",
    "Event",
    "JournalRow",
    "Obligation",
    "Reaction",
    "ReactionCursor",
    "Run",
    "RunLink",
    "ScopedState",
    "Session",
    "Signal",
    "Task",
    "Timer",
    "Value",
    "metadata",
]
