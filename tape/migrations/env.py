"""Alembic environment of tape's migrations (run by Alembic, not imported by tape).

The database URL comes from ``config.attributes["tape_url"]`` (see
:func:`tape.migrations.alembic_config`); a connection in ``config.attributes["connection"]``
is used as is. Only ``tape_*`` tables are considered by autogenerate, so tape can live in a
database that holds other tables.
"""

from __future__ import annotations

from typing import Literal

from alembic import context
from sqlalchemy import Connection, text
from sqlalchemy.engine import URL

from tape import migrations, models
from tape.store import engine as store_engine

NameType = Literal[
    "schema",
    "table",
    "column",
    "index",
    "unique_constraint",
    "foreign_key_constraint",
    "check_constraint",
]


def include_name(name: str | None, type_: NameType, _parents: object) -> bool:
    """Autogenerate only looks at tape's own tables."""
    if type_ == "table":
        return name is not None and name.startswith("tape_")
    return True


def _configure(connection: Connection) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=models.metadata,
        version_table=migrations.VERSION_TABLE,
        include_name=include_name,
        compare_type=True,
        compare_server_default=True,
        # SQLite cannot ALTER most things: render column changes as copy-and-move batches.
        render_as_batch=is_sqlite,
        # SQLite's DDL is transactional too (the tape engine issues BEGIN itself).
        transactional_ddl=True,
    )


def _migrate(connection: Connection) -> None:
    """Run the migrations in one transaction that serialises concurrent migrators."""
    if connection.in_transaction():  # the caller's connection and transaction: theirs to commit
        _run(connection)
        return
    if connection.dialect.name == "sqlite":
        # BEGIN IMMEDIATE (tape.store.engine): take the write lock before reading the version.
        connection = connection.execution_options(tape_write=True)
    with connection.begin():
        _run(connection)


def _run(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Held until commit: a second migrator waits here, then finds the schema at head.
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": migrations.MIGRATION_LOCK_KEY}
        )
    _configure(connection)
    context.run_migrations()


def run_migrations_online() -> None:
    given = context.config.attributes.get("connection")
    if isinstance(given, Connection):
        _migrate(given)
        return
    url = context.config.attributes[migrations.URL_ATTRIBUTE]
    assert isinstance(url, URL)
    database = store_engine.Database(url)
    try:
        with database.engine.connect() as connection:
            _migrate(connection)
    finally:
        database.dispose()


def run_migrations_offline() -> None:
    """``alembic upgrade --sql``: print the SQL instead of running it."""
    url = context.config.attributes[migrations.URL_ATTRIBUTE]
    context.configure(
        url=url,
        target_metadata=models.metadata,
        version_table=migrations.VERSION_TABLE,
        literal_binds=True,
        render_as_batch=url.drivername.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
