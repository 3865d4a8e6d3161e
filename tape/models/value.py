"""``tape_values``: a versioned key-value store. Deletes are tombstones (``deleted = 1``)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tape.models.base import Base, flag_col, ms_col, str_col, text_col


class Value(Base):
    """One key of one namespace; ``version`` goes 1, 2, 3, ... across writes and deletes."""

    __tablename__ = "tape_values"

    namespace: Mapped[str] = mapped_column(String(255), primary_key=True)
    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    value_json: Mapped[str] = text_col()
    version: Mapped[int] = ms_col()
    ts_ms: Mapped[int] = ms_col()
    writer: Mapped[str] = str_col()
    deleted: Mapped[int] = flag_col()
