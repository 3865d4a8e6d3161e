"""Issue 9, tests 1-3: Google ADK agents (``tests.support.adk_app``) on real ``celery -A tape
worker`` and ``beat`` processes, Postgres and Redis, with a scripted ``BaseLlm`` (no network).

One worker and one beat serve the whole module. The worker runs with three kill points at once
(``TAPE_CRASH_AT`` lists one per tool), so the three runs of test 1 each lose their worker
process to a real SIGKILL at a different point: before the tool call, after BeginEffect before
CompleteEffect, after CompleteEffect before the next model call.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from tape import EffectStatus, Journal, RunStatus, hints
from tape.adk import ScriptedLlm
from tape.config import Settings
from tape.testing import FakeUpstream
from tests.support import celery_procs, databases
from tests.support.adk_app import ACCOUNT

pytestmark = pytest.mark.postgres_only

TAPE = str(Path(sys.executable).parent / "tape")
DEADLINE_S = 90.0
KILLS = {
    "adk_kill_before": ("before_tool", "wire_before"),
    "adk_kill_begun": ("after_begin_effect", "wire_begun"),
    "adk_kill_done": ("after_complete_effect", "wire_done"),
}
CLIENT = """
from tests.support import adk_app
for runner in (adk_app.kill_before, adk_app.kill_begun, adk_app.kill_done):
    name = runner.name
    handle = runner.delay(user_id="u1", session_id="s-" + name, message="pay INV-" + name)
    print(handle.run_id)
