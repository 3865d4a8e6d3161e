"""``tape_journal``: the append-only journal.

Each row has a per-run ``seq`` (allocated by bumping ``tape_runs.seq_cursor`` in the same
transaction, so it cannot race) and a global ``global_seq``. Rows that belong to no run
(value writes) have ``run_id = ''`` and ``seq = 0``.

``global_seq`` is a row id handed out at insert, under no lock, so it is *not* in commit
order on Postgres: two writers take ids 7 and 8 and 8 may commit first. The global order is
(``xid``, ``global_seq``): ``xid`` is the writing transaction (``pg_current_xact_id()``, filled
by the column's default), and readers read only rows whose ``xid`` is below the horizon, the
oldest transaction still in progress (``pg_snapshot_xmin(pg_current_snapshot())``). Every
transaction below the horizon has committed or aborted, so no row can appear behind a reader's
position later (:mod:`tape.store.entries`). Rows written before migration 0028 have ``xid`` 0,
so they keep their order ahead of every later row. On SQLite writers are serialised by the
database itself, ``xid`` is always 0 and the rowid order is the commit order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Index, Sequence, SmallInteger, String, text
from sqlalchemy import text as sql_text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import ColumnElement

from tape.models.base import Base, RowId, ms_col, str_col, text_col

GLOBAL_SEQ = Sequence("tape_journal_global_seq", start=1)


class WritingXid(ColumnElement[int]):
    """The writing transaction's id as a bigint (Postgres); ``0`` on SQLite.

    A column default, so every statement that inserts journal rows gets it without naming it.
    """

    inherit_cache = True
    type = BigInteger()


@compiles(WritingXid)
def _xid_default(element: WritingXid, compiler: Any, **kw: Any) -> str:
    return "0"


@compiles(WritingXid, "postgresql")
def _xid_default_pg(element: WritingXid, compiler: Any, **kw: Any) -> str:
    # xid8 has no cast to bigint; through text it is exact (an xid8 never reaches 2^63).
    return "(pg_current_xact_id()::text)::bigint"


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
    # Added by migration 0028: the writing transaction; the global order is (xid, global_seq).
    xid: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default=WritingXid())

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
        Index("ix_tape_journal_order", "xid", "global_seq"),
    )
