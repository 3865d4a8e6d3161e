"""A forked Celery pool process never shares the parent's connection pool: the
``worker_process_init`` signal (sent by Celery in each new pool process) makes the process's
journal drop its engine, so the next use opens a pool of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from celery.signals import worker_process_init
from sqlalchemy import text

from tape import celery_app, runtime
from tape.config import Settings


@pytest.fixture
def configured(pg_url: str) -> Iterator[None]:
    runtime.configure(Settings(database_url=pg_url, dispatch_hints=False))
    yield
    runtime.configure(Settings(dispatch_hints=False))


@pytest.mark.usefixtures("configured")
def test_worker_process_init_gives_the_child_a_fresh_pool() -> None:
    assert celery_app.app is not None  # importing tape.celery_app connects the handler
    database = runtime.journal().database
    inherited = database.engine
    with inherited.connect() as conn:  # the "parent" holds a pooled connection
        assert conn.execute(text("select 1")).scalar() == 1

    worker_process_init.send(sender=None)

    fresh = database.engine
    assert fresh is not inherited
    with fresh.connect() as conn:
        assert conn.execute(text("select 1")).scalar() == 1
