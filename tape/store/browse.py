"""Read-only queries for operators: the dashboard's run search and the metrics' counts.

Nothing here writes. The counts are single ``GROUP BY`` statements over the live-state
indexes where they exist, so a scrape every few seconds stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TypeVar

from sqlalchemy import Table, func, or_, select

from tape.enums import DispatchMode, EffectStatus, ObligationStatus, RunStatus
from tape.records import RunState, from_row
from tape.store import tables
from tape.store.engine import Database

runs = tables.runs
effects = tables.effects
obligations = tables.obligations
timers = tables.timers

#: Obligations nobody has settled yet (COMPENSATED is the only way out).
UNRESOLVED_OBLIGATIONS = (
    ObligationStatus.PENDING,
    ObligationStatus.COMMITTED,
    ObligationStatus.STUCK,
)


def search_runs(
    db: Database,
    *,
    statuses: Sequence[RunStatus] = (),
    app_name: str = "",
    started_after_ms: int = 0,
    query: str = "",
    limit: int = 100,
) -> list[RunState]:
    """Runs, newest first, filtered by status, app and start time; ``query`` matches a run id
    (or its prefix), or the business key or idempotency key of one of the run's effects."""
    stmt = select(runs).order_by(runs.c.started_at_ms.desc()).limit(limit)
    if statuses:
        stmt = stmt.where(runs.c.status.in_([int(s) for s in statuses]))
    if app_name:
        stmt = stmt.where(runs.c.app_name == app_name)
    if started_after_ms:
        stmt = stmt.where(runs.c.started_at_ms >= started_after_ms)
    if query:
        by_effect = select(effects.c.run_id).where(
            or_(effects.c.business_key == query, effects.c.idempotency_key == query)
        )
        prefix = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(runs.c.run_id.like(prefix, escape="\\"), runs.c.run_id.in_(by_effect))
        )
    with db.read() as conn:
        return [from_row(RunState, r) for r in conn.execute(stmt).mappings()]


def run_ids_by_prefix(db: Database, prefix: str, *, limit: int) -> list[str]:
    """Up to ``limit`` run ids that start with ``prefix`` (case-sensitive), in id order; an
    id equal to ``prefix`` alone when there is one (found by the primary key)."""
    with db.read() as conn:
        exact = conn.execute(select(runs.c.run_id).where(runs.c.run_id == prefix)).scalar()
        if exact is not None:
            return [str(exact)]
        # substr, not LIKE: exact case on SQLite too, and no wildcard to escape.
        stmt = (
            select(runs.c.run_id)
            .where(func.substr(runs.c.run_id, 1, len(prefix)) == prefix)
            .order_by(runs.c.run_id)
            .limit(limit)
        )
        return [str(run_id) for run_id in conn.execute(stmt).scalars()]


def business_keys(db: Database, run_ids: Sequence[str], *, per_run: int) -> dict[str, list[str]]:
    """The distinct non-empty business keys of each run's effects, in effect order, up to
    ``per_run`` per run; runs without one are left out. One statement for the lot."""
    if not run_ids:
        return {}
    stmt = (
        select(effects.c.run_id, effects.c.business_key)
        .where(effects.c.run_id.in_(list(run_ids)), effects.c.business_key != "")
        .order_by(effects.c.run_id, effects.c.seq)
    )
    found: dict[str, list[str]] = {}
    with db.read() as conn:
        for run_id, key in conn.execute(stmt):
            keys = found.setdefault(str(run_id), [])
            if key not in keys and len(keys) < per_run:
                keys.append(str(key))
    return found


def app_names(db: Database, *, limit: int = 200) -> list[str]:
    """The distinct app names runs were started under."""
    stmt = select(runs.c.app_name).distinct().order_by(runs.c.app_name).limit(limit)
    with db.read() as conn:
        return [str(name) for name in conn.execute(stmt).scalars()]


def runs_by_status(db: Database) -> dict[RunStatus, int]:
    """How many runs are in each status (every status present, 0 when none)."""
    return _grouped(db, runs, RunStatus)


def effects_by_status(db: Database) -> dict[EffectStatus, int]:
    """How many effects are in each status (every status present, 0 when none)."""
    return _grouped(db, effects, EffectStatus)


def obligations_by_status(db: Database) -> dict[ObligationStatus, int]:
    """How many obligations are in each status (every status present, 0 when none)."""
    return _grouped(db, obligations, ObligationStatus)


def stuck_effects(db: Database) -> int:
    """UNKNOWN effects that an observation could not settle (marked stuck)."""
    stmt = select(func.count()).where(
        effects.c.status == EffectStatus.UNKNOWN, effects.c.stuck_at_ms > 0
    )
    with db.read() as conn:
        return int(conn.execute(stmt).scalar() or 0)


def oldest_due(db: Database, *, now_ms: int) -> dict[str, int]:
    """Per reactor, the due time (epoch ms) of the oldest item it has not picked up yet, or 0:
    outbox (dispatch-ready effects), timers (unfired), compensation (pending obligations)."""
    outbox = select(func.min(effects.c.next_dispatch_at_ms)).where(
        effects.c.status == EffectStatus.PENDING,
        effects.c.dispatch_mode == DispatchMode.OUTBOX,
        effects.c.dispatch_claimed_by == "",
        effects.c.next_dispatch_at_ms <= now_ms,
    )
    timer = select(func.min(timers.c.fire_at_ms)).where(
        timers.c.fired == 0, timers.c.fire_at_ms <= now_ms
    )
    compensation = select(func.min(obligations.c.next_attempt_at_ms)).where(
        obligations.c.status == ObligationStatus.PENDING,
        obligations.c.held == 0,
        obligations.c.next_attempt_at_ms <= now_ms,
    )
    with db.read() as conn:
        found = {
            "outbox": conn.execute(outbox).scalar(),
            "timers": conn.execute(timer).scalar(),
            "compensation": conn.execute(compensation).scalar(),
        }
    # A due time of 0 means "due since it was made": report it as due now, not 1970.
    return {name: (int(ms) or now_ms) if ms is not None else 0 for name, ms in found.items()}


E = TypeVar("E", bound=IntEnum)


def _grouped(db: Database, table: Table, enum: type[E]) -> dict[E, int]:
    stmt = select(table.c.status, func.count()).group_by(table.c.status)
    counts = {member: 0 for member in enum if member.value}
    with db.read() as conn:
        for status, count in conn.execute(stmt):
            counts[enum(status)] = int(count)
    return counts
