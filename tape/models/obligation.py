"""``tape_obligations``: compensations owed for confirmed effects, drained newest first.

``seq`` is the run's journal seq at registration. One obligation per (run, effect, kind).

``held`` (1): owed only if the run is undone. An effect confirmed in the normal course owes its
inverse *held*: the compensation pass leaves it alone unless its run is COMPENSATING (the
``compensate_run`` saga, or one that crashed part-way). Claiming it clears the flag, so once
work on it has begun it stays due whatever the run becomes. ``held`` 0: due now (the extra of a
``duplicate`` observation, an operator's ``--compensate``).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from tape.enums import ObligationStatus
from tape.models.base import Base, count_col, enum_col, flag_col, ms_col, str_col, text_col

# Held obligations (owed only if their run is undone) are not live: those of runs that
# finished in the normal course stay PENDING for ever and must not grow the index the
# compensation pass scans (migration 0028; the held ones owed now are found by run).
_LIVE = (
    f"status IN ({ObligationStatus.PENDING.value}, {ObligationStatus.COMMITTED.value}) AND held = 0"
)


class Obligation(Base):
    """One compensation obligation."""

    __tablename__ = "tape_obligations"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    effect_key: Mapped[str] = str_col(512)
    kind: Mapped[str] = str_col()
    payload_json: Mapped[str] = text_col()
    status: Mapped[int] = enum_col(ObligationStatus.PENDING)
    compensator_ref: Mapped[str] = str_col()
    attempts: Mapped[int] = count_col()
    max_attempts: Mapped[int] = count_col(5)
    next_attempt_at_ms: Mapped[int] = ms_col()
    last_error: Mapped[str] = text_col()
    claimed_by: Mapped[str] = str_col()
    claim_expires_at_ms: Mapped[int] = ms_col()
    result_json: Mapped[str] = text_col()
    created_at_ms: Mapped[int] = ms_col()
    ts_ms: Mapped[int] = ms_col()
    held: Mapped[int] = flag_col()

    __table_args__ = (
        UniqueConstraint("run_id", "effect_key", "kind"),
        Index(
            "ix_tape_obligations_live",
            "next_attempt_at_ms",
            postgresql_where=text(_LIVE),
            sqlite_where=text(_LIVE),
        ),
    )
