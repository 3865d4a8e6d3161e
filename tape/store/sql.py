"""Small SQL helpers whose spelling differs between Postgres and SQLite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, select
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


def picked(db: Database, stmt: Any) -> Any:
    """The rows a batch claim takes, as a CTE to ``UPDATE ... FROM``.

    On Postgres it is ``MATERIALIZED`` and ``FOR UPDATE SKIP LOCKED``: locked once, so
    concurrent claimers split the rows between them. (``WHERE key IN (SELECT ... LIMIT n FOR
    UPDATE SKIP LOCKED)`` is the classic trap: the planner may re-run the subquery and lock
    more rows than asked for.) SQLite serialises writers, so a plain CTE is enough there.
    """
    if db.is_postgres:
        return stmt.with_for_update(skip_locked=True).cte("picked").prefix_with("MATERIALIZED")
    return stmt.cte("picked")
