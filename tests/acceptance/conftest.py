"""Fixtures for the acceptance tests: a fake bank, a journal client, a Celery client app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tape import Journal, hints
from tape.testing import FakeUpstream


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
