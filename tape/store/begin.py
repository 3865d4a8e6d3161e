"""SQL for beginning effects: insert a PENDING effect, or return what is there.

``begin_effect`` returns the effect already holding its key: the same (run, key), or the
effect of any run with the same (connector, business_key) — the cross-run dedupe that keeps one
wire per business key; that reuse is journaled in both runs (:mod:`tape.store.reuse`). The
insert and its journal row commit together.
"""

from __future__ import annotations

from typing import Any

from tape import errors
from tape.enums import DispatchMode, EffectStatus
from tape.records import EffectRecord
from tape.store import entries, reuse, tables
from tape.store.effects import effect_subject, record
from tape.store.engine import Database
from tape.store.sql import Exists, insert_ignore, one

effects = tables.effects


def _begun(row: dict[str, Any]) -> dict[str, Any]:
    """The journal payload of a new effect."""
    return {
        "tool": row["tool_name"],
        "decision_index": row["decision_index"],
        "idempotency_key": row["idempotency_key"],
        "status": "pending",
        "semantics": row["semantics"],
        "dispatch_mode": row["dispatch_mode"],
        "business_key": row["business_key"],
        "connector": row["connector"],
    }


def _lookup(db: Database, values: dict[str, Any]) -> dict[str, Any] | None:
    with db.read() as conn:
        row = one(conn, effects, run_id=values["run_id"], idempotency_key=values["idempotency_key"])
        if row is None and values.get("business_key") and values.get("connector"):
            row = one(
                conn, effects, connector=values["connector"], business_key=values["business_key"]
            )
    return row


def _found(
    db: Database, values: dict[str, Any], row: dict[str, Any], lease_epoch: int | None
) -> EffectRecord:
    """The effect that already holds the key; another run's is journaled as reused."""
    found = record(row)
    if found.run_id != values["run_id"]:
        reuse.record_reuse(db, values, found, lease_epoch=lease_epoch)
    return found


def _existing(db: Database, values: dict[str, Any], lease_epoch: int | None) -> EffectRecord:
    row = _lookup(db, values)
    if row is None:
        raise errors.TapeError("begin_effect conflicted but no conflicting effect was found")
    return _found(db, values, row, lease_epoch)


def begin_effect(db: Database, values: dict[str, Any], *, lease_epoch: int | None) -> EffectRecord:
    """Insert a PENDING effect, or return the one that already holds its key.

    A replay finds its effect by a read first, without the write: the write locks the run
    (its seq) before the insert, and an insert that meets an effect row a reconciler or
    dispatcher is changing would wait for that transaction, which waits for the run row.
    """
    found = _lookup(db, values)
    if found is not None:
        return _found(db, values, found, lease_epoch)
    run_id = values["run_id"]
    now = db.now_ms()
    outbox = values["dispatch_mode"] == DispatchMode.OUTBOX
    try:
        with db.write() as conn:
            seq = entries.allocate_seq(conn, run_id, lease_epoch=lease_epoch, live=True)
            row = conn.execute(
                insert_ignore(db, effects)
                .values(
                    **values,
                    seq=seq,
                    status=EffectStatus.PENDING,
                    next_dispatch_at_ms=now if outbox else 0,
                    created_at_ms=now,
                    ts_ms=now,
                )
                .returning(*effects.c)
            ).first()
            if row is None:
                raise Exists
            created = dict(row._mapping)
            payload = _begun(created)
            entries.append(
                db,
                conn,
                [entries.Entry("effect", effect_subject(created, "pending"), payload, run_id)],
                first_seq=seq,
            )
            return record(created)
    except Exists:
        return _existing(db, values, lease_epoch)


def begin_effects(db: Database, values_list: list[dict[str, Any]]) -> list[EffectRecord]:
    """Insert many PENDING effects in one transaction; existing ones are returned as they are.

    Seqs are reserved per run up front (runs locked in sorted order). If any effect already
    exists, the transaction is rolled back and each effect goes through :func:`begin_effect`
    (so reserved-but-unused seqs never leave gaps in a run's journal).
    """
    if not values_list:
        return []
    now = db.now_ms()
    by_run: dict[str, list[dict[str, Any]]] = {}
    for values in values_list:
        by_run.setdefault(values["run_id"], []).append(values)
    try:
        with db.write() as conn:
            rows: list[dict[str, Any]] = []
            numbered: list[tuple[entries.Entry, int]] = []
            for run_id in sorted(by_run):
                first = entries.allocate_seq(conn, run_id, count=len(by_run[run_id]), live=True)
                for i, values in enumerate(by_run[run_id]):
                    outbox = values["dispatch_mode"] == DispatchMode.OUTBOX
                    rows.append(
                        {
                            **values,
                            "seq": first + i,
                            "status": EffectStatus.PENDING,
                            "next_dispatch_at_ms": now if outbox else 0,
                            "created_at_ms": now,
                            "ts_ms": now,
                        }
                    )
            inserted = conn.execute(insert_ignore(db, effects).returning(*effects.c), rows).all()
            if len(inserted) != len(rows):
                raise Exists
            created = {(r.run_id, r.idempotency_key): dict(r._mapping) for r in inserted}
            for row in rows:
                made = created[(row["run_id"], row["idempotency_key"])]
                payload = _begun(made)
                entry = entries.Entry(
                    "effect", effect_subject(made, "pending"), payload, row["run_id"]
                )
                numbered.append((entry, row["seq"]))
            entries.append_numbered(db, conn, numbered)
            return [record(created[(v["run_id"], v["idempotency_key"])]) for v in values_list]
    except Exists:
        return [begin_effect(db, values, lease_epoch=None) for values in values_list]
