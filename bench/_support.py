"""Scratch databases for benchmarks (created and dropped by the benchmark itself), and the CPU
time a benchmark's processes used (a figure a busy machine does not distort as it does wall
time)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its waited-for children; 0 if unreadable."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(v) for v in fields[11:15]) / _TICKS


def tree_cpu_s(pid: int) -> float:
    """CPU seconds of ``pid`` and every live descendant (a worker and its pool)."""
    total = process_cpu_s(pid)
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = [int(c) for c in f.read().split()]
    except OSError:
        children = []
    return total + sum(tree_cpu_s(c) for c in children)


def backends_cpu_s(database: str) -> float:
    """CPU seconds of the Postgres backends connected to ``database`` now (same machine)."""
    rows = admin("SELECT pid FROM pg_stat_activity WHERE datname = :db", db=database)
    return sum(process_cpu_s(int(str(pid))) for (pid,) in rows)


def load_average() -> str:
    """The load average, for every benchmark's output (a busy machine stretches figures)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def start_celery(env: dict[str, str], log: Path, *argv: str) -> subprocess.Popen[bytes]:
    """``celery -A tape <argv>`` from this interpreter's venv, in a session of its own (so
    :func:`stop_all` ends its pool with it), logging to ``log``."""
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [str(celery), "-A", "tape", *argv, "--loglevel=WARNING"],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def stop_all(procs: list[subprocess.Popen[bytes]]) -> None:
    """Terminate ``procs`` (warm shutdown), killing any still there after 15 s."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
