"""``tape_reactions``, ``tape_reaction_cursors`` and ``tape_tasks``: the event bus.

A reaction matches journal rows by subject; the matcher advances a cursor per shard and
creates tasks (or runs) for matches. Tasks are claimed with a lease by dispatchers.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, String, UniqueConstraint
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from tape.enums import HandlerKind, TaskStatus
from tape.models.base import Base, count_col, enum_col, flag_col, ms_col, str_col, text_col


class Reaction(Base):
    """A registered reaction."""

    __tablename__ = "tape_reactions"

    reaction_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = str_col()
    subject_pattern: Mapped[str] = str_col(1024)
    predicate_cel: Mapped[str] = text_col()
    handler_kind: Mapped[int] = enum_col(HandlerKind.TASK)
    agent_app: Mapped[str] = str_col()
    publish_target: Mapped[str] = str_col()
    max_concurrency: Mapped[int] = count_col(1)
    rate_limit_per_s: Mapped[int] = count_col()
    debounce_ms: Mapped[int] = ms_col()
    retry_max: Mapped[int] = count_col(5)
    retry_backoff_ms: Mapped[int] = ms_col(1000)
    dlq_after_n: Mapped[int] = count_col(5)
    num_shards: Mapped[int] = count_col(1)
    created_at_ms: Mapped[int] = ms_col()
    deleted: Mapped[int] = flag_col()


class ReactionCursor(Base):
    """How far one shard of a reaction has read the journal."""

    __tablename__ = "tape_reaction_cursors"

    reaction_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_global_seq: Mapped[int] = mapped_column(
        BigInteger, nullable=False, server_default=sql_text("0")
    )
    last_processed_at_ms: Mapped[int] = ms_col()


class Task(Base):
    """One unit of work created by a reaction."""

    __tablename__ = "tape_tasks"

    task_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    reaction_id: Mapped[str] = str_col(64)
    shard: Mapped[int] = count_col()
    source_global_seq: Mapped[int] = mapped_column(
        BigInteger, nullable=False, server_default=sql_text("0")
    )
    source_run_id: Mapped[str] = str_col(64)
    subject: Mapped[str] = str_col(1024)
    payload_json: Mapped[str] = text_col()
    status: Mapped[int] = enum_col(TaskStatus.PENDING)
    attempts: Mapped[int] = count_col()
    next_attempt_at_ms: Mapped[int] = ms_col()
    lease_owner: Mapped[str] = str_col()
    lease_expires_at_ms: Mapped[int] = ms_col()
    last_error: Mapped[str] = text_col()
    created_at_ms: Mapped[int] = ms_col()
    completed_at_ms: Mapped[int] = ms_col()
    trace_id: Mapped[str] = str_col(64)
    parent_span_id: Mapped[str] = str_col(64)

    __table_args__ = (
        UniqueConstraint("reaction_id", "shard", "source_global_seq"),
        Index("ix_tape_tasks_claim", "reaction_id", "shard", "status", "next_attempt_at_ms"),
        Index("ix_tape_tasks_lease", "status", "lease_expires_at_ms"),
    )
