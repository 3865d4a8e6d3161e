"""Engines and transactions: the only place that knows Postgres from SQLite.

One :class:`Database` per (URL, process). Engines are created lazily and dropped in a forked
child (``os.register_at_fork``), so a Celery prefork worker never shares a connection pool with
its parent.

SQLite notes: the journal runs in WAL mode with a 30 s busy timeout, and every writing
transaction starts with ``BEGIN IMMEDIATE`` so concurrent writers (threads or processes) queue
on the database lock instead of failing on a read-to-write upgrade.
"""

from __future__ import annotations

import os
import select
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError
from sqlalchemy.pool import NullPool

from tape import errors, files, redaction
from tape.store import multihost

Clock = Callable[[], int]

_SUPPORTED = {
    "postgresql": "postgresql+psycopg2",
    "postgres": "postgresql+psycopg2",
    "postgresql+psycopg2": "postgresql+psycopg2",
    "postgresql+psycopg": "postgresql+psycopg",
    "postgresql+psycopg3": "postgresql+psycopg",
    "sqlite": "sqlite+pysqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
}


def system_clock() -> int:
    """Wall-clock time in epoch milliseconds."""
    return time.time_ns() // 1_000_000


def safe_url(url: str | URL) -> str:
    """Render a database URL for messages and logs: password and secret-looking query values
    (``?password=``, ``?sslkey_password=``) hidden (:func:`tape.redaction.redact_url`); several
    hosts shown in libpq's form (:mod:`tape.store.multihost`)."""
    try:
        parsed = make_url(multihost.to_query_form(url) if isinstance(url, str) else url)
        rendered = multihost.render(parsed, parsed.render_as_string(hide_password=True))
    except Exception:
        return "<unparseable database URL>"
    return redaction.redact_url(rendered, keep_user=True)


def parse_url(url: str | URL) -> URL:
    """Validate a database URL and pick its driver.

    libpq's multi-host form (``postgresql://u@h1:5433,h2:5434/db?target_session_attrs=read-write``)
    becomes the query form SQLAlchemy's psycopg dialects pass to libpq
    (:func:`tape.store.multihost.to_query_form`).

    Raises:
        InvalidDatabaseURL: malformed, or not a Postgres or SQLite URL.
    """
    if isinstance(url, str) and url.startswith(("tape://", "tapes://", "grpc://")):
        raise errors.InvalidDatabaseURL(
            f"{url.split('://')[0]}:// names a tape server, not a database (tape.Journal and the "
            "CLI's journal commands accept tape://); this needs the journal database itself: "
            "pass postgresql://user@host/db or sqlite:///path/to/tape.db"
        )
    try:
        parsed = make_url(multihost.to_query_form(url) if isinstance(url, str) else url)
    except errors.InvalidDatabaseURL:
        raise
    except (ArgumentError, ValueError):
        raise errors.InvalidDatabaseURL(
            "malformed database URL; expected postgresql://user@host:5432/db "
            "or sqlite:///path/to/tape.db"
        ) from None
    driver = _SUPPORTED.get(parsed.drivername)
    if driver is None:
        raise errors.InvalidDatabaseURL(
            f"unsupported database URL scheme {parsed.drivername!r} in {safe_url(parsed)}; "
            "tape stores its journal in Postgres (postgresql://) or SQLite (sqlite:///)"
        )
    parsed = parsed.set(drivername=driver)
    if driver.startswith("sqlite") and parsed.database in (None, "", ":memory:"):
        raise errors.InvalidDatabaseURL(
            "an in-memory SQLite journal would vanish with the process; "
            "give a file: sqlite:///path/to/tape.db"
        )
    return parsed


