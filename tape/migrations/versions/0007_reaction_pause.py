"""reaction pause: ``tape_reactions.paused_at_ms`` and ``paused_reason``.

The matcher pauses a reaction whose CEL predicate overruns its evaluation budget
(``tape.reactions.budget``) instead of letting it stall the event bus; the two columns say
when (0: not paused) and why, until an operator resumes it.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN with constant defaults: SQLite adds them without rebuilding the table.
    op.add_column(
        "tape_reactions",
        sa.Column("paused_at_ms", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column(
        "tape_reactions",
        sa.Column("paused_reason", sa.Text(), server_default="", nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("tape_reactions") as batch:
        batch.drop_column("paused_reason")
        batch.drop_column("paused_at_ms")
