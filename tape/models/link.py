"""``tape_run_links``: how runs compose. One row per run that has a parent: a *child* run
(started by its parent, which may wait for it) or a *fork* (a new run from another run's
decision N). The child or fork keeps its own journal, lease and recovery; this row is only
the link (docs/composing.md)."""

from __future__ import annotations

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tape.models.base import Base, ms_col, str_col, text_col


class RunLink(Base):
    """One run's link to the run it came from."""

    __tablename__ = "tape_run_links"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    parent_run_id: Mapped[str] = str_col(64)
    kind: Mapped[str] = str_col(16)  # "child" or "fork"
    detail_json: Mapped[str] = text_col("{}")
    created_at_ms: Mapped[int] = ms_col()

    __table_args__ = (Index("ix_tape_run_links_parent", "parent_run_id", "created_at_ms"),)