class Database:
    """A database tape keeps its journal in: an engine per process plus transaction helpers."""

    def __init__(self, url: str | URL, *, clock: Clock | None = None, pool_size: int = 10) -> None:
        self.url = parse_url(url)
        #: The URL as given (``postgresql://``, not the driver-qualified :attr:`url`): what
        #: messages tell the user to pass again.
        self.given_url: str | URL = url
        self.dialect = "postgresql" if self.url.drivername.startswith("postgresql") else "sqlite"
        self.clock: Clock = clock or system_clock
        self._pool_size = pool_size
        self._engine: Engine | None = None
        self._pid = os.getpid()
        self._lock = threading.Lock()
        _register(self)

    def __repr__(self) -> str:
        return f"Database({safe_url(self.url)!r})"

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def now_ms(self) -> int:
        return self.clock()

    @property
    def engine(self) -> Engine:
        """This process's engine, created on first use."""
        if self._engine is None or self._pid != os.getpid():
            with self._lock:
                if self._engine is None or self._pid != os.getpid():
                    self._engine = self._create_engine()
                    self._pid = os.getpid()
        return self._engine

    def _create_engine(self) -> Engine:
        # hide_parameters: a database error's message (logged, or shown by a caller) must not
        # quote the statement's parameters, which are payloads and may hold secrets.
        if self.is_postgres:
            engine = create_engine(
                self.url,
                hide_parameters=True,
                pool_size=self._pool_size,
                max_overflow=self._pool_size,
                pool_recycle=1800,
                # A round trip per checkout is what a whole transition costs on the hot path:
                # the checkout listener below finds dead connections without one.
                pool_pre_ping=False,
                connect_args={"application_name": "tape"}
                if self.url.drivername.endswith("psycopg2")
                else {},
            )
            event.listen(engine, "checkout", _checkout_alive)
            return engine
        _create_sqlite_file(self.url)
        engine = create_engine(
            self.url,
            hide_parameters=True,
            poolclass=NullPool if os.environ.get("TAPE_SQLITE_NULLPOOL") else None,
            connect_args={"timeout": 30, "check_same_thread": False},
        )
        _configure_sqlite(engine)
        return engine

    def forget_engine(self) -> None:
        """Drop this process's reference to the pool without closing inherited connections."""
        if self._engine is not None:
            self._engine.dispose(close=False)
        self._engine = None

    def dispose(self) -> None:
        """Close every pooled connection of this process."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One writing transaction: committed on exit, rolled back on error.

        Raises:
            SchemaNotReady: a tape table or column is missing because the database was not
                migrated (``tape migrate``), instead of the driver's error quoting the SQL.
        """
        with _schema_checked(self), self.engine.connect() as conn:
            if not self.is_postgres:
                conn = conn.execution_options(tape_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read-only transaction (raises ``SchemaNotReady`` as :meth:`write` does)."""
        with _schema_checked(self), self.engine.connect() as conn, conn.begin():
            yield conn


#: SQLSTATEs of a missing table and a missing column (Postgres).
_UNDEFINED = frozenset({"42P01", "42703"})


def _missing_schema(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "pgcode", None) or getattr(exc.orig, "sqlstate", None)
    if code is not None:
        return code in _UNDEFINED
    message = str(exc.orig)
    return message.startswith(("no such table", "no such column")) or " has no column " in message


@contextmanager
def _schema_checked(db: Database) -> Iterator[None]:
    """Turn "no such table" into :class:`~tape.errors.SchemaNotReady` naming ``tape migrate``.

    Only on that error path is the schema's revision read, so a migrated database pays nothing;
    a missing table in a database at head (a bug, not a setup problem) is raised as it was.
    """
    try:
        yield
    except DBAPIError as exc:
        if not _missing_schema(exc):
            raise
        # Here, not at the top: Alembic loads only on this error path (tape --help, import tape).
        from tape.store import schema

        try:
            with db.engine.connect() as connection:
                current = schema.revision_of(connection)
            schema.require_head(current, safe_url(db.given_url))
        except errors.SchemaNotReady as not_ready:
            raise not_ready from None  # one line, not the driver's error and its SQL
        raise


def _checkout_alive(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """Refuse a pooled Postgres connection whose backend is gone (the pool then opens another).

    An idle connection has nothing to read; a backend that was terminated (an operator's
    ``pg_terminate_backend``, a server restart, a failover) has sent its goodbye or closed the
    socket, so it is readable. That check is one ``select()`` on the socket, no round trip;
    only a readable socket is pinged to make sure. So a terminated backend costs no pass.
    """
    if getattr(dbapi_conn, "closed", False):
        raise DisconnectionError("connection closed")
    try:
        fileno = dbapi_conn.fileno()
        readable, _, _ = select.select([fileno], [], [], 0)
    except (OSError, ValueError, AttributeError):
        return
    if not readable:
        return
    try:
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_conn.rollback()
    except Exception as exc:
        raise DisconnectionError("backend gone") from exc


def _create_sqlite_file(url: URL) -> None:
    """Create a missing journal file ``0600`` before SQLite creates it with the umask's mode
    (docs/security.md); its ``-wal`` and ``-shm`` files then get the same mode."""
    path = url.database
    if not path or path.startswith("file:") or url.query.get("uri"):
        return  # a SQLite URI filename: SQLite's to open
    if os.path.isdir(os.path.dirname(os.path.abspath(path))):
        files.private_file(path)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite so BEGIN IMMEDIATE is ours to issue.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("tape_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


_databases: weakref.WeakSet[Database] = weakref.WeakSet()
_registry_lock = threading.Lock()


def _register(db: Database) -> None:
    with _registry_lock:
        _databases.add(db)


def _after_fork_in_child() -> None:
    for db in list(_databases):
        db._engine = None  # the parent's pool is not ours; never close its sockets
        db._lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)
