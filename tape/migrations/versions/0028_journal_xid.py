"""journal xid: the global order without a lock.

- ``tape_journal.xid``: the writing transaction (Postgres ``pg_current_xact_id()``, as a
  bigint; SQLite 0). Added with the constant default 0 (no table rewrite: rows written before
  keep their ``global_seq`` order, ahead of every later row), then, on Postgres, the default
  becomes the writing transaction's id;
- ``ix_tape_journal_order`` on (xid, global_seq): the order readers read in;
- ``tape_reaction_cursors.last_xid``: a cursor is the position (last_xid, last_global_seq);
  existing cursors are at rows written before, whose xid is 0;
- ``ix_tape_obligations_live`` holds only obligations that are not held (``held = 0``): held
  ones of runs that finished in the normal course stay PENDING for ever and left the index the
  compensation pass scans growing.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 08:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tape.models.journal import WritingXid

# revision identifiers, used by Alembic.
revision: str = "0028"
down_revision: str | Sequence[str] | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_LIVE_BEFORE = "status IN (1, 2)"  # PENDING, COMMITTED (tape.enums.ObligationStatus)
_LIVE_NOW = "status IN (1, 2) AND held = 0"


def _live_index(where: str) -> None:
    op.drop_index("ix_tape_obligations_live", table_name="tape_obligations")
    op.create_index(
        "ix_tape_obligations_live",
        "tape_obligations",
        ["next_attempt_at_ms"],
        unique=False,
        postgresql_where=sa.text(where),
        sqlite_where=sa.text(where),
    )


def upgrade() -> None:
    _live_index(_LIVE_NOW)
    op.add_column(
        "tape_journal",
        sa.Column("xid", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
    )
    if op.get_context().dialect.name == "postgresql":
        op.alter_column("tape_journal", "xid", server_default=WritingXid())
    op.create_index("ix_tape_journal_order", "tape_journal", ["xid", "global_seq"], unique=False)
    op.add_column(
        "tape_reaction_cursors",
        sa.Column("last_xid", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
    )


def downgrade() -> None:
    _live_index(_LIVE_BEFORE)
    with op.batch_alter_table("tape_reaction_cursors") as batch:
        batch.drop_column("last_xid")
    op.drop_index("ix_tape_journal_order", table_name="tape_journal")
    with op.batch_alter_table("tape_journal") as batch:
        batch.drop_column("xid")
