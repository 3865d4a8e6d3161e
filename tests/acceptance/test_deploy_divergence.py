"""Issue 27, tests 2 and 3: a deploy mid-run, with real processes on Postgres + Redis.

Three runs of the ``deployer`` agent (``tests.support.deploy_agent``) are driven by a real
``celery -A tape worker`` running version 1 of its code: each confirms ``deploy_wire(amount=10)``
at the fake bank and is SIGKILLed before its next decision (``TAPE_CRASH_AT``). The worker is
replaced by one running version 2 (``DEPLOY_AGENT_VERSION=2``), whose call at that position is
``deploy_wire(amount=20)``, and ``celery -A tape beat`` ticks recovery. Every run goes STUCK
with the reason ``divergence``, the bank holding one wire of 10 for it, and the dashboard's
triage page shows each diff. Then each operator choice leads where docs/changing-agents.md
says ("Changing agents while runs are in flight"): ``accept`` replays the wire of 10 and the run
ends TERMINAL; ``redecide`` keeps that wire on record and wires 20; ``abandon`` reverses the
wire of 10 exactly once and the run ends FAILED.

The same for a changed prompt (``deploy-asker``): its decision diverges before anything is
wired.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from tape import EffectStatus, Journal, RunStatus, ScriptedModel, hints
from tape.config import Settings
from tape.records import RunState
from tape.testing import FakeUpstream
from tests.support import celery_procs, ui_server

pytestmark = pytest.mark.postgres_only


def wait_for(
    procs: list[celery_procs.CeleryProc], what: str, check: Callable[[], bool], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            celery_procs.dump_logs(procs)
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def wires(bank: FakeUpstream, run_id: str) -> list[Any]:
    return [
        r.json["amount"]
        for r in bank.requests
        if (r.method, r.path) == ("POST", "/wires") and r.committed and r.json["run_id"] == run_id
    ]


def test_a_deploy_mid_run_stops_it_for_a_human_and_each_choice_leads_where_documented(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, bank: FakeUpstream
) -> None:
    from tape.celery_app import create_app

    counter = tmp_path / "model-calls"
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.deploy_agent",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "TAPE_COMPENSATION_INTERVAL": "0.5",
        "AGENT_LEASE_MS": "3000",
        "MODEL_COUNTER": str(counter),
        "BANK_URL": bank.url,
    }
    client = create_app(Settings(broker_url=redis_url, database_url=pg_url, dispatch_hints=False))
    hints.set_publisher(None)
    runs = [
        pg_journal.create_run(app_name="deployer", invocation_id=uuid.uuid4().hex).run_id
        for _ in range(3)
    ]

    def effects(run_id: str) -> list[Any]:
        return [e for e in pg_journal.list_effects(run_id=run_id) if e.tool_name == "deploy_wire"]

    # -- version 1: each run confirms its wire of 10 and dies before its next decision
    v1 = celery_procs.worker(
        tmp_path,
        {**env, "DEPLOY_AGENT_VERSION": "1", "TAPE_CRASH_AT": "after_complete_effect:deploy_wire"},
        name="v1",
        concurrency=3,
    )
    with celery_procs.running([v1]):
        pool = v1.wait_pool(3)
        for run_id in runs:
            client.send_task("tape.agents.deployer", args=[run_id, None, ""], queue="tape.agents")
        wait_for(
            [v1],
            "three confirmed wires of 10",
            lambda: all([e.status for e in effects(r)] == [EffectStatus.CONFIRMED] for r in runs),
            60,
        )
        wait_for(
            [v1],
            "the three attempts killed",
            lambda: sum(not celery_procs.pid_alive(p) for p in pool) == 3,
            30,
        )
    client.close()
    for run_id in runs:
        assert pg_journal.count_decisions(run_id=run_id) == 0
        assert wires(bank, run_id) == [10]

    # -- version 2 is deployed: recovery re-drives each run, which asks for a wire of 20
    v2 = celery_procs.worker(tmp_path, {**env, "DEPLOY_AGENT_VERSION": "2"}, name="v2")
    beat = celery_procs.beat(tmp_path, env)
    procs = [v2, beat]
    with celery_procs.running(procs):
        wait_for(
            procs,
            "three runs STUCK",
            lambda: all(pg_journal.get_run(run_id=r).status == RunStatus.STUCK for r in runs),
            90,
        )
        for run_id in runs:
            detail = pg_journal.get_run(run_id=run_id).detail
            assert (detail["reason"], detail["kind"], detail["tool"]) == (
                "divergence",
                "tool_call",
                "deploy_wire",
            )
            assert detail["diff"] == [{"path": "amount", "recorded": 10, "asked": 20}]
            assert wires(bank, run_id) == [10]  # nothing more was wired
        assert ScriptedModel.count_at(counter) == 0
        with ui_server.serving(pg_journal) as base:  # the triage page shows each diff
            page = requests.get(f"{base}/triage", timeout=10).text
        for run_id in runs:
            section = page.split(f'id="divergence-{run_id}"')[1].split("</div>")[0]
            assert "tool call deploy_wire #0" in section
            assert "<td><pre>10</pre></td><td><pre>20</pre></td>" in section

        accepted, redecided, abandoned = runs
        first_wire = {r: effects(r)[0].response["wire_id"] for r in runs}
        pg_journal.resolve_divergence(run_id=accepted, choice="accept", operator="ops")
        pg_journal.resolve_divergence(run_id=redecided, choice="redecide", operator="ops")
        pg_journal.resolve_divergence(run_id=abandoned, choice="abandon", operator="ops")

        def over(run_id: str) -> RunState | None:
            run = pg_journal.get_run(run_id=run_id)
            done = (RunStatus.TERMINAL, RunStatus.FAILED, RunStatus.STUCK)
            return run if run.status in done else None

        wait_for(procs, "the three runs over", lambda: all(over(r) for r in runs), 90)
        # the compensation pass keeps ticking: give a second reversal every chance to happen
        time.sleep(1.5)

    # accept: the recorded wire of 10 is the tool's answer; version 2 goes on from there
    run = pg_journal.get_run(run_id=accepted)
    assert run.status == RunStatus.TERMINAL, run
    assert run.detail["result"] == {
        "version": "2",
        "paid": 20,
        "receipt": {"wire_id": first_wire[accepted]},
        "answer": "done",
    }
    assert wires(bank, accepted) == [10]
    # redecide: the wire of 10 stays on record (superseded), version 2 wires 20
    run = pg_journal.get_run(run_id=redecided)
    assert run.status == RunStatus.TERMINAL, run
    assert wires(bank, redecided) == [10, 20]
    statuses = {e.request["amount"]: e for e in effects(redecided)}
    assert statuses[10].status == statuses[20].status == EffectStatus.CONFIRMED
    assert "#superseded-" in statuses[10].idempotency_key
    assert run.detail["result"]["receipt"] == statuses[20].response
    # abandon: the wire of 10 is reversed exactly once; the run ends FAILED
    run = pg_journal.get_run(run_id=abandoned)
    assert run.status == RunStatus.FAILED, run
    assert wires(bank, abandoned) == [10]
    assert [r.json for r in bank.reversals] == [
        {"wire_id": first_wire[abandoned], "run_id": abandoned}
    ]
    # the model was asked once by each run that went on, never by the abandoned one
    assert ScriptedModel.count_at(counter) == 2
    assert pg_journal.count_decisions(run_id=abandoned) == 0


def test_a_deploy_that_changed_a_prompt_stops_the_run_before_anything_is_wired(
    tmp_path: Path, pg_url: str, redis_url: str, pg_journal: Journal, bank: FakeUpstream
) -> None:
    """Issue 27, test 3 with real processes: v1 of ``deploy-asker`` records its decision and
    is SIGKILLed before its tool call; v2 asks another prompt at that position: STUCK
    ``divergence`` with the prompt's diff, the model not asked again and nothing wired; after
    ``accept`` v2 goes on from v1's recorded answer."""
    from tape.celery_app import create_app

    counter = tmp_path / "model-calls"
    env = {
        "TAPE_DATABASE_URL": pg_url,
        "TAPE_BROKER_URL": redis_url,
        "TAPE_IMPORTS": "tests.support.deploy_agent",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "AGENT_LEASE_MS": "3000",
        "MODEL_COUNTER": str(counter),
        "BANK_URL": bank.url,
    }
    client = create_app(Settings(broker_url=redis_url, database_url=pg_url, dispatch_hints=False))
    hints.set_publisher(None)
    run_id = pg_journal.create_run(app_name="deploy-asker", invocation_id=uuid.uuid4().hex).run_id
    v1 = celery_procs.worker(
        tmp_path,
        {**env, "DEPLOY_AGENT_VERSION": "1", "TAPE_CRASH_AT": "before_tool:deploy_wire"},
        name="v1",
        concurrency=1,
    )
    with celery_procs.running([v1]):
        (child,) = v1.wait_pool(1)
        client.send_task("tape.agents.deploy-asker", args=[run_id, None, ""], queue="tape.agents")
        wait_for([v1], "the attempt killed", lambda: not celery_procs.pid_alive(child), 60)
    client.close()
    assert pg_journal.count_decisions(run_id=run_id) == 1
    assert ScriptedModel.count_at(counter) == 1

    v2 = celery_procs.worker(tmp_path, {**env, "DEPLOY_AGENT_VERSION": "2"}, name="v2")
    beat = celery_procs.beat(tmp_path, env)
    procs = [v2, beat]
    with celery_procs.running(procs):
        wait_for(
            procs,
            "the run STUCK",
            lambda: pg_journal.get_run(run_id=run_id).status == RunStatus.STUCK,
            90,
        )
        detail = pg_journal.get_run(run_id=run_id).detail
        assert (detail["reason"], detail["kind"], detail["decision_index"]) == (
            "divergence",
            "decision",
            0,
        )
        assert detail["diff"] == [
            {
                "path": "request.messages[0].content",
                "recorded": "pay the invoice",
                "asked": "pay the invoice twice",
            }
        ]
        assert ScriptedModel.count_at(counter) == 1 and wires(bank, run_id) == []
        pg_journal.resolve_divergence(run_id=run_id, choice="accept", operator="ops")
        wait_for(
            procs,
            "the run over",
            lambda: pg_journal.get_run(run_id=run_id).status == RunStatus.TERMINAL,
            90,
        )
    run = pg_journal.get_run(run_id=run_id)
    assert run.detail["result"]["plan"] == "done"  # v1's recorded answer
    assert run.detail["result"]["version"] == "2"
    assert wires(bank, run_id) == [20]
    assert ScriptedModel.count_at(counter) == 1  # never asked again
