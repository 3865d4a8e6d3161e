r"""``tape_reactions``, ``tape_reaction_cursors`` and ``tape_tasks``: the event bus.

A reaction matches journal rows by subject; the matcher advances a cursor per shard and
creates tasks (or runs) for matches. Tasks are claimed with a lease by dispatchers.

Task states::

    PENDING --claim--> CLAIMED --complete--> DONE
       ^                  |  \--nack (attempts < dlq_after_n)--> FAILED (retry at
       |                  |                                       next_attempt_at_ms) --claim--> ...
       |                  \----nack permanent / attempts >= dlq_after_n / lease lapsed--> DLQ
       \------------------------------ operator retry (tape tasks retry) ------------------/

A reaction with ``paused_at_ms > 0`` is skipped by the matcher (its predicate overran its
budget, ``paused_reason`` says how; :mod:`tape.events.budget`) until an operator resumes it
or it is registered with another predicate; its cursor stays where the pause found it.

``tape_reactions.next_start_at_ms`` is the earliest time the next task of a rate-limited
reaction may be claimed (claims are spaced ``1000 / rate_limit_per_s`` ms apart, across every
worker). On Postgres a statement trigger on ``tape_journal`` sends ``NOTIFY tape_journal_v1``
so the matcher and live subscribers wake as soon as a journal row commits.
"""

from __future__ import annotations

from sqlalchemy import DDL, BigInteger, Index, String, UniqueConstraint, event
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from tape.enums import HandlerKind, TaskStatus
from tape.models.base import Base, count_col, enum_col, flag_col, ms_col, str_col, text_col
from tape.models.journal import JournalRow

#: The channel the journal trigger notifies on Postgres (versioned, like the function).
JOURNAL_CHANNEL = "tape_journal_v1"

NOTIFY_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION tape_journal_notify_v1() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{JOURNAL_CHANNEL}', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""
# One notification per statement (a batch insert wakes readers once, and Postgres folds
# identical notifications of one transaction into one): readers re-read from their cursor.
NOTIFY_TRIGGER_SQL = (
    "CREATE TRIGGER tape_journal_notify_v1 AFTER INSERT ON tape_journal "
    "FOR EACH STATEMENT EXECUTE FUNCTION tape_journal_notify_v1()"
)


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
    # Added by migration 0002 (so last, as ALTER TABLE ... ADD COLUMN puts them).
    next_start_at_ms: Mapped[int] = ms_col()
    # Added by migration 0007: when the matcher paused the reaction (0: it is not paused) and
    # why (tape.events.budget).
    paused_at_ms: Mapped[int] = ms_col()
    paused_reason: Mapped[str] = text_col()


class ReactionCursor(Base):
    """How far one shard of a reaction has read the journal."""

    __tablename__ = "tape_reaction_cursors"

    reaction_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_global_seq: Mapped[int] = mapped_column(
        BigInteger, nullable=False, server_default=sql_text("0")
    )
    last_processed_at_ms: Mapped[int] = ms_col()
    # Added by migration 0028: the ``xid`` of the row at ``last_global_seq``; a cursor is the
    # position (last_xid, last_global_seq) in the journal's global order (tape.models.journal).
    last_xid: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default=sql_text("0"))


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
    claimed_at_ms: Mapped[int] = ms_col()  # migration 0002

    __table_args__ = (
        UniqueConstraint("reaction_id", "shard", "source_global_seq"),
        Index("ix_tape_tasks_claim", "reaction_id", "shard", "status", "next_attempt_at_ms"),
        Index("ix_tape_tasks_lease", "status", "lease_expires_at_ms"),
        Index("ix_tape_tasks_subject", "reaction_id", "subject", "status"),
        Index("ix_tape_tasks_due", "status", "next_attempt_at_ms"),
    )


# metadata.create_all builds what migration 0002 builds: the notify trigger, on Postgres only.
_journal_table = JournalRow.__table__
event.listen(
    _journal_table,
    "after_create",
    DDL(NOTIFY_FUNCTION_SQL).execute_if(dialect="postgresql"),  # type: ignore[no-untyped-call]
)
event.listen(
    _journal_table,
    "after_create",
    DDL(NOTIFY_TRIGGER_SQL).execute_if(dialect="postgresql"),  # type: ignore[no-untyped-call]
)
