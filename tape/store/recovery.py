"""SQL the recovery, timer and compensation passes need beyond the core transitions.

- :func:`request_redrive`: a ``redrive`` timer asks for a run to be re-driven. It becomes
  RUNNABLE (recovery's set) unless someone holds a live lease on it or it is over.
- :func:`count_redrive`: recovery notes one more re-drive on a run it just claimed.
- :func:`claim_now`: the ``compensate_run`` saga claims an obligation even while it backs
  off, but never one another drainer holds under a live claim.

Lock order as :mod:`tape.store.entries` says: the changed row first, then the run's seq.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, update

from tape.enums import ObligationStatus, RunStatus
from tape.records import ObligationClaim, RunState, from_row
from tape.store import entries, tables
from tape.store import obligations as obligation_store
from tape.store.engine import Database
from tape.store.runs import run_subject
from tape.store.sql import one

runs = tables.runs
obligations = tables.obligations


def request_redrive(db: Database, run_id: str, *, reason: str) -> tuple[bool, RunState | None]:
    """Make a WAITING run, or a RUNNING one whose lease expired, RUNNABLE.

    Returns ``(moved, run)``: ``moved`` is False when the run is already RUNNABLE, is RUNNING
    under a live lease (its holder is driving it), or is over; ``run`` is None when missing.
    """
    now = db.now_ms()
    stmt = (
        update(runs)
        .where(
            runs.c.run_id == run_id,
            or_(
                runs.c.status == RunStatus.WAITING,
                and_(runs.c.status == RunStatus.RUNNING, runs.c.lease_expires_at_ms <= now),
            ),
        )
        .values(
            status=RunStatus.RUNNABLE, lease_owner="", lease_expires_at_ms=0, waiting_on_gate=""
        )
        .returning(*runs.c)
    )
    with db.write() as conn:
        row = conn.execute(stmt).first()
        if row is None:
            current = one(conn, runs, run_id=run_id)
            return False, from_row(RunState, current) if current else None
        moved = dict(row._mapping)
        payload = {"status": "runnable", "transition": "redrive-requested", "reason": reason}
        entries.record(db, conn, run_id, "run", run_subject(moved, "runnable"), payload)
    return True, from_row(RunState, moved)


def count_redrive(db: Database, run_id: str, *, lease_epoch: int) -> None:
    """Add one to ``redrive_count`` if the run is still at ``lease_epoch`` (a plain counter:
    the claim that caused it is already journaled as the lease takeover)."""
    with db.write() as conn:
        conn.execute(
            update(runs)
            .where(runs.c.run_id == run_id, runs.c.lease_epoch == lease_epoch)
            .values(redrive_count=runs.c.redrive_count + 1)
        )


def claim_now(db: Database, run_id: str, seq: int, *, claimer: str, ttl_ms: int) -> ObligationClaim:
    """Claim a PENDING obligation whatever its backoff, or a COMMITTED one whose claim expired."""
    now = db.now_ms()
    claimable: Any = or_(
        obligations.c.status == ObligationStatus.PENDING,
        and_(
            obligations.c.status == ObligationStatus.COMMITTED,
            obligations.c.claim_expires_at_ms <= now,
        ),
    )
    with db.write() as conn:
        moved = obligation_store._move(
            db,
            conn,
            run_id,
            seq,
            where=[claimable],
            values={
                "held": 0,  # the saga undoes the run: its inverses are due from now on
                "status": ObligationStatus.COMMITTED,
                "claimed_by": claimer,
                "claim_expires_at_ms": now + ttl_ms,
            },
            payload={"transition": "claimed", "claimed_by": claimer},
        )
        if moved is not None:
            return ObligationClaim(True, moved)
        current = obligation_store.get(db, run_id, seq, conn)
    assert current is not None, "the saga claims obligations it just listed"
    return ObligationClaim(False, current)
