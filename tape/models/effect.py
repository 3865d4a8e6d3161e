"""``tape_effects``: tool calls that touch the outside world, with their outbox columns.

An effect is keyed by ``(run_id, idempotency_key)``; ``request_digest`` (:mod:`tape.digests`)
says what was asked under that key, and a begin that asks something else is refused.
``(connector, business_key)`` is unique across runs when both are set: a second begin with the
same pair (and the same request) returns the first effect.

Outbox dispatch: a claim sets ``dispatch_claimed_by`` / ``dispatch_claim_expires_at_ms`` and
increments ``dispatch_attempts`` (an attempt is in flight). Recording the attempt's outcome
clears the claim. A claim that expires while still set means the worker died mid-call: a
NON_IDEMPOTENT effect then goes to UNKNOWN, never back to dispatch.

Reconciliation: ``stuck_at_ms > 0`` marks an UNKNOWN effect no observation could settle;
``next_reconcile_at_ms`` spaces out re-observations.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String, text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from tape.enums import DispatchMode, EffectSemantics, EffectStatus
from tape.models.base import Base, count_col, enum_col, ms_col, str_col, text_col

_LIVE = f"status IN ({EffectStatus.PENDING.value}, {EffectStatus.UNKNOWN.value})"
_OUTBOX_PENDING = (
    f"status = {EffectStatus.PENDING.value} AND dispatch_mode = {DispatchMode.OUTBOX.value}"
)
# Claiming takes a row out of the first and into the second (migration 0004): a claim never
# scans past the claims still in flight.
_DISPATCHABLE = f"{_OUTBOX_PENDING} AND dispatch_claimed_by = ''"
_CLAIMED = f"{_OUTBOX_PENDING} AND dispatch_claimed_by <> ''"
_DEDUPE = "business_key <> '' AND connector <> ''"


class Effect(Base):
    """One effect."""

    __tablename__ = "tape_effects"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(512), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default=sql_text("0"))
    decision_index: Mapped[int] = mapped_column(
        Integer, nullable=False, server_default=sql_text("-1")
    )
    tool_name: Mapped[str] = str_col()
    call_index: Mapped[int] = count_col()
    status: Mapped[int] = enum_col(EffectStatus.PENDING)
    request_json: Mapped[str] = text_col()
    response_json: Mapped[str] = text_col()
    error_json: Mapped[str] = text_col()
    semantics: Mapped[int] = enum_col(EffectSemantics.IDEMPOTENT)
    dispatch_mode: Mapped[int] = enum_col(DispatchMode.INLINE)
    business_key: Mapped[str] = str_col(512)
    connector: Mapped[str] = str_col()
    scope: Mapped[str] = str_col()
    compensate_kind: Mapped[str] = str_col()
    max_attempts: Mapped[int] = count_col()  # 0 = the dispatcher's default
    dispatch_timeout_ms: Mapped[int] = ms_col()
    dispatch_attempts: Mapped[int] = count_col()
    next_dispatch_at_ms: Mapped[int] = ms_col()
    last_dispatch_at_ms: Mapped[int] = ms_col()
    external_ref: Mapped[str] = str_col(512)
    dispatch_claimed_by: Mapped[str] = str_col()
    dispatch_claim_expires_at_ms: Mapped[int] = ms_col()
    last_dispatch_error: Mapped[str] = text_col()
    reconcile_attempts: Mapped[int] = count_col()
    next_reconcile_at_ms: Mapped[int] = ms_col()
    stuck_at_ms: Mapped[int] = ms_col()
    created_at_ms: Mapped[int] = ms_col()
    ts_ms: Mapped[int] = ms_col()  # last transition
    # What was asked (tape.digests); last, as migration 0027 adds it.
    request_digest: Mapped[str] = str_col(64)

    __table_args__ = (
        Index(
            "uq_tape_effects_connector_business_key",
            "connector",
            "business_key",
            unique=True,
            postgresql_where=text(_DEDUPE),
            sqlite_where=text(_DEDUPE),
        ),
        Index(
            "ix_tape_effects_dispatchable",
            "next_dispatch_at_ms",
            postgresql_where=text(_DISPATCHABLE),
            sqlite_where=text(_DISPATCHABLE),
        ),
        Index(
            "ix_tape_effects_claimed",
            "dispatch_claim_expires_at_ms",
            postgresql_where=text(_CLAIMED),
            sqlite_where=text(_CLAIMED),
        ),
        Index(
            "ix_tape_effects_live",
            "status",
            "ts_ms",
            postgresql_where=text(_LIVE),
            sqlite_where=text(_LIVE),
        ),
    )
