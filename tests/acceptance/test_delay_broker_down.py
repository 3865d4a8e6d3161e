"""Issue 14, defect 4: ``agent.delay()`` with the broker down returns the run's handle (the
journal row is the commitment) and warns that dispatch waits for recovery; a retry with the
same ``invocation_id`` returns the same run, never a second one.

A fresh interpreter (its Celery app made from its own environment) points at a Redis URL whose
port refuses connections, so publishing really fails in kombu.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from tape import migrations
from tape.enums import RunStatus
from tape.journal import Journal

SCRIPT = """
import json, warnings
import tape
from tape import errors

@tape.agent(name="broker-down-clerk")
def clerk(ctx, request):
    return request

seen = []
ids = []
for _ in range(2):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ids.append(clerk.delay(request="pay INV-1", invocation_id="inv-retried").run_id)
    seen += [str(w.message) for w in caught if issubclass(w.category, errors.DispatchDeferred)]
print(json.dumps({"run_ids": ids, "warnings": seen}))
"""


def _refused_port() -> int:
    """A local port nothing listens on (bound, then closed, so connecting is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_delay_with_the_broker_down_returns_the_run_and_a_retry_returns_it_again(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'tape.db'}"
    migrations.upgrade(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
    env.update(
        TAPE_DATABASE_URL=url,
        TAPE_BROKER_URL=f"redis://127.0.0.1:{_refused_port()}/0",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr  # no OperationalError escaped
    out = json.loads(done.stdout.strip().splitlines()[-1])
    first, again = out["run_ids"]
    assert first == again  # the retried start is the same run
    assert len(out["warnings"]) == 2
    assert all("journaled RUNNABLE" in w and "recovery" in w for w in out["warnings"])
    with Journal(url) as journal:
        runs = journal.list_runs(limit=100)
        assert [(r.run_id, r.status) for r in runs] == [(first, RunStatus.RUNNABLE)]
        assert runs[0].input == {"request": "pay INV-1"}
