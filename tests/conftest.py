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
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import databases
from tests.support.clock import FakeClock

for _name in list(os.environ):
    if _name.startswith("TAPE_") and not _name.startswith("TAPE_TEST_"):
        del os.environ[_name]

# Every Redis key Celery uses in this test session carries a prefix of its own, so two test
# sessions on one machine (a developer's and CI's) never consume each other's messages.
BROKER_PREFIX = f"tape-test-{os.getpid()}-{uuid.uuid4().hex[:6]}:"
os.environ["TAPE_BROKER_KEYPREFIX"] = BROKER_PREFIX


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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "journal_backends(*names): run journal_url/journal/tj over these backends "
        "('postgres', 'sqlite', 'tape': a tape server over SQLite) instead of the default two",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "journal_url" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("journal_backends")
        backends = list(marker.args) if marker is not None else ["postgres", "sqlite"]
        metafunc.parametrize("journal_url", backends, indirect=True)


@pytest.fixture
def journal_url(request: pytest.FixtureRequest) -> str:
    if request.param == "tape":
        # The journal of an in-process tape server over a fresh SQLite file (cheap to make;
        # the Postgres backend covers the database side of the contract); a test
        # that moves a fake clock (tj) moves the server's.
        from tests.support import tape_server

        clock = request.getfixturevalue("clock") if "tj" in request.fixturenames else None
        server = tape_server.start_in_process(request.getfixturevalue("sqlite_url"), clock=clock)
        request.addfinalizer(server.stop)
        return server.url
    name = "pg_url" if request.param == "postgres" else "sqlite_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def journal(journal_url: str) -> Iterator[object]:
    from tape import Journal

    client = Journal(journal_url)
    yield client
    client.close()


@pytest.fixture
def clock() -> FakeClock:
    """A clock the test moves by hand."""
    return FakeClock()


@pytest.fixture
def tj(journal_url: str, clock: FakeClock) -> Iterator[object]:
    """A journal (both backends) whose time is ``clock``."""
    from tape import Journal

    client = Journal(journal_url, clock=clock)
    yield client
    client.close()


@pytest.fixture
def redis_url() -> str:
    import redis

    client = redis.Redis.from_url(databases.REDIS_URL)
    # This session's broker keys only: another session may be using the same database.
    for key in client.scan_iter(match=f"{BROKER_PREFIX}*", count=1000):
        client.delete(key)
    client.close()
    return databases.REDIS_URL
