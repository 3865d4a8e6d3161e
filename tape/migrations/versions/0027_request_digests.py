"""request digests: ``request_digest`` on ``tape_effects`` and ``tape_decisions``.

What was asked under a key (``tape.digests``); rows written before have ``''``, which matches
any request. Plain ADD COLUMN, the new columns last, so upgrade == create_all on both backends.

Revision ID: 0027
Revises: 0007 (0007 and this were written side by side; chained after it on merge)
Create Date: 2026-12-10 02:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0027"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("tape_effects", "tape_decisions")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(
            table,
            sa.Column("request_digest", sa.String(length=64), server_default="", nullable=False),
        )


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("request_digest")
