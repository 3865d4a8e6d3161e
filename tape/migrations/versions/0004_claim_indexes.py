"""claim indexes: unclaimed due effects and in-flight claims in separate partial indexes.

``ix_tape_effects_dispatchable`` held every PENDING outbox effect, claimed or not: a claim
left its row there (still PENDING), so each claim scanned past every claim still in flight.
It now holds only unclaimed ones (a claim takes its row out); ``ix_tape_effects_claimed`` holds
the claims in flight by expiry, for claim expiry and the re-claim of an expired IDEMPOTENT one.

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = "status = 1 AND dispatch_mode = 2"
_UNCLAIMED = "status = 1 AND dispatch_mode = 2 AND dispatch_claimed_by = ''"
_CLAIMED = "status = 1 AND dispatch_mode = 2 AND dispatch_claimed_by <> ''"


def _index(name: str, column: str, where: str) -> None:
    op.create_index(
        name,
        "tape_effects",
        [column],
        unique=False,
        postgresql_where=sa.text(where),
        sqlite_where=sa.text(where),
    )


def upgrade() -> None:
    op.drop_index("ix_tape_effects_dispatchable", table_name="tape_effects")
    _index("ix_tape_effects_dispatchable", "next_dispatch_at_ms", _UNCLAIMED)
    _index("ix_tape_effects_claimed", "dispatch_claim_expires_at_ms", _CLAIMED)


def downgrade() -> None:
    op.drop_index("ix_tape_effects_claimed", table_name="tape_effects")
    op.drop_index("ix_tape_effects_dispatchable", table_name="tape_effects")
    _index("ix_tape_effects_dispatchable", "next_dispatch_at_ms", _OLD)
