"""SQL for beginning effects: insert a PENDING effect, or return what is there.

``begin_effect`` returns the effect already holding its key: the same (run, key), or the
effect of any run with the same (connector, business_key) — the cross-run dedupe that keeps one
wire per business key; that reuse is journaled in both runs (:mod:`tape.store.reuse`). The
insert and its journal row commit together.

An effect found under the key is returned only if it was asked the same request (its
``request_digest``, :mod:`tape.digests`); otherwise the begin is refused with
:class:`~tape.errors.RequestMismatch` and only the refusal is journaled
(:mod:`tape.store.mismatch`). The comparison is made on the row the replay read (or the
conflict re-read) anyway: it costs no round trip.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam
from sqlalchemy.dialects import postgresql

from tape import digests, errors, state
from tape.enums import DispatchMode, EffectStatus
from tape.records import EffectRecord
from tape.store import entries, mismatch, reuse, tables
from tape.store.effects import effect_subject, record
from tape.store.engine import JOURNAL_LOCK_KEY, Database
from tape.store.prepared import Prepared
from tape.store.sql import Exists, insert_ignore, one

effects = tables.effects


def begun_payload(row: dict[str, Any]) -> dict[str, Any]:
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
    """The effect that already holds the key; another run's is journaled as reused.

    Raises:
        RequestMismatch: it was asked a different request (the refusal is journaled).
    """
    found = record(row)
    if digests.differ(found.request_digest, values.get("request_digest", "")):
        mismatch.refuse(db, values, found, lease_epoch=lease_epoch)
        where = "this run" if found.run_id == values["run_id"] else f"run {found.run_id!r}"
        raise errors.RequestMismatch(
            f"effect {found.tool_name!r} ({found.idempotency_key}) was recorded by {where} "
            f"for another request (digest {found.request_digest[:12]}, asked "
            f"{values['request_digest'][:12]}): a key is never reused for a different call",
            idempotency_key=found.idempotency_key,
            run_id=found.run_id,
            recorded_digest=found.request_digest,
            request_digest=values["request_digest"],
            recorded_request=found.request,
        )
    if found.run_id != values["run_id"]:
        reuse.record_reuse(db, values, found, lease_epoch=lease_epoch)
    return found


def existing(db: Database, values: dict[str, Any], lease_epoch: int | None) -> EffectRecord:
    row = _lookup(db, values)
    if row is None:
        raise errors.TapeError("begin_effect conflicted but no conflicting effect was found")
    return _found(db, values, row, lease_epoch)


def begin_effect(db: Database, values: dict[str, Any], *, lease_epoch: int | None) -> EffectRecord:
    """Insert a PENDING effect, or return the one that already holds its key.

    A replay finds its effect by a read first, without the write: the write locks the run
    (its seq) before the insert, and an insert that meets an effect row a reconciler or
    dispatcher is changing would wait for that transaction, which waits for the run row.
    A new effect on Postgres is then one statement (seq, effect row and journal row).
    """
    found = _lookup(db, values)
    if found is not None:
        return _found(db, values, found, lease_epoch)
    if db.is_postgres:
        begun = _begin_one_statement(db, values, lease_epoch)
        if begun is not None:
            return begun
    try:
        with db.write() as conn:
            seq = entries.allocate_seq(conn, values["run_id"], lease_epoch=lease_epoch, live=True)
            return insert_pending(db, conn, values, seq)
    except Exists:
        return existing(db, values, lease_epoch)


def insert_pending(
    db: Database, conn: Connection, values: dict[str, Any], seq: int
) -> EffectRecord:
    """Insert the PENDING effect row ``values`` at ``seq`` and its journal row, inside the
    caller's transaction (which reserved ``seq``).

    Raises:
        Exists: an effect holds the key (or the business key) already; roll back.
    """
    now = db.now_ms()
    row_values = {
        **values,
        "seq": seq,
        "status": EffectStatus.PENDING,
        "next_dispatch_at_ms": now if values["dispatch_mode"] == DispatchMode.OUTBOX else 0,
        "created_at_ms": now,
        "ts_ms": now,
    }
    row = (
        insert_statement(db, tuple(row_values))
        .execute(conn, {f"p_{k}": v for k, v in row_values.items()})
        .first()
    )
    if row is None:
        raise Exists
    created = dict(row._mapping)
    subject = effect_subject(created, "pending")
    entry = entries.Entry("effect", subject, begun_payload(created), values["run_id"])
    entries.append(db, conn, [entry], first_seq=seq)
    return record(created)


_INSERT_STATEMENTS: dict[tuple[bool, tuple[str, ...]], Prepared] = {}


def insert_statement(db: Database, columns: tuple[str, ...]) -> Prepared:
    """``INSERT ... ON CONFLICT DO NOTHING RETURNING`` of an effect row, built once."""
    key = (db.is_postgres, columns)
    stmt = _INSERT_STATEMENTS.get(key)
    if stmt is None:
        stmt = _INSERT_STATEMENTS[key] = Prepared(
            "insert_effect",
            lambda: (
                insert_ignore(db, effects)
                .values({c: bindparam(f"p_{c}", type_=effects.c[c].type) for c in columns})
                .returning(*effects.c)
            ),
        )
    return stmt


class _Refused(Exception):
    """Raised inside the one-statement begin to roll it back: the general path says why."""


def _begin_one_statement(
    db: Database, values: dict[str, Any], lease_epoch: int | None
) -> EffectRecord | None:
    """:func:`begin_effect` on Postgres as one statement (seq, effect row, journal row).

    None when it wrote nothing because the run refused (missing, stale epoch, finished):
    the general path then raises the right error. An effect that holds the key already
    rolls the statement back (its seq was reserved) and is returned as it is.
    """
    now = db.now_ms()
    row_values = {
        **values,
        "status": EffectStatus.PENDING,
        "next_dispatch_at_ms": now if values["dispatch_mode"] == DispatchMode.OUTBOX else 0,
        "created_at_ms": now,
        "ts_ms": now,
    }
    entry = entries.Entry(
        "effect", effect_subject(values, "pending"), begun_payload(values), values["run_id"]
    )
    journal_row = entries.journal_row(entry, 0, now)
    params = {f"e_{k}": v for k, v in row_values.items()}
    params.update({f"j_{k}": v for k, v in journal_row.items()})
    params.update(run_id=values["run_id"], lock=JOURNAL_LOCK_KEY)
    if lease_epoch is not None:
        params["lease_epoch"] = lease_epoch
    stmt = _begin_statement(tuple(row_values), tuple(journal_row), lease_epoch is not None)
    try:
        with db.write() as conn:
            got = stmt.execute(conn, params).first()
            if got is None:
                raise _Refused
            if got.idempotency_key is None:
                raise Exists
            created = dict(got._mapping)
            del created["tape_reserved_seq"]
            return record(created)
    except _Refused:
        return None
    except Exists:
        return existing(db, values, lease_epoch)


_BEGIN_STATEMENTS: dict[tuple[tuple[str, ...], tuple[str, ...], bool], Prepared] = {}


def _pg_type(table: Any, column: str) -> str:
    name = str(table.c[column].type.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    # Never a length-limited cast: that would cut a too-long value instead of refusing it.
    return "text" if name.startswith(("VARCHAR", "TEXT")) else name


def _begin_statement(
    effect_cols: tuple[str, ...], journal_cols: tuple[str, ...], fenced: bool
) -> Prepared:
    """The one-statement begin for this set of columns (built once)."""
    key = (effect_cols, journal_cols, fenced)
    stmt = _BEGIN_STATEMENTS.get(key)
    if stmt is not None:
        return stmt
    final = ", ".join(str(int(s)) for s in sorted(state.RUN_FINAL))
    fence = "AND lease_epoch = CAST(%(lease_epoch)s AS bigint)" if fenced else ""
    returned = ", ".join(f"e.{c.name}" for c in effects.c)
    insert_cols = ", ".join([*effect_cols, "seq"])
    selected = ", ".join(
        [*(f"CAST(%(e_{c})s AS {_pg_type(effects, c)})" for c in effect_cols), "r.seq_cursor"]
    )
    j_cols = [c for c in journal_cols if c not in ("run_id", "seq")]
    j_selected = ", ".join(f"CAST(%(j_{c})s AS {_pg_type(tables.journal, c)})" for c in j_cols)
    sql = f"""
