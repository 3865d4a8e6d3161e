"""SQL for compaction: zeroing the payloads of runs that are over and settled.

A run is compactable when it ended (TERMINAL, FAILED or CANCELLED, ``ended_at_ms > 0``), is
not compacted yet, and is settled: no effect is PENDING or UNKNOWN (nothing may still be sent
or asked about) and no obligation is anything but COMPENSATED (an inverse still owed, held or
STUCK, may need what the effect returned). A STUCK run is not over: it goes on when released,
and its replay needs its decisions, so it is never compacted.

Compacting zeroes decisions' ``request_json``/``response_json``/``rationale`` and effects'
``request_json``/``response_json``/``error_json``; keys, statuses, external refs, models and
the journal stay. One transaction: the payload rows first, then the run's conditional UPDATE
(``compacted_at_ms``, guarded by every condition above) and its ``run`` journal row with the
bytes saved, in the store's lock order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import LargeBinary, and_, cast, exists, func, not_, or_, select, update

from tape import errors, state, subjects
from tape.enums import EffectStatus, ObligationStatus
from tape.records import RunState, from_row
from tape.store import entries, tables
from tape.store.engine import Database

runs = tables.runs
effects = tables.effects
decisions = tables.decisions
obligations = tables.obligations

_DECISION_PAYLOADS = ("request_json", "response_json", "rationale")
_EFFECT_PAYLOADS = ("request_json", "response_json", "error_json")


@dataclass(frozen=True, slots=True)
class Compaction:
    """What compacting one run did (``already_compacted``: nothing, it was before)."""

    run_id: str
    decisions_zeroed: int = 0
    effects_zeroed: int = 0
    bytes_saved: int = 0
    already_compacted: bool = False
    compacted_at_ms: int = 0


def _settled(run_id: Any) -> Any:
    unsettled_effect = exists().where(
        effects.c.run_id == run_id,
        effects.c.status.in_([EffectStatus.PENDING, EffectStatus.UNKNOWN]),
    )
    open_obligation = exists().where(
        obligations.c.run_id == run_id,
        obligations.c.status != ObligationStatus.COMPENSATED,
    )
    return and_(not_(unsettled_effect), not_(open_obligation))


def _compactable(before_ms: int | None) -> Any:
    cond = and_(
        runs.c.status.in_([s.value for s in state.RUN_FINAL]),
        runs.c.compacted_at_ms == 0,
        runs.c.ended_at_ms > 0,
        _settled(runs.c.run_id),
    )
    return cond if before_ms is None else and_(cond, runs.c.ended_at_ms < before_ms)


def list_compactable_runs(db: Database, *, before_ms: int, limit: int) -> list[RunState]:
    """Settled runs that ended before ``before_ms``, oldest first."""
    stmt = select(runs).where(_compactable(before_ms)).order_by(runs.c.ended_at_ms).limit(limit)
    with db.read() as conn:
        return [from_row(RunState, r) for r in conn.execute(stmt).mappings()]


def payload_bytes(db: Database, run_id: str) -> int:
    """The bytes compacting ``run_id`` would zero (its decisions' and effects' payloads)."""
    with db.read() as conn:
        return _payload_bytes(db, conn, run_id)


def _payload_bytes(db: Database, conn: Any, run_id: str) -> int:
    def size(column: Any) -> Any:
        if db.is_postgres:
            return func.octet_length(column)
        return func.length(cast(column, LargeBinary))  # SQLite: bytes, not characters

    total = 0
    for table, names in ((decisions, _DECISION_PAYLOADS), (effects, _EFFECT_PAYLOADS)):
        summed = sum((size(table.c[n]) for n in names[1:]), size(table.c[names[0]]))
        total += int(
            conn.execute(
                select(func.coalesce(func.sum(summed), 0)).where(table.c.run_id == run_id)
            ).scalar_one()
        )
    return total


def compact_run(db: Database, run_id: str) -> Compaction:
    """Zero a settled finished run's payloads and journal what it saved; a run compacted
    before is reported (``already_compacted``), nothing written.

    Raises:
        RunNotFound: no such run.
        IllegalTransition: the run is not over (or STUCK), or not settled.
    """
    try:
        return _compact(db, run_id)
    except _AlreadyCompacted as exc:
        return Compaction(run_id, already_compacted=True, compacted_at_ms=int(exc.current or 0))


def _compact(db: Database, run_id: str) -> Compaction:
    now = db.now_ms()
    with db.write() as conn:
        saved = _payload_bytes(db, conn, run_id)
        counts = []
        for table, names in ((decisions, _DECISION_PAYLOADS), (effects, _EFFECT_PAYLOADS)):
            nonempty = [table.c[n] != "" for n in names]
            counts.append(
                conn.execute(
                    update(table)
                    .where(table.c.run_id == run_id, or_(*nonempty))
                    .values({n: "" for n in names})
                ).rowcount
            )
        stamped = conn.execute(
            update(runs)
            .where(runs.c.run_id == run_id, _compactable(None))
            .values(compacted_at_ms=now)
            .returning(runs.c.run_id)
        ).first()
        if stamped is None:
            raise _refusal(db, conn, run_id)  # rolls the zeroing back
        done = Compaction(run_id, counts[0], counts[1], saved, False, now)
        entries.record(
            db,
            conn,
            run_id,
            "run",
            subjects.build("run", "compacted", run_id),
            {
                "run_id": run_id,
                "transition": "compacted",
                "compacted_at_ms": now,
                "decisions_zeroed": done.decisions_zeroed,
                "effects_zeroed": done.effects_zeroed,
                "bytes_saved": saved,
            },
        )
        return done


class _AlreadyCompacted(errors.IllegalTransition):
    pass


def _refusal(db: Database, conn: Any, run_id: str) -> errors.TapeError:
    row = conn.execute(select(runs).where(runs.c.run_id == run_id)).mappings().first()
    if row is None:
        return errors.RunNotFound(f"no such run: {run_id!r}")
    run = from_row(RunState, row)
    if run.compacted_at_ms:
        return _AlreadyCompacted(f"run {run_id!r} is compacted already", run.compacted_at_ms)
    if run.status not in state.RUN_FINAL or run.ended_at_ms <= 0:
        return errors.IllegalTransition(
            f"run {run_id!r} is {run.status.name}, not terminal: only a run that ended "
            "TERMINAL, FAILED or CANCELLED can be compacted",
            run,
        )
    return errors.IllegalTransition(
        f"run {run_id!r} is not settled: an effect is PENDING or UNKNOWN, or an obligation is "
        "not COMPENSATED (owed, held or STUCK); compacting would drop what it still needs",
        run,
    )
