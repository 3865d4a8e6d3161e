"""Scratch databases for benchmarks (created and dropped by the benchmark itself)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get(
    "TAPE_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def admin(sql: str, **params: object) -> list[tuple[object, ...]]:
    """Run one statement on the admin database (autocommit); its rows, if any."""
    engine = create_engine(
        make_url(ADMIN_URL).set(drivername="postgresql+psycopg2"), isolation_level="AUTOCOMMIT"
    )
    try:
        with engine.connect() as conn:
            result = conn.execute(text(sql), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


_admin = admin


@contextmanager
def scratch_postgres(prefix: str = "tape_bench") -> Iterator[str]:
    """A fresh, migrated Postgres database for one benchmark run, dropped afterwards."""
    from tape import migrations

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        migrations.upgrade(url)
        yield url
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def delete_keys(client: object, prefix: str) -> int:
    """Delete the Redis keys under ``prefix`` (this run's own), never the rest of the
    database; how many there were."""
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))  # type: ignore[attr-defined]
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])  # type: ignore[attr-defined]
    return len(keys)


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]
