"""The shipped migrations build exactly the schema the models describe, on Postgres and SQLite.

Two checks, because neither is enough alone:

- Alembic's ``compare_metadata`` (types, nullability, server defaults, indexes, constraints)
  between the upgraded database and ``tape.models.metadata``. It does not look at sequences or
  at the ``WHERE`` of partial indexes, and it does not know whether a SQLite column is a rowid
  alias;
- a catalogue snapshot of the upgraded database against one built by
  ``metadata.create_all``: on Postgres columns, constraints, full index definitions and
  sequences from the system catalogues; on SQLite the DDL SQLite itself stores. This is what
  proves the partial indexes, the ``tape_journal_global_seq`` sequence and the
  ``INTEGER PRIMARY KEY`` journal column are the same.

Postgres comes from ``TAPE_TEST_POSTGRES_URL`` (default the local server); each test gets
fresh databases, created with a unique name and dropped afterwards. No Postgres is a failure,
never a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from tape import errors, migrations, models

ADMIN_URL = os.environ.get(
    "TAPE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["postgresql", "sqlite"]

NewDatabase = Callable[[], str]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def new_pg_database() -> Iterator[NewDatabase]:
    """Create empty scratch Postgres databases on demand; drop them all at the end."""
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    created: list[str] = []

    def create() -> str:
        name = f"tape_migration_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        created.append(name)
        return make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    try:
        yield create
    finally:
        with admin.connect() as conn:
            for name in created:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def new_sqlite_database(tmp_path: Path) -> NewDatabase:
    def create() -> str:
        return f"sqlite:///{tmp_path / uuid.uuid4().hex / 'tape.db'}"

    return create


@pytest.fixture(params=BACKENDS)
def new_database(request: pytest.FixtureRequest) -> NewDatabase:
    """Empty databases of one backend (for SQLite, the URL of a file not created yet)."""
    name = "new_pg_database" if request.param == "postgresql" else "new_sqlite_database"
    factory: NewDatabase = request.getfixturevalue(name)
    return factory


# --------------------------------------------------------------------------- helpers


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url, poolclass=NullPool)


def _create_all(url: str) -> None:
    """The reference schema: what ``metadata.create_all`` builds."""
    if url.startswith("sqlite"):
        Path(make_url(url).database or "").parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(url)
    try:
        models.metadata.create_all(engine)
    finally:
        engine.dispose()


def _sqlite_empty_string_default(
    _context: MigrationContext,
    _inspected_column: sa.Column[Any],
    metadata_column: sa.Column[Any],
    inspected_default: str | None,
    _metadata_default: Any,
    _rendered_metadata_default: str | None,
) -> bool | None:
    """Settle ``server_default=""`` on SQLite; defer everything else (``None``) to Alembic.

    Alembic's SQLite comparison unquotes defaults with the pattern ``'(.+)'``, which cannot
    match the empty string, so every ``server_default=""`` column (reflected as ``('')``)
    is reported as changed, even on a database built by ``metadata.create_all``. The
    snapshot test below compares the real column DDL, including these defaults.
    """
    default = metadata_column.server_default
    empty = isinstance(default, sa.DefaultClause) and default.arg == ""
    if empty and inspected_default in ("''", "('')"):
        return False
    return None


def _model_diff(url: str) -> list[Any]:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "version_table": migrations.VERSION_TABLE,
                    "compare_type": True,
                    "compare_server_default": (
                        _sqlite_empty_string_default if conn.dialect.name == "sqlite" else True
                    ),
                },
            )
            return list(compare_metadata(context, models.metadata))
    finally:
        engine.dispose()


def _snapshot(url: str) -> dict[str, Any]:
    """Everything tape owns in the database, as the database's catalogue describes it."""
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                return _sqlite_snapshot(conn)
            return _pg_snapshot(conn)
    finally:
        engine.dispose()


def _sqlite_snapshot(conn: sa.Connection) -> dict[str, Any]:
    rows = conn.exec_driver_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE tbl_name LIKE 'tape\\_%' ESCAPE '\\' AND tbl_name <> ?",
        (migrations.VERSION_TABLE,),
    ).all()
    return {
        "objects": {
            (kind, name, table): " ".join((sql or "").split()) for kind, name, table, sql in rows
        }
    }


