"""``tape_runs``: the run registry, one row per agent invocation.

A run is leased to one worker at a time. ``lease_epoch`` is the fencing token: every takeover
bumps it, and journal writes that carry an older epoch are refused.
"""

from __future__ import annotations

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tape.models.base import Base, count_col, enum_col, ms_col, str_col, text_col


class Run(Base):
    """One agent invocation."""

    __tablename__ = "tape_runs"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    app_name: Mapped[str] = str_col()
    user_id: Mapped[str] = str_col()
    session_id: Mapped[str] = str_col()
    invocation_id: Mapped[str] = str_col()
    status: Mapped[int] = enum_col()
    seq_cursor: Mapped[int] = ms_col()  # last per-run journal seq handed out
    lease_owner: Mapped[str] = str_col()
    lease_expires_at_ms: Mapped[int] = ms_col()
    lease_epoch: Mapped[int] = ms_col()
    waiting_on_gate: Mapped[str] = str_col()
    input_json: Mapped[str] = text_col()  # what the agent was started with, for re-drive
    detail_json: Mapped[str] = text_col()
    started_at_ms: Mapped[int] = ms_col()
    ended_at_ms: Mapped[int] = ms_col()
    tenant_id: Mapped[str] = str_col()
    actor: Mapped[str] = str_col()
    subject: Mapped[str] = str_col()
    agent_id: Mapped[str] = str_col()
    aiplex_instance_id: Mapped[str] = str_col()
    gateway_route: Mapped[str] = str_col()
    scopes_json: Mapped[str] = text_col("[]")
    labels_json: Mapped[str] = text_col("{}")
    compacted_at_ms: Mapped[int] = ms_col()
    redrive_count: Mapped[int] = count_col()

    __table_args__ = (
        UniqueConstraint("app_name", "user_id", "session_id", "invocation_id"),
        Index("ix_tape_runs_status_lease", "status", "lease_expires_at_ms"),
        Index("ix_tape_runs_session", "app_name", "user_id", "session_id"),
        Index("ix_tape_runs_tenant_agent", "tenant_id", "agent_id", "started_at_ms"),
    )
