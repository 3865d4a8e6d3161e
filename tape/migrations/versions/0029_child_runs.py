"""child runs: ``tape_run_links``, a run's link to its parent (a child run, or a fork).

A new table, so upgrade == create_all on both backends.

Revision ID: 0029
Revises: 0028
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | Sequence[str] | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tape_run_links",
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("parent_run_id", sa.String(length=64), server_default="", nullable=False),
        sa.Column("kind", sa.String(length=16), server_default="", nullable=False),
        sa.Column("detail_json", sa.Text(), server_default="{}", nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_tape_run_links")),
    )
    op.create_index(
        "ix_tape_run_links_parent", "tape_run_links", ["parent_run_id", "created_at_ms"]
    )


def downgrade() -> None:
    op.drop_index("ix_tape_run_links_parent", table_name="tape_run_links")
    op.drop_table("tape_run_links")
