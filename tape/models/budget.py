"""``tape_budget``: per-run spending caps and what was spent. A cap <= 0 means no cap."""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, String
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from tape.models.base import Base


class Budget(Base):
    """Caps and spend of one run."""

    __tablename__ = "tape_budget"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    usd_cap: Mapped[float] = mapped_column(Float, nullable=False, server_default=sql_text("0"))
    token_cap: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default=sql_text("0"))
    usd_spent: Mapped[float] = mapped_column(Float, nullable=False, server_default=sql_text("0"))
    tokens_spent: Mapped[int] = mapped_column(
        BigInteger, nullable=False, server_default=sql_text("0")
    )
