"""Small SQL helpers whose spelling differs between Postgres and SQLite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, and_, any_, func, literal_column, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tape.store.engine import Database


class Exists(Exception):
    """Raised inside a write transaction to roll it back: the row was already there."""


def insert_ignore(db: Database, table: Table) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` (any unique constraint)."""
    dialect = postgresql if db.is_postgres else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def upsert(
    db: Database, table: Table, keys: list[str], set_: dict[str, Any], where: Any = None
) -> Any:
    """``INSERT ... ON CONFLICT (keys) DO UPDATE SET set_ [WHERE where]``; add ``.values()``."""
    dialect = postgresql if db.is_postgres else sqlite
    return dialect.insert(table).on_conflict_do_update(index_elements=keys, set_=set_, where=where)


def one(conn: Connection, table: Table, **keys: Any) -> dict[str, Any] | None:
    """The row of ``table`` with these key values, as a dict, or None."""
    stmt = select(table)
    for name, value in keys.items():
        stmt = stmt.where(table.c[name] == value)
    row = conn.execute(stmt).mappings().first()
    return dict(row) if row is not None else None


def claim_batch(
    db: Database,
    table: Table,
    *,
    keys: list[str],
    where: Any,
    order_by: Any,
    limit: Any,
    values: dict[str, Any],
) -> Any:
    """``UPDATE`` up to ``limit`` rows matching ``where`` (in ``order_by`` order); RETURNING all.

    Postgres: the rows are picked and locked once in a ``MATERIALIZED`` CTE with ``FOR UPDATE
    SKIP LOCKED`` (concurrent claimers split the rows), then updated by ``ctid`` (a TID scan,
    whatever the planner's statistics say: right after a bulk insert they are stale, and a
    join on the key can turn into a nested loop over the whole table). ``WHERE key IN (SELECT
    ... LIMIT n FOR UPDATE SKIP LOCKED)`` is the classic trap: the subquery may be re-run and
    lock more rows than asked for. The CTE's ``FOR UPDATE`` re-checks ``where`` against the
    newest row version, so the outer UPDATE needs no filter of its own.
    SQLite serialises writers: a plain CTE joined on the key is enough there.
    """
    pick = select(table).where(where).order_by(order_by).limit(limit)
    if db.is_postgres:
        rows = (
            pick.with_only_columns(literal_column("ctid").label("tid"))
            .with_for_update(skip_locked=True)
            .cte("picked")
            .prefix_with("MATERIALIZED")
        )
        tids = func.array(select(rows.c.tid).scalar_subquery())
        cond: Any = literal_column(f"{table.name}.ctid") == any_(tids)
    else:
        rows = pick.with_only_columns(*[table.c[k] for k in keys]).cte("picked")
        cond = and_(*[table.c[k] == rows.c[k] for k in keys], where)
    return update(table).where(cond).values(values).returning(*table.c)


def clip(text: str, limit: int = 2000) -> str:
    """``text`` cut to ``limit`` characters for a journal payload (errors can be long)."""
    return text if len(text) <= limit else text[:limit] + "…"
