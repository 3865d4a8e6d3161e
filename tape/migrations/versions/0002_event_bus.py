"""event bus: the journal notify trigger, rate-limit state, task indexes.

- ``tape_journal``: an ``AFTER INSERT ... FOR EACH STATEMENT`` trigger that sends
  ``NOTIFY tape_journal_v1`` (Postgres only; SQLite readers poll);
- ``tape_reactions.next_start_at_ms``: when the next task of a rate-limited reaction may be
  claimed (shared by every worker);
- ``tape_tasks.claimed_at_ms``: when the current (last) claim was taken;
- ``tape_tasks``: indexes for debounce (reaction, subject, status) and the due scan
  (status, next_attempt_at_ms).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tape.models.reaction import NOTIFY_FUNCTION_SQL, NOTIFY_TRIGGER_SQL

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (a constant default, so SQLite adds it without rebuilding the table).
    op.add_column(
        "tape_reactions",
        sa.Column("next_start_at_ms", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column(
        "tape_tasks",
        sa.Column("claimed_at_ms", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
    )
    op.create_index(
        "ix_tape_tasks_subject", "tape_tasks", ["reaction_id", "subject", "status"], unique=False
    )
    op.create_index(
        "ix_tape_tasks_due", "tape_tasks", ["status", "next_attempt_at_ms"], unique=False
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(NOTIFY_FUNCTION_SQL)
        op.execute(NOTIFY_TRIGGER_SQL)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tape_journal_notify_v1 ON tape_journal")
        op.execute("DROP FUNCTION IF EXISTS tape_journal_notify_v1()")
    op.drop_index("ix_tape_tasks_due", table_name="tape_tasks")
    op.drop_index("ix_tape_tasks_subject", table_name="tape_tasks")
    with op.batch_alter_table("tape_tasks") as batch:
        batch.drop_column("claimed_at_ms")
    with op.batch_alter_table("tape_reactions") as batch:
        batch.drop_column("next_start_at_ms")
