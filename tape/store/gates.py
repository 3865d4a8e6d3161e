"""Which effect an ``effect:<key>`` gate names, for parking on it and for recovery.

A run parks on ``effect:<idempotency_key>`` to wait for an outbox effect's outcome; the
transition that makes the effect final releases it (:meth:`tape.store.entries.Pending.
release_gate`). The effect is usually the run's own, but may be another run's: one found by
its ``(connector, business_key)``. Keys made by :func:`tape.keys.idempotency_key` embed their
run, custom keys do not, so two runs may each have an effect with one key. The rule, the same
here and in recovery: the gate names the waiting run's own effect with that key when it has
one, otherwise any effect with that key (recovery looks only at the one a tape-made key
names: see :func:`waiting_on_final_effect`).

No lost wakeups (docs/design.md decision 12): the park and the release touch the effect row. The
release changes it (an UPDATE, so a row lock) before it looks for runs WAITING on the gate;
the park locks it (``FOR SHARE``, first in its transaction: the store's lock order puts the
rows a transition touches before the runs) before it decides whether to wait. Whichever comes
second sees the first one committed: the release finds the WAITING run (its lookup is a new
statement under READ COMMITTED), or the park finds the effect final and does not wait. SQLite
serialises writers (``BEGIN IMMEDIATE``), so the lock clause is left out there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, exists, func, not_, or_, select

from tape import state
from tape.enums import EffectStatus, RunStatus
from tape.store import tables
from tape.store.engine import Database

EFFECT_GATE_PREFIX = "effect:"

effects = tables.effects
runs = tables.runs


def awaited_effect_key(gate: str) -> str | None:
    """The idempotency key an ``effect:<key>`` gate waits for; None for any other gate."""
    return gate.removeprefix(EFFECT_GATE_PREFIX) if gate.startswith(EFFECT_GATE_PREFIX) else None


def lock_awaited_effect(conn: Connection, run_id: str, key: str) -> EffectStatus | None:
    """Lock the effect ``run_id`` would wait for on ``effect:<key>``; its status if final.

    Call it first in the parking transaction (before the run's seq is allocated). With no own
    effect, every effect with the key is locked, in run-id order.
    """
    own = (
        select(effects.c.status)
        .where(effects.c.run_id == run_id, effects.c.idempotency_key == key)
        .with_for_update(read=True)
    )
    row = conn.execute(own).first()
    if row is not None:
        statuses = [EffectStatus(row[0])]
    else:
        others = (
            select(effects.c.status)
            .where(effects.c.idempotency_key == key)
            .order_by(effects.c.run_id)
            .with_for_update(read=True)
        )
        statuses = [EffectStatus(s) for (s,) in conn.execute(others)]
    return next((s for s in statuses if s in state.EFFECT_FINAL), None)


def waiting_on_final_effect(db: Database) -> Any:
    """SQL condition on ``tape_runs``: WAITING on an ``effect:`` gate whose effect is final,
    so nothing is left to wake it but recovery (docs/design.md decision 12's safety net).

    Every test is an index probe on the effects' primary key: the run's own effect, else the
    effect of the run a tape-made key names (``<run_id>/...``, see :mod:`tape.keys`). A run
    waiting on another run's custom key is not covered here (there is no index on the key
    alone), only by the lock :func:`lock_awaited_effect` takes.
    """
    key = func.substr(runs.c.waiting_on_gate, len(EFFECT_GATE_PREFIX) + 1)
    final = effects.c.status.in_([s.value for s in state.EFFECT_FINAL])
    own = and_(effects.c.run_id == runs.c.run_id, effects.c.idempotency_key == key)
    named = and_(effects.c.run_id == _key_run(db, key), effects.c.idempotency_key == key)
    return and_(
        runs.c.status == RunStatus.WAITING,
        runs.c.waiting_on_gate.startswith(EFFECT_GATE_PREFIX, autoescape=True),
        or_(
            exists().where(own, final),
            and_(not_(exists().where(own)), exists().where(named, final)),
        ),
    )


def _key_run(db: Database, key: Any) -> Any:
    """The run id a tape-made idempotency key starts with (the text before its first '/')."""
    if db.is_postgres:
        return func.split_part(key, "/", 1)
    return func.substr(key, 1, func.instr(key, "/") - 1)