def _pg_snapshot(conn: sa.Connection) -> dict[str, Any]:
    tables = "table_name LIKE 'tape\\_%' AND table_name <> :version"
    params = {"version": migrations.VERSION_TABLE}
    columns = conn.execute(
        sa.text(
            "SELECT table_name, ordinal_position, column_name, data_type, "
            "character_maximum_length, numeric_precision, is_nullable, column_default, "
            "is_identity FROM information_schema.columns "
            f"WHERE table_schema = current_schema() AND {tables} ORDER BY 1, 2"
        ),
        params,
    ).all()
    constraints = conn.execute(
        sa.text(
            "SELECT c.conrelid::regclass::text AS table_name, c.conname, "
            "pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "WHERE c.connamespace = current_schema()::regnamespace "
            "AND c.conrelid::regclass::text LIKE 'tape\\_%' "
            "AND c.conrelid::regclass::text <> :version ORDER BY 1, 2"
        ),
        params,
    ).all()
    indexes = conn.execute(
        sa.text(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename LIKE 'tape\\_%' "
            "AND tablename <> :version ORDER BY 1, 2"
        ),
        params,
    ).all()
    sequences = conn.execute(
        sa.text(
            "SELECT sequencename, data_type::text, start_value, min_value, max_value, "
            "increment_by, cycle, cache_size FROM pg_sequences "
            "WHERE schemaname = current_schema() ORDER BY 1"
        )
    ).all()
    return {
        "columns": [tuple(row) for row in columns],
        "constraints": [tuple(row) for row in constraints],
        "indexes": [tuple(row) for row in indexes],
        "sequences": [tuple(row) for row in sequences],
    }


def _tables(url: str) -> set[str]:
    engine = _engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _is_empty(snapshot: dict[str, Any]) -> bool:
    return not any(snapshot.values())


# --------------------------------------------------------------------------- tests


def test_upgrade_head_matches_models(new_database: NewDatabase) -> None:
    url = new_database()
    migrations.upgrade(url)

    assert _model_diff(url) == []


def test_upgrade_head_is_create_all(new_database: NewDatabase) -> None:
    migrated, reference = new_database(), new_database()
    migrations.upgrade(migrated)
    _create_all(reference)

    expected = _snapshot(reference)
    assert not _is_empty(expected)
    assert _snapshot(migrated) == expected


def test_partial_indexes(new_database: NewDatabase) -> None:
    """Name, columns, uniqueness and WHERE of every partial index, spelled out.

    Alembic's comparison ignores ``WHERE``; the snapshot test covers it too, but this one
    names the index that is wrong. Postgres rewrites the predicate (``(fired = 0)``), so its
    expected text is taken from a ``create_all`` database; SQLite keeps the model's text.
    """
    migrated, reference = new_database(), new_database()
    migrations.upgrade(migrated)
    _create_all(reference)

    def partial_indexes(url: str) -> dict[str, tuple[tuple[str, ...], bool, str]]:
        engine = _engine(url)
        try:
            inspector = sa.inspect(engine)
            found = {}
            for table in models.metadata.tables:
                for index in inspector.get_indexes(table):
                    options = index.get("dialect_options", {})
                    where = options.get("postgresql_where", options.get("sqlite_where"))
                    if where is not None:
                        found[str(index["name"])] = (
                            tuple(str(c) for c in index["column_names"]),
                            bool(index["unique"]),
                            str(where),
                        )
            return found
        finally:
            engine.dispose()

    dialect = "sqlite" if migrated.startswith("sqlite") else "postgresql"
    declared = {
        str(index.name): (
            tuple(column.name for column in index.columns),
            bool(index.unique),
            str(index.dialect_options[dialect]["where"]),
        )
        for table in models.metadata.tables.values()
        for index in table.indexes
        if index.dialect_options[dialect]["where"] is not None
    }
    assert declared  # the models do have partial indexes
    migrated_indexes = partial_indexes(migrated)
    assert migrated_indexes == partial_indexes(reference)
    assert {name: (cols, unique) for name, (cols, unique, _) in migrated_indexes.items()} == {
        name: (cols, unique) for name, (cols, unique, _) in declared.items()
    }
    if dialect == "sqlite":
        assert migrated_indexes == declared


def test_journal_global_seq_is_generated(new_database: NewDatabase) -> None:
    """``tape_journal.global_seq`` numbers rows 1, 2, ... (sequence / SQLite rowid alias)."""
    url = new_database()
    migrations.upgrade(url)
    journal = models.metadata.tables["tape_journal"]
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            for seq in (1, 2):
                conn.execute(sa.insert(journal).values(run_id="r", seq=seq, kind="test"))
        with engine.connect() as conn:
            numbers = conn.execute(sa.select(journal.c.global_seq).order_by(journal.c.seq))
            assert list(numbers.scalars()) == [1, 2]
            if conn.dialect.name == "sqlite":
                rowids = conn.exec_driver_sql("SELECT rowid, global_seq FROM tape_journal")
                assert all(rowid == seq for rowid, seq in rowids)
    finally:
        engine.dispose()