"""


class Stack:
    def __init__(
        self, tmp: Path, url: str, bank: FakeUpstream, procs: list[celery_procs.CeleryProc]
    ):
        self.tmp, self.url, self.bank, self.procs = tmp, url, bank, procs
        self.journal = Journal(url)
        self.calls_dir = tmp / "model-calls"
        self.client: Celery | None = None

    def env(self) -> dict[str, str]:
        return {"TAPE_DATABASE_URL": self.url, "TAPE_BROKER_URL": databases.REDIS_URL}

    def start(self, app_name: str, message: str) -> str:
        run_id = self.journal.create_run(
            app_name=app_name,
            user_id="u1",
            session_id=uuid.uuid4().hex,
            invocation_id="e-" + uuid.uuid4().hex,
            input_json={"message": message},
        ).run_id
        assert self.client is not None
        self.client.send_task(
            f"tape.agents.{app_name}", args=[run_id, None, ""], queue="tape.agents"
        )
        return run_id

    def wait(self, run_id: str, status: RunStatus) -> None:
        deadline = time.monotonic() + DEADLINE_S
        while (run := self.journal.get_run(run_id=run_id)).status != status:
            assert run.status not in (RunStatus.FAILED, RunStatus.CANCELLED), run
            if time.monotonic() > deadline:
                celery_procs.dump_logs(self.procs)
                raise AssertionError(f"run {run_id} is {run.status.name}, not {status.name}")
            time.sleep(0.2)

    def wires(self, reference: str) -> int:
        return self.bank.count(f"{ACCOUNT}:{reference}")


@pytest.fixture(scope="module")
def stack(
    pg_template: databases.PostgresTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("adk")
    url = pg_template.clone()
    with FakeUpstream() as bank:
        env = {
            "TAPE_DATABASE_URL": url,
            "TAPE_BROKER_URL": databases.REDIS_URL,
            "TAPE_IMPORTS": "tests.support.worker_connectors,tests.support.adk_app",
            "TAPE_RECOVERY_INTERVAL": "0.5",
            "TAPE_OUTBOX_INTERVAL": "0.5",
            "TAPE_RECONCILE_INTERVAL": "0.5",
            "TAPE_REACTOR_LEASE_MS": "5000",
            "TAPE_CRASH_AT": ",".join(f"{p}:{t}" for p, t in KILLS.values()),
            "TAPE_CRASH_ONCE_FILE": str(tmp / "crashed"),
            "AGENT_LEASE_MS": "3000",
            "ADK_CALLS_DIR": str(tmp / "model-calls"),
            "BANK_URL": bank.url,
        }
        worker = celery_procs.worker(tmp, env, concurrency=4)
        beat = celery_procs.beat(tmp, env)
        stack = Stack(tmp, url, bank, [worker, beat])
        stack.env_all = env  # type: ignore[attr-defined]
        from tape.celery_app import create_app

        stack.client = create_app(
            Settings(broker_url=databases.REDIS_URL, database_url=url, dispatch_hints=False)
        )
        hints.set_publisher(None)
        try:
            with celery_procs.running([worker, beat]):
                worker.wait_pool(4)
                yield stack
        finally:
            stack.client.close()
            stack.journal.close()
            pg_template.drop_clone(url)


def test_three_kill_points_resume_without_asking_twice_or_wiring_twice(stack: Stack) -> None:
    client = subprocess.run(
        [sys.executable, "-c", CLIENT],
        cwd=celery_procs.REPO_ROOT,
        env=celery_procs.process_env(stack.env_all),  # type: ignore[attr-defined]
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert client.returncode == 0, client.stderr
    run_ids = dict(zip(KILLS, client.stdout.split(), strict=True))
    for run_id in run_ids.values():
        stack.wait(run_id, RunStatus.TERMINAL)

    for app_name, run_id in run_ids.items():
        point, tool = KILLS[app_name]
        assert (stack.tmp / f"crashed.{point}.{tool}").exists(), f"{point} never fired"
        run = stack.journal.get_run(run_id=run_id)
        assert run.redrive_count >= 1, (app_name, run)
        decisions = stack.journal.count_decisions(run_id=run_id)
        assert decisions == 2
        assert ScriptedLlm.calls(stack.calls_dir, run_id) == decisions, app_name
        # each model call was journaled as begun (in before_model_callback) before its answer
        rows = stack.journal.read_journal(run_id=run_id, kind="decision")
        seen = [(r.subject.split("/")[3], r.payload["decision_index"]) for r in rows]
        assert seen == [("begun", 0), ("recorded", 0), ("begun", 1), ("recorded", 1)], seen
        (effect,) = [e for e in stack.journal.list_effects(run_id=run_id) if e.tool_name == tool]
        assert effect.status == EffectStatus.CONFIRMED
        assert stack.wires(f"INV-{app_name}") == 1, app_name
        assert run.detail["result"]["answer"] == "done: " + json.dumps(
            effect.response, sort_keys=True
        )
        # The recorded decision carries the deterministic call id every replay saw.
        first = stack.journal.get_decision(run_id=run_id, decision_index=0)
        assert first is not None
        (part,) = first.response["content"]["parts"]
        assert part["function_call"]["id"].startswith("adk-tape-")
        # The session holds the invocation once: the crashed attempt's events were rewound.
        session = stack.journal.get_session(
            app_name=app_name, user_id="u1", session_id=f"s-{app_name}"
        )
        assert session is not None
        authors = [e.author for e in session.events]
        assert authors == ["user", "treasurer", "treasurer", "treasurer"], authors


def test_an_outbox_wire_whose_ack_is_lost_is_reconciled_and_the_run_resumes(
    stack: Stack,
) -> None:
    reference = "INV-acklost"
    # The bank books the wire and then answers 503: the dispatcher cannot know it landed.
    stack.bank.respond(503, key=f"{ACCOUNT}:{reference}", path="/wires", commit=True)
    run_id = stack.start("adk_acklost", f"pay {reference}")
    stack.wait(run_id, RunStatus.TERMINAL)

    (effect,) = [
        e for e in stack.journal.list_effects(run_id=run_id) if e.tool_name == "wire_acked"
    ]
    assert effect.status == EffectStatus.CONFIRMED
    statuses = [
        e.payload.get("status")
        for e in stack.journal.read_journal(run_id=run_id, kind="effect")
        if e.payload.get("idempotency_key") == effect.idempotency_key
    ]
    assert "unknown" in statuses, statuses
    assert stack.wires(reference) == 1
    answer = stack.journal.get_run(run_id=run_id).detail["result"]["answer"]
    assert answer == "done: " + json.dumps(effect.response, sort_keys=True)


def test_a_gate_parks_the_adk_run_until_tape_signal_releases_it(stack: Stack) -> None:
    run_id = stack.start("adk_gate", "approve INV-gate")
    stack.wait(run_id, RunStatus.WAITING)
    assert stack.journal.get_run(run_id=run_id).waiting_on_gate == "cfo-approval"

    answered = subprocess.run(
        [TAPE, "signal", run_id, "cfo-approval", "--resolution", '{"approved": true}'],
        env=celery_procs.process_env({"TAPE_DATABASE_URL": stack.url}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert answered.returncode == 0, answered.stderr
    stack.wait(run_id, RunStatus.TERMINAL)

    answer = stack.journal.get_run(run_id=run_id).detail["result"]["answer"]
    assert answer == "done: " + json.dumps(
        {"approved": True, "gate": "cfo-approval", "resolved": True}, sort_keys=True
    )
    assert ScriptedLlm.calls(stack.calls_dir, run_id) == 2
