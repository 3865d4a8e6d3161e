"""A real beat and worker never undo a run that succeeded; they finish one being undone.

``celery -A tape beat`` ticks the compensation pass every 0.5 s into a real prefork
``celery -A tape worker`` (tests.support.celery_procs), against Postgres and Redis; the
compensator ``count_inverse`` (tests.support.reactor_handlers) counts every call in Redis.
The obligation of a wire confirmed in a run that ended TERMINAL is held: tick after tick, the
pass leaves it alone. The same kind of obligation of a run under ``compensate_run`` (racing the
beat's pass) is undone exactly once, and a due one (a duplicate's extra) at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tape import Journal, ObligationStatus, RunStatus, compensate_run
from tests.support import celery_procs, databases
from tests.support.reactor_handlers import Counts
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only


#: Counters live in a Redis database no test flushes, under a prefix of this test's own.
COUNT_REDIS_URL = databases.REDIS_URL.rsplit("/", 1)[0] + "/12"


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counts]:
    client = Counts(COUNT_REDIS_URL, f"held-test:{uuid.uuid4().hex}")
    # compensate_run runs count_inverse in this process too: it counts under the same prefix.
    monkeypatch.setenv("COUNT_REDIS_URL", COUNT_REDIS_URL)
    monkeypatch.setenv("COUNT_PREFIX", client.prefix)
    yield client
    for key in client.r.keys(f"{client.prefix}:*"):
        client.r.delete(key)
    client.close()


def owing_run(j: Journal, item: str, *, due: bool = False) -> str:
    """A run with one wire confirmed, owing ``count_inverse(item)`` (held unless ``due``)."""
    run_id = j.begin_run(
        app_name="held",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="test",
        lease_ttl_ms=600_000,  # recovery leaves it alone
    ).run_id
    key = j.begin_effect(run_id=run_id, decision_index=0, tool_name="wire").idempotency_key
    j.complete_effect(run_id=run_id, idempotency_key=key, status="confirmed")
    j.register_compensation(
        run_id=run_id,
        effect_key=key,
        kind="count_inverse",
        payload_json={"item": item},
        due=due,
    )
    return run_id


def test_beat_never_undoes_a_terminal_run_and_undoes_a_compensated_one_once(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, counts: Counts
) -> None:
    import tests.support.reactor_handlers  # noqa: F401  (count_inverse, for compensate_run here)

    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.reactor_handlers",
        "TAPE_DISPATCH_HINTS": "0",
        "TAPE_COMPENSATION_INTERVAL": "0.5",
        "TAPE_TIMERS_INTERVAL": "5",
        "TAPE_RECOVERY_INTERVAL": "5",
        "TAPE_OUTBOX_INTERVAL": "5",
        "TAPE_RECONCILE_INTERVAL": "5",
        "COUNT_REDIS_URL": COUNT_REDIS_URL,
        "COUNT_PREFIX": counts.prefix,
    }
    succeeded = owing_run(pg_journal, "succeeded")
    pg_journal.end_run(run_id=succeeded, status=RunStatus.TERMINAL)
    undone = owing_run(pg_journal, "undone")
    pg_journal.end_run(run_id=undone, status=RunStatus.FAILED)
    extra = owing_run(pg_journal, "extra", due=True)
    pg_journal.end_run(run_id=extra, status=RunStatus.TERMINAL)

    def compensated(run_id: str) -> bool:
        """Its inverse ran and the drainer recorded it (the two are not one step)."""
        return all(
            o.status == ObligationStatus.COMPENSATED
            for o in pg_journal.list_obligations(run_id=run_id)
        )

    beat = celery_procs.beat(tmp_path / "beat", env)
    worker = celery_procs.worker(tmp_path, env, name="w1", concurrency=2)
    with celery_procs.running([worker, beat]):
        wait_until(lambda: compensated(extra), timeout=60, message="the due obligation drained")
        # The FAILED run is undone now, while the beat's passes keep ticking beside the saga.
        compensate_run(pg_journal, undone)
        wait_until(lambda: compensated(undone), timeout=60, message="the compensated run undone")
        # Owed only after the first due one was drained: a later pass drained it, and that
        # pass saw the TERMINAL run's held obligation too.
        later = owing_run(pg_journal, "later", due=True)
        wait_until(lambda: compensated(later), timeout=60, message="a later pass")

    assert {k: int(v) for k, v in counts.hgetall("done").items()} == {
        "extra": 1,
        "undone": 1,
        "later": 1,
    }
    assert counts.hgetall("started") == counts.hgetall("done")
    (held,) = pg_journal.list_obligations(run_id=succeeded)
    assert (held.status, held.held, held.attempts) == (ObligationStatus.PENDING, True, 0)
    assert pg_journal.get_run(run_id=succeeded).status == RunStatus.TERMINAL
    assert pg_journal.get_run(run_id=undone).status == RunStatus.FAILED
    assert all(compensated(run_id) for run_id in (undone, extra, later))
