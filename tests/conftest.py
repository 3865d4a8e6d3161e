"""Fixtures shared by every test folder.

- ``TAPE_*`` variables are purged from the environment first, so a developer's settings
  cannot leak into tests.
- ``journal_url`` / ``journal``: a fresh, migrated database per test, parametrised over
  ``postgres`` and ``sqlite``; ``pg_url`` / ``sqlite_url`` for one backend.
- ``redis_url``: the test Redis database, flushed before each test that uses it.

Missing services fail the run; nothing is skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import databases

for _name in list(os.environ):
    if _name.startswith("TAPE_") and not _name.startswith("TAPE_TEST_"):
        del os.environ[_name]


@pytest.fixture(scope="session")
def pg_template() -> Iterator[databases.PostgresTemplate]:
    template = databases.PostgresTemplate()
    template.create()
    yield template
    template.destroy()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> databases.SqliteTemplate:
    template = databases.SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))
    template.create()
    return template


@pytest.fixture
def pg_url(pg_template: databases.PostgresTemplate) -> Iterator[str]:
    url = pg_template.clone()
    yield url
    from tape.store import engine

    for db in list(engine._databases):
        if db.url.database == url.rsplit("/", 1)[-1]:
            db.dispose()
    pg_template.drop_clone(url)


@pytest.fixture
def sqlite_url(sqlite_template: databases.SqliteTemplate, tmp_path: Path) -> str:
    return sqlite_template.clone(tmp_path)


@pytest.fixture(params=["postgres", "sqlite"])
def journal_url(request: pytest.FixtureRequest) -> str:
    name = "pg_url" if request.param == "postgres" else "sqlite_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def journal(journal_url: str) -> Iterator[object]:
    from tape import Journal

    client = Journal(journal_url)
    yield client
    client.close()


@pytest.fixture
def redis_url() -> str:
    import redis

    client = redis.Redis.from_url(databases.REDIS_URL)
    client.flushdb()  # the test database only (db 15 by default), never the user's data
    client.close()
    return databases.REDIS_URL
