"""``tape_signals``: one signal slot per (run, gate). A run awaiting a gate is WAITING."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tape.models.base import Base, flag_col, ms_col, text_col


class Signal(Base):
    """The slot of one gate of one run."""

    __tablename__ = "tape_signals"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    gate_name: Mapped[str] = mapped_column(String(255), primary_key=True)
    context_json: Mapped[str] = text_col()
    resolution_json: Mapped[str] = text_col()
    delivered: Mapped[int] = flag_col()
    awaited: Mapped[int] = flag_col()
    consumed: Mapped[int] = flag_col()
    created_at_ms: Mapped[int] = ms_col()
    delivered_at_ms: Mapped[int] = ms_col()
