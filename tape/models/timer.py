"""``tape_timers``: durable timers. They fire at least once: claimed with a lease, acted on,
then marked fired; a claim whose worker died expires and the timer is claimed again."""

from __future__ import annotations

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from tape.models.base import Base, count_col, flag_col, ms_col, str_col, text_col


class Timer(Base):
    """One timer of one run."""

    __tablename__ = "tape_timers"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    timer_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    fire_at_ms: Mapped[int] = ms_col()
    kind: Mapped[str] = str_col()
    payload_json: Mapped[str] = text_col()
    fired: Mapped[int] = flag_col()
    claimed_by: Mapped[str] = str_col()
    claim_expires_at_ms: Mapped[int] = ms_col()
    attempts: Mapped[int] = count_col()
    created_at_ms: Mapped[int] = ms_col()
    fired_at_ms: Mapped[int] = ms_col()

    __table_args__ = (
        Index(
            "ix_tape_timers_due",
            "fire_at_ms",
            postgresql_where=text("fired = 0"),
            sqlite_where=text("fired = 0"),
        ),
    )
