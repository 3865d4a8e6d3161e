"""Beat's ticks reach their passes on ``tape dev``'s broker (kombu's filesystem transport).

A real ``celery -A tape beat`` ticks every pass each second (``tape dev``'s intervals) to a real
prefork worker over the filesystem broker, with a SQLite journal. Every tick the worker
receives must run: none may be dropped as expired. Before the fix a tick expired one interval
after it was sent while the transport was polled once a second and prefetch held the next
message back until the following poll, so most ticks arrived just too late; a released run
then waited minutes for the recovery pass (tests/acceptance/test_tape_run.py timed out).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import celery_procs
from tests.support.waiting import wait_until

RECEIVED = re.compile(r"Task (tape\.reactors\.\w+)\[([0-9a-f-]+)\] received")
SUCCEEDED = re.compile(r"Task (tape\.reactors\.\w+)\[([0-9a-f-]+)\] succeeded")
DROPPED = re.compile(r"Discarding revoked task: (tape\.reactors\.\w+)\[([0-9a-f-]+)\]")
#: Ticks to watch: about five seconds of tape dev's schedule.
TICKS = 30


def test_every_tick_on_the_filesystem_broker_runs_its_pass(tmp_path: Path, sqlite_url: str) -> None:
    env = {
        "TAPE_DATABASE_URL": sqlite_url,
        "TAPE_BROKER_URL": f"filesystem://{tmp_path / 'broker'}",
        # tape dev's intervals (tape/cli/dev.py): the shortest tick is one second.
        "TAPE_RECOVERY_INTERVAL": "1",
        "TAPE_OUTBOX_INTERVAL": "1",
    }
    worker = celery_procs.worker(tmp_path, env, concurrency=2)
    beat = celery_procs.beat(tmp_path, env)
    with celery_procs.running([worker, beat]):
        wait_until(
            lambda: len(RECEIVED.findall(worker.log())) >= TICKS,
            timeout=60,
            message=worker.log,
        )
        beat.stop()
        received = set(RECEIVED.findall(worker.log()))

        def all_settled() -> bool:
            log = worker.log()
            return received <= set(SUCCEEDED.findall(log)) | set(DROPPED.findall(log))

        wait_until(all_settled, timeout=60, message=worker.log)
        dropped = sorted(set(DROPPED.findall(worker.log())) & received)
    assert dropped == [], f"{len(dropped)} of {len(received)} ticks dropped as expired: {dropped}"