WITH r AS (
  UPDATE tape_runs SET seq_cursor = seq_cursor + 1
   WHERE run_id = %(run_id)s AND status NOT IN ({final}) {fence}
  RETURNING seq_cursor
), e AS (
  INSERT INTO tape_effects ({insert_cols})
  SELECT {selected} FROM r
  ON CONFLICT DO NOTHING
  RETURNING {", ".join(c.name for c in effects.c)}
), j AS (
  INSERT INTO tape_journal (global_seq, run_id, seq, {", ".join(j_cols)})
  SELECT nextval('tape_journal_global_seq'), e.run_id, e.seq, {j_selected}
    FROM e CROSS JOIN LATERAL (
      SELECT pg_advisory_xact_lock(CAST(%(lock)s AS bigint)) WHERE e.seq IS NOT NULL
    ) AS journal_lock
  RETURNING 1
)
SELECT r.seq_cursor AS tape_reserved_seq, {returned} FROM r LEFT JOIN e ON true
"""
    stmt = _BEGIN_STATEMENTS[key] = Prepared("begin_effect", sql)
    return stmt


#: What a new effect row holds in the columns an insert leaves to their defaults.
_DEFAULTS = {
    c.name: c.default.arg  # type: ignore[attr-defined]
    for c in effects.c
    if c.default is not None and getattr(c.default, "is_scalar", False)
}


def _insert_many(
    db: Database, conn: Any, rows: list[dict[str, Any]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Insert effect rows (all new, or :class:`Exists` is raised); the rows as stored.

    Postgres: one statement binding one array per column (``unnest``), whatever the batch
    size, returning only the keys: the rows stored are the rows given plus the defaults.
    """
    columns = tuple(rows[0])
    if not db.is_postgres or any(tuple(r) != columns for r in rows):
        inserted = conn.execute(insert_ignore(db, effects).returning(*effects.c), rows).all()
        if len(inserted) != len(rows):
            raise Exists
        return {(r.run_id, r.idempotency_key): dict(r._mapping) for r in inserted}
    stmt = _MANY_STATEMENTS.get(columns)
    if stmt is None:
        arrays = ", ".join(f"CAST(%(a_{c})s AS {_pg_type(effects, c)}[])" for c in columns)
        stmt = _MANY_STATEMENTS[columns] = Prepared(
            "insert_effects",
            f"WITH e AS (INSERT INTO tape_effects ({', '.join(columns)}) "
            f"SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING RETURNING 1) "
            "SELECT count(*) FROM e",
        )
    params = {f"a_{c}": [_plain(r[c]) for r in rows] for c in columns}
    if stmt.execute(conn, params).scalar_one() != len(rows):
        raise Exists
    return {(r["run_id"], r["idempotency_key"]): {**_DEFAULTS, **r} for r in rows}


_MANY_STATEMENTS: dict[tuple[str, ...], Prepared] = {}


def _plain(value: Any) -> Any:
    # Enum members as the ints they are stored as (drivers adapt list items by exact type).
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else value


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
            created = _insert_many(db, conn, rows)
            for row in rows:
                made = created[(row["run_id"], row["idempotency_key"])]
                payload = begun_payload(made)
                entry = entries.Entry(
                    "effect", effect_subject(made, "pending"), payload, row["run_id"]
                )
                numbered.append((entry, row["seq"]))
            entries.append_numbered(db, conn, numbered)
            return [record(created[(v["run_id"], v["idempotency_key"])]) for v in values_list]
    except Exists:
        return [begin_effect(db, values, lease_epoch=None) for values in values_list]