def test_version_table_is_tape_only(new_database: NewDatabase) -> None:
    """tape records its revision in ``tape_alembic_version`` and leaves the user's alone."""
    url = new_database()
    if url.startswith("sqlite"):
        Path(make_url(url).database or "").parent.mkdir(parents=True)
    engine = _engine(url)
    try:
        with engine.begin() as conn:  # the application's own Alembic history
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            conn.exec_driver_sql("INSERT INTO alembic_version VALUES ('app_rev_42')")

        migrations.upgrade(url)

        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [
                ("app_rev_42",)
            ]
            tape_rows = conn.exec_driver_sql("SELECT version_num FROM tape_alembic_version")
            assert tape_rows.all() == [(migrations.head_revision(),)]
    finally:
        engine.dispose()
    assert migrations.VERSION_TABLE == "tape_alembic_version"
    assert migrations.current_revision(url) == migrations.head_revision()


def test_upgrade_twice_is_a_no_op(new_database: NewDatabase) -> None:
    url = new_database()
    migrations.upgrade(url)
    first = _snapshot(url)

    migrations.upgrade(url)

    assert _snapshot(url) == first
    assert migrations.current_revision(url) == migrations.head_revision()


def test_downgrade_to_base_removes_every_tape_object(new_database: NewDatabase) -> None:
    url = new_database()
    migrations.upgrade(url)

    command.downgrade(migrations.alembic_config(url), "base")

    assert _is_empty(_snapshot(url))  # tables, indexes and the journal sequence
    assert _tables(url) == {migrations.VERSION_TABLE}  # Alembic keeps its (empty) table
    assert migrations.current_revision(url) is None
    migrations.upgrade(url)  # and the way back up still works
    assert _model_diff(url) == []


def test_concurrent_upgrades(new_database: NewDatabase) -> None:
    """Processes migrating one empty database at the same time all succeed."""
    url = new_database()
    script = "import sys; from tape import migrations; migrations.upgrade(sys.argv[1])"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    results = [process.communicate(timeout=120) for process in processes]

    for process, (_, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr.decode()
    assert migrations.current_revision(url) == migrations.head_revision()
    assert _model_diff(url) == []


def test_check_schema(new_database: NewDatabase) -> None:
    url = new_database()
    if url.startswith("postgresql"):  # trust auth ignores it; it must never be shown
        url = make_url(url).set(password="hunter2").render_as_string(hide_password=False)

    with pytest.raises(errors.SchemaNotReady) as not_ready:
        migrations.check_schema(url)
    message = str(not_ready.value)
    assert "tape migrate --database-url" in message
    assert "hunter2" not in message

    migrations.upgrade(url)
    migrations.check_schema(url)


def test_check_schema_rejects_an_unknown_revision(new_database: NewDatabase) -> None:
    url = new_database()
    migrations.upgrade(url)
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE tape_alembic_version SET version_num = 'from_future'")
    finally:
        engine.dispose()

    with pytest.raises(errors.SchemaNotReady, match="newer tape"):
        migrations.check_schema(url)


def test_sqlite_parent_directory_is_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "tape.db"
    migrations.upgrade(f"sqlite:///{path}")

    assert path.is_file()
    assert migrations.current_revision(f"sqlite:///{path}") == migrations.head_revision()


def test_current_revision_does_not_create_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "tape.db"

    assert migrations.current_revision(f"sqlite:///{path}") is None
    assert not path.parent.exists()


def test_psycopg3_url(new_pg_database: NewDatabase) -> None:
    url = make_url(new_pg_database()).set(drivername="postgresql+psycopg")
    migrations.upgrade(url.render_as_string(hide_password=False))

    assert migrations.current_revision(url) == migrations.head_revision()


@pytest.mark.parametrize(
    "url", ["mysql://root:hunter2@localhost/tape", "not a url", "sqlite://", "tape://h:1"]
)
def test_invalid_urls(url: str) -> None:
    with pytest.raises(errors.InvalidDatabaseURL) as invalid:
        migrations.upgrade(url)
    assert "hunter2" not in str(invalid.value)
    with pytest.raises(errors.InvalidDatabaseURL):
        migrations.current_revision(url)
    with pytest.raises(errors.InvalidDatabaseURL):
        migrations.alembic_config(url)


def test_unknown_target_revision(tmp_path: Path) -> None:
    with pytest.raises(errors.ConfigurationError, match="nope"):
        migrations.upgrade(f"sqlite:///{tmp_path / 'tape.db'}", "nope")
