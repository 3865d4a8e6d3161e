"""Real databases for tests: a migrated Postgres template cloned per test, SQLite files.

Postgres: one template database per test session, migrated with ``tape.migrations.upgrade``;
each test gets ``CREATE DATABASE ... TEMPLATE`` of it (fast) and drops it afterwards. Only
databases this module created are dropped. A Postgres that cannot be reached fails the run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

POSTGRES_URL = os.environ.get(
    "TAPE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TAPE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
#: Where worker-side test code counts calls: a Redis database no test flushes, each test under a
#: key prefix of its own (the ``redis_counts`` fixture of tests/acceptance/conftest.py).
COUNT_REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + "/12"
PREFIX = "tape_test_"


def _admin_url() -> URL:
    return make_url(POSTGRES_URL).set(drivername="postgresql+psycopg2")


def _admin_execute(sql: str) -> None:
    engine = create_engine(_admin_url(), isolation_level="AUTOCOMMIT", poolclass=None)
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def database_url(name: str) -> str:
    """The URL of database ``name`` on the test Postgres server."""
    return _admin_url().set(database=name).render_as_string(hide_password=False)


class PostgresTemplate:
    """A migrated template database, cloned once per test."""

    def __init__(self) -> None:
        self.name = f"{PREFIX}tmpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.clones: list[str] = []

    def create(self) -> None:
        from tape import migrations

        _admin_execute(f'CREATE DATABASE "{self.name}"')
        migrations.upgrade(database_url(self.name))
        # Close the template's sessions: CREATE DATABASE ... TEMPLATE needs it idle.
        _admin_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{self.name}' AND pid <> pg_backend_pid()"
        )

    def clone(self) -> str:
        name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
        _admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        self.clones.append(name)
        return database_url(name)

    def drop_clone(self, url: str) -> None:
        name = make_url(url).database
        assert name and name.startswith(PREFIX), "only drop databases the tests created"
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def destroy(self) -> None:
        _admin_execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class SqliteTemplate:
    """A migrated SQLite file, copied once per test."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "template.db"

    def create(self) -> None:
        from tape import migrations

        migrations.upgrade(f"sqlite:///{self.path}")

    def clone(self, directory: Path) -> str:
        target = directory / f"tape-{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"
