"""Hot-path statements: SQL text built once, planned once per connection.

Building a SQLAlchemy statement and looking up its compiled form costs more than the database
spends running it, on the calls that run most (begin, complete, claim). A :class:`Prepared`
holds one statement compiled once per dialect and runs it through the driver directly:

- psycopg2 plans every statement it sends again; here each pooled connection runs
  ``PREPARE`` once and ``EXECUTE`` afterwards (the plan is kept for the connection's life;
  Postgres re-plans by itself after DDL, and the result columns are listed, never ``*``, so
  a migration that adds a column cannot change a prepared statement's result type);
- psycopg 3 prepares repeated statements by itself;
- SQLite gets the compiled text and positional parameters.

Statements must bind plain values only (ints and strings); the caller passes them by name.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, CursorResult
from sqlalchemy.sql.elements import ClauseElement

_PYFORMAT = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # bind names in positional order (qmark/format dialects)
    defaults: Mapping[str, Any]
    positional: bool
    prepare_sql: str = ""  # psycopg2: PREPARE name AS ... ($1, $2, ...)
    execute_sql: str = ""  # psycopg2: EXECUTE name(%(a)s, ...)
    name: str = ""


class Prepared:
    """One statement, compiled once per dialect, prepared once per psycopg2 connection.

    ``source`` is SQLAlchemy Core (its ``bindparam`` names are the parameters) or SQL text
    with ``%(name)s`` placeholders (no other ``%``).
    """

    def __init__(self, label: str, source: Callable[[], ClauseElement] | str) -> None:
        self._label = label
        self._source = source
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def execute(self, conn: Connection, params: Mapping[str, Any]) -> CursorResult[Any]:
        """Run the statement with ``params`` (by name) in ``conn``'s transaction."""
        compiled = self._compiled.get(conn.dialect.name + conn.dialect.driver)
        if compiled is None:
            compiled = self._compile(conn)
        if compiled.name:  # psycopg2
            info = conn.connection.info
            done: set[str] = info.setdefault("tape_prepared", set())
            if compiled.name not in done:
                conn.exec_driver_sql(compiled.prepare_sql)
                done.add(compiled.name)
            return conn.exec_driver_sql(compiled.execute_sql, _merged(compiled, params))
        merged = _merged(compiled, params)
        if compiled.positional:
            return conn.exec_driver_sql(compiled.sql, tuple(merged[n] for n in compiled.names))
        return conn.exec_driver_sql(compiled.sql, merged)

    def _compile(self, conn: Connection) -> _Compiled:
        key = conn.dialect.name + conn.dialect.driver
        with self._lock:
            if key in self._compiled:
                return self._compiled[key]
            if isinstance(self._source, str):
                sql, defaults, names, positional = self._source, {}, (), False
                if conn.dialect.name == "sqlite":  # sqlite3 takes :name
                    sql = _PYFORMAT.sub(r":\1", sql)
            else:
                stmt: Any = self._source().compile(dialect=conn.dialect)
                sql = stmt.string
                if "POSTCOMPILE" in sql:  # an IN list: the text would change per call
                    raise TypeError(f"{self._label}: write IN (...) as OR of = for Prepared")
                defaults = {
                    k: v for k, v in stmt.construct_params(_check=False).items() if v is not None
                }
                for column in [*stmt.insert_prefetch, *stmt.update_prefetch]:
                    # Columns the statement leaves to their Python-side scalar defaults.
                    default = column.default
                    if default is None or not default.is_scalar:
                        raise TypeError(f"{self._label}: {column.key} has no scalar default")
                    defaults[column.key] = default.arg
                positional = bool(stmt.positiontup)
                names = tuple(stmt.positiontup or ())
            compiled = _Compiled(sql, names, defaults, positional)
            if conn.dialect.driver == "psycopg2":
                compiled = _for_psycopg2(self._label, compiled)
            self._compiled[key] = compiled
            return compiled


def _merged(compiled: _Compiled, params: Mapping[str, Any]) -> dict[str, Any]:
    if not compiled.defaults:
        return dict(params)
    return {**compiled.defaults, **params}


def _for_psycopg2(label: str, compiled: _Compiled) -> _Compiled:
    order: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in order:
            order.append(name)
        return f"${order.index(name) + 1}"

    body = _PYFORMAT.sub(number, compiled.sql).replace("%%", "%")
    name = f"tape_{label}_{hashlib.sha1(body.encode()).hexdigest()[:12]}"
    args = ", ".join(f"%({n})s" for n in order)
    return _Compiled(
        compiled.sql,
        compiled.names,
        compiled.defaults,
        False,
        prepare_sql=f"PREPARE {name} AS {body}",
        execute_sql=f"EXECUTE {name}({args})" if order else f"EXECUTE {name}",
        name=name,
    )
