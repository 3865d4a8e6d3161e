"""``tape_journal``: the append-only journal.

Each row has a per-run ``seq`` (allocated by bumping ``tape_runs.seq_cursor`` in the same
transaction, so it cannot race) and a global ``global_seq``. Rows that belong to no run
(value writes) have ``run_id = ''`` and ``seq = 0``.

``global_seq`` is handed out in commit order: on Postgres a transaction takes an advisory
transaction lock just before it numbers its journal rows and keeps it until it commits, so a
reader tailing "after my last global_seq" can never miss a row that committed late. On SQLite
writers are serialised by the database itself.
"""

from __future__ import annotations

from sqlalchemy import Index, Sequence, SmallInteger, String, text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from tape.models.base import Base, RowId, ms_col, str_col, text_col

GLOBAL_SEQ = Sequence("tape_journal_global_seq", start=1)


class JournalRow(Base):
    """One journal entry."""

    __tablename__ = "tape_journal"

    global_seq: Mapped[int] = mapped_column(RowId, GLOBAL_SEQ, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), nullable=False, server_default="")
    seq: Mapped[int] = ms_col()
    kind: Mapped[str] = str_col(32)
    payload_json: Mapped[str] = text_col()
    ts_ms: Mapped[int] = ms_col()
    subject: Mapped[str] = str_col(1024)
    schema_version: Mapped[int] = mapped_column(
        SmallInteger, nullable=False, server_default=sql_text("1")
    )
    trace_id: Mapped[str] = str_col(64)
    span_id: Mapped[str] = str_col(64)
    parent_span_id: Mapped[str] = str_col(64)

    __table_args__ = (
        Index(
            "uq_tape_journal_run_seq",
            "run_id",
            "seq",
            unique=True,
            postgresql_where=text("run_id <> ''"),
            sqlite_where=text("run_id <> ''"),
        ),
        Index("ix_tape_journal_subject", "subject", "global_seq"),
    )
