"""adk scoped state: ``tape_scoped_state``, the ``app:`` / ``user:`` state of ADK sessions.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02 02:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tape_scoped_state",
        sa.Column("app_name", sa.String(length=255), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_key", sa.String(length=255), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value_json", sa.Text(), server_default="null", nullable=False),
        sa.PrimaryKeyConstraint(
            "app_name", "scope", "scope_key", "key", name=op.f("pk_tape_scoped_state")
        ),
    )


def downgrade() -> None:
    op.drop_table("tape_scoped_state")
