"""Fixtures for the acceptance tests: a fake bank, a journal client, a Celery client app."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from tape import Journal, hints
from tape.testing import FakeUpstream
from tests.support import databases


@pytest.fixture
def bank() -> Iterator[FakeUpstream]:
    """A non-idempotent bank on 127.0.0.1 (a real HTTP server in this process)."""
    with FakeUpstream() as upstream:
        yield upstream


@pytest.fixture
def pg_journal(pg_url: str) -> Iterator[Journal]:
    client = Journal(pg_url)
    yield client
    client.close()


@pytest.fixture
def no_hint_publisher() -> Iterator[None]:
    """Leave no hint publisher installed by a Celery app made in this test."""
    yield
    hints.set_publisher(None)


@pytest.fixture
def redis_counts(request: pytest.FixtureRequest) -> Iterator[tuple[redis.Redis, str]]:
    """A client of ``databases.COUNT_REDIS_URL`` and a key prefix of this test's own; its keys
    are deleted afterwards."""
    client = redis.Redis.from_url(databases.COUNT_REDIS_URL, decode_responses=True)
    prefix = f"{request.module.__name__.rsplit('.', 1)[-1]}:{uuid.uuid4().hex}"
    yield client, prefix
    for key in client.keys(f"{prefix}:*"):
        client.delete(key)
    client.close()
