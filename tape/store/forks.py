"""SQL for forking a run from a decision, with its effects accounted for (docs/composing.md).

``fork(run, from_decision=N, policy)`` makes a new run of the same agent, input and labels that
keeps the run's decisions before N and asks again from N. In one transaction:

1. the new run is created RUNNABLE (recovery drives it) with a copy of every decision and
   every effect of the old run (an effect under its key rewritten for the new run, without
   its business key, which stays the old effect's own);
2. divergence's "drop the recorded decisions from here" step (:func:`tape.store.divergence.
   _redecide`) runs on the new run from N with the policy as its effects choice: the
   decisions from N are dropped, and the effects from N are
   - ``reuse``: CONFIRMED ones stay under their keys: the new run asking the same call there
     again gets the recorded outcome (an outbox call with the same business key anywhere gets
     the old run's effect), so it does not happen again;
   - ``compensate``: moved aside in the new run, and their inverses fall due on the old run
     now (the compensation pass runs each once);
   - ``keep``: moved aside in the new run: they stay done, on the old run's record, outside
     the new run;
   and the fork is refused while one of them is PENDING or UNKNOWN (in flight, or not known);
3. both runs' journals record the fork (kind ``run``, subjects ``/tape/run/fork/<old>`` and
   ``/tape/run/fork-of/<new>``), the new run is linked to the old one as a fork.

The old run is not changed otherwise: it must be over (TERMINAL, FAILED, CANCELLED) or STUCK,
never still going. What the kept effects owe if undone stays owed by the old run.

Lock order: the effect and obligation rows first (the copies are new rows; the old run's
obligations), then the old run's row (its seq), then the journal.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import insert, select, update

from tape import errors, state, subjects
from tape.enums import EffectStatus, ObligationStatus, RunStatus
from tape.records import RunState
from tape.store import divergence, entries, run_links, runs, tables
from tape.store.engine import Database
from tape.store.sql import one

run_table = tables.runs
decisions = tables.decisions
effects = tables.effects
obligations = tables.obligations

POLICIES = divergence.EFFECT_CHOICES
#: Runs a fork refuses: they are still going (cancel them first).
LIVE = frozenset({RunStatus.RUNNABLE, RunStatus.RUNNING, RunStatus.WAITING, RunStatus.COMPENSATING})
_IDENTITY = (
    "app_name",
    "user_id",
    "session_id",
    "tenant_id",
    "actor",
    "subject",
    "agent_id",
    "aiplex_instance_id",
    "gateway_route",
    "scopes_json",
    "labels_json",
    "input_json",
)


def fork(
    db: Database, run_id: str, *, from_decision: int, policy: str, operator: str, note: str
) -> RunState:
    """Fork ``run_id`` at decision ``from_decision`` (see the module doc); the new run.

    Raises:
        RunNotFound: no such run.
        IllegalTransition: the run is still going; an effect to drop is PENDING or UNKNOWN;
            an effect to keep is not final.
        InvalidArgument: ``from_decision`` past the run's decisions.
    """
    with db.write() as conn:
        old = one(conn, run_table, run_id=run_id)
        if old is None:
            raise errors.RunNotFound(f"no such run: {run_id!r}")
        _check_forkable(old)
        count = len(
            conn.execute(select(decisions.c.decision_index).where(decisions.c.run_id == run_id))
            .scalars()
            .all()
        )
        if from_decision > count:
            raise errors.InvalidArgument(
                f"run {run_id!r} has {count} decisions: fork from one of 0..{count}"
            )
        new_id = str(uuid.uuid4())
        now = db.now_ms()
        conn.execute(
            insert(run_table).values(
                **{k: old[k] for k in _IDENTITY},
                run_id=new_id,
                invocation_id=f"fork/{uuid.uuid4().hex}",
                status=RunStatus.RUNNABLE,
                seq_cursor=2,  # 1: created, 2: fork-of (the copies point at it)
                started_at_ms=now,
            )
        )
        copied = _copy(conn, run_id, new_id, from_decision, seq=2)
        # Divergence's drop step, on the new run: decisions from N dropped, their effects as
        # the policy says (refused while one of them is PENDING or UNKNOWN).
        try:
            dropped = divergence._redecide(
                conn, new_id, {"decision_index": from_decision}, 3, policy
            )
        except errors.IllegalTransition as exc:
            message = str(exc).replace("redecide refused", "fork refused")
            raise errors.IllegalTransition(message.replace(new_id, run_id)) from None
        moved = [e["idempotency_key"] for e in dropped["superseded_effects"]]
        due = _compensate_on_old(conn, run_id, new_id, moved) if policy == "compensate" else []
        conn.execute(
            insert(tables.run_links).values(
                run_id=new_id,
                parent_run_id=run_id,
                kind=run_links.FORK,
                detail_json=json.dumps({"from_decision": from_decision, "policy": policy}),
                created_at_ms=now,
            )
        )
        # The old run's row last (its seq), then the journal: the store's lock order.
        old_seq = entries.allocate_seq(conn, run_id)
        current = RunStatus(
            conn.execute(
                select(run_table.c.status).where(run_table.c.run_id == run_id)
            ).scalar_one()
        )
        if current in LIVE:
            raise errors.IllegalTransition(
                f"run {run_id!r} became {current.name} while it was forked: try again once over"
            )
        summary = {
            "from_decision": from_decision,
            "policy": policy,
            "operator": operator,
            "note": note,
        }
        new_row = dict(one(conn, run_table, run_id=new_id) or {})
        entries.append(
            db,
            conn,
            [
                entries.Entry(
                    "run",
                    subjects.build("run", "fork", run_id),
                    {
                        "transition": "fork",
                        "fork_run_id": new_id,
                        **summary,
                        "compensated_effects": due,
                        "kept_outside": [] if policy == "reuse" else moved,
                    },
                    run_id,
                )
            ],
            first_seq=old_seq,
        )
        entries.append(
            db,
            conn,
            [
                entries.Entry(
                    "run",
                    runs.run_subject(new_row, "runnable"),
                    {"status": "runnable", "transition": "created"},
                    new_id,
                ),
                entries.Entry(
                    "run",
                    subjects.build("run", "fork-of", new_id),
                    {
                        "transition": "fork-of",
                        "parent_run_id": run_id,
                        **summary,
                        "copied": copied,
                        **{k: v for k, v in dropped.items() if k != "effects"},
                    },
                    new_id,
                ),
            ],
            first_seq=1,
        )
        made = one(conn, run_table, run_id=new_id)
        assert made is not None, "inserted above"
        return runs._state(made)


def _check_forkable(old: Any) -> None:
    status = RunStatus(old["status"])
    if status in LIVE:
        raise errors.IllegalTransition(
            f"run {old['run_id']!r} is {status.name}: a run still going cannot be forked; "
            "cancel it first (tape cancel), or wait until it is over",
            runs._state(old),
        )


def _copy(conn: Any, old_id: str, new_id: str, from_decision: int, *, seq: int) -> dict[str, Any]:
    """Copy the old run's decisions and effects into the new run; returns what was copied."""
    rows = conn.execute(select(decisions).where(decisions.c.run_id == old_id)).mappings().all()
    for row in rows:
        conn.execute(insert(decisions).values({**row, "run_id": new_id, "seq": seq}))
    found = conn.execute(select(effects).where(effects.c.run_id == old_id)).mappings().all()
    open_kept = [
        r["idempotency_key"]
        for r in found
        if r["decision_index"] < from_decision and r["status"] not in state.EFFECT_FINAL
    ]
    if open_kept:
        raise errors.IllegalTransition(
            f"fork refused: effects {open_kept} before decision {from_decision} are not final "
            "(in flight or not known); settle them first (the reconciler, or tape resolve)"
        )
    keys = []
    for row in found:
        key = rekey(row["idempotency_key"], old_id, new_id)
        conn.execute(
            insert(effects).values(
                {
                    **row,
                    "run_id": new_id,
                    "idempotency_key": key,
                    "business_key": "",  # unique per connector: it stays the old effect's
                    "seq": seq,
                    "dispatch_claimed_by": "",
                    "dispatch_claim_expires_at_ms": 0,
                }
            )
        )
        keys.append(key)
    return {"decisions": len(rows), "effects": keys}


def rekey(key: str, old_id: str, new_id: str) -> str:
    """An effect key of the old run as the new run makes it (tape-made keys start with the
    run id; a custom key is the same in every run)."""
    prefix = old_id + "/"
    return new_id + "/" + key[len(prefix) :] if key.startswith(prefix) else key


def _compensate_on_old(conn: Any, old_id: str, new_id: str, moved: list[str]) -> list[str]:
    """Make the old run's held inverses of the dropped CONFIRMED effects due now."""
    wanted = {_old_key(k, old_id, new_id) for k in moved}
    confirmed = set(
        conn.execute(
            select(effects.c.idempotency_key).where(
                effects.c.run_id == old_id,
                effects.c.idempotency_key.in_(sorted(wanted)),
                effects.c.status == EffectStatus.CONFIRMED,
            )
        ).scalars()
    )
    if confirmed:
        conn.execute(
            update(obligations)
            .where(
                obligations.c.run_id == old_id,
                obligations.c.effect_key.in_(sorted(confirmed)),
                obligations.c.status == ObligationStatus.PENDING,
            )
            .values(held=0)
        )
    return sorted(confirmed)


def _old_key(new_key: str, old_id: str, new_id: str) -> str:
    return rekey(new_key, new_id, old_id)
