"""``tape_decisions``: model calls, recorded once per (run, decision index) and replayed."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from tape.models.base import Base, ms_col, str_col, text_col


class Decision(Base):
    """One recorded model call. The first write wins."""

    __tablename__ = "tape_decisions"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    decision_index: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default=sql_text("0"))
    model: Mapped[str] = str_col()
    request_json: Mapped[str] = text_col()
    response_json: Mapped[str] = text_col()
    rationale: Mapped[str] = text_col()
    policy_version: Mapped[str] = str_col()
    ts_ms: Mapped[int] = ms_col()
    # What the model was asked (tape.digests); last, as migration 0027 adds it.
    request_digest: Mapped[str] = str_col(64)
