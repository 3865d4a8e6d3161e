"""Issue 10 (LangGraph and Pydantic AI): the framework adapters under real crashes, on Postgres +
Redis with real ``celery -A tape worker`` / ``beat`` processes and each framework's fake model.

One worker and one beat serve every scenario of this module (both frameworks): the module
fixture starts them, then triggers every run at once, so the runs' waits (a killed attempt's
lease running out, the outbox and reconciler ticks) overlap; each test then follows its own run.
The agents are in :mod:`tests.support.framework_agents`; every run crashes (if at all) at its
own ``TAPE_CRASH_AT`` point with a real SIGKILL of the pool child running it.

Per framework:

- the three kill points of TAPE_CRASH_AT → the model asked once per decision (counted in a file
  across processes), one wire at the bank, the run TERMINAL;
- a lost ack on the non-idempotent ``wire_money`` → UNKNOWN → reconciled → one wire, and the
  agent got the reconciled result;
- three tool calls in one model turn → each journaled once, keyed by its place in the turn;
- a token cap → the agent stops the framework's way (LangGraph: the loop ends on a
  ``[tape] stopping`` message; Pydantic AI: ``UsageLimitExceeded``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from celery import Celery

from tape import EffectStatus, Journal, RunStatus, ScriptedModel, hints
from tape.config import Settings
from tape.records import RunState
from tape.testing import FakeUpstream
from tests.support import celery_procs, databases
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only

AGENTS = {"langgraph": "lg_treasury", "pydantic-ai": "pa_treasury"}
#: A plain LangGraph graph (invoke_model + tool_node) runs the kill scenarios too.
GRAPH = "langgraph-graph"
ALL_AGENTS = {**AGENTS, GRAPH: "lg_graph_treasury"}
POINTS = ("before_tool", "after_begin_effect", "after_complete_effect")
SETTLED = (RunStatus.TERMINAL, RunStatus.FAILED, RunStatus.STUCK, RunStatus.CANCELLED)
#: tests.support.framework_agents.CURRENCIES (not imported: this process needs neither framework).
CURRENCIES = ("EUR", "USD", "GBP")


@dataclass
class Stack:
    journal: Journal
    bank: FakeUpstream
    count_dir: Path
    procs: list[celery_procs.CeleryProc]
    runs: dict[tuple[str, str], str] = field(default_factory=dict)
    accounts: dict[tuple[str, str], str] = field(default_factory=dict)

    def settled(self, framework: str, case: str) -> RunState:
        run_id = self.runs[framework, case]

        def done() -> bool:
            return self.journal.get_run(run_id=run_id).status in SETTLED

        try:
            wait_until(done, timeout=120, message=lambda: f"{framework}/{case} {run_id}")
        except AssertionError:
            celery_procs.dump_logs(self.procs)
            raise
        return self.journal.get_run(run_id=run_id)

    def model_calls(self, run_id: str) -> int:
        return ScriptedModel.count_at(self.count_dir / f"{run_id}.model")

    def body_runs(self, key: str) -> int:
        return ScriptedModel.count_at(self.count_dir / (key.replace("/", "_") + ".body"))


def _cases() -> dict[str, dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = {
        f"kill-{point}": {"scenario": "wire", "crash_at": f"{point}:wire_money"} for point in POINTS
    }
    cases["lost-ack"] = {"scenario": "wire"}
    cases["parallel"] = {"scenario": "parallel"}
    cases["budget"] = {"scenario": "budget", "token_cap": 5}
    return cases


def _launch(
    stack: Stack,
    client: Celery,
    framework: str,
    case: str,
    inputs: dict[str, Any],
    before_start: Callable[[str, str], None] | None = None,
) -> None:
    account = f"acc-{uuid.uuid4().hex[:8]}"
    run_id = stack.journal.create_run(
        app_name=ALL_AGENTS[framework],
        invocation_id=uuid.uuid4().hex,
        input_json={"account": account, "count_dir": str(stack.count_dir), **inputs},
    ).run_id
    if before_start is not None:
        before_start(run_id, account)
    stack.runs[framework, case] = run_id
    stack.accounts[framework, case] = account
    # What Agent.delay does, on the test broker.
    client.send_task(
        f"tape.agents.{ALL_AGENTS[framework]}", args=[run_id, None, ""], queue="tape.agents"
    )


@pytest.fixture(scope="module")
def stack(
    pg_template: databases.PostgresTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    from tape.celery_app import create_app

    tmp = tmp_path_factory.mktemp("framework-adapters")
    url = pg_template.clone()
    journal = Journal(url)
    bank = FakeUpstream().start()
    env = {
        "TAPE_DATABASE_URL": url,
        "TAPE_BROKER_URL": databases.REDIS_URL,
        "TAPE_IMPORTS": "tests.support.worker_connectors,tests.support.framework_agents",
        "TAPE_DISPATCH_HINTS": "0",
        "TAPE_RECOVERY_INTERVAL": "0.5",
        "TAPE_OUTBOX_INTERVAL": "0.5",
        "TAPE_RECONCILE_INTERVAL": "0.5",
        "TAPE_REACTOR_LEASE_MS": "5000",
        # The live attempt renews its lease every 3 s: only a stall of more than 6 s could let
        # recovery re-drive a live run; a killed attempt's run waits this out once.
        "AGENT_LEASE_MS": "9000",
        "BANK_URL": bank.url,
    }
    # Beat only ticks the passes: it needs neither framework (nor the seconds importing them).
    beat_env = {**env, "TAPE_IMPORTS": "tests.support.worker_connectors"}
    procs = [celery_procs.worker(tmp, env, concurrency=6), celery_procs.beat(tmp, beat_env)]
    client = create_app(Settings(broker_url=databases.REDIS_URL, database_url=url))
    hints.set_publisher(None)
    count_dir = tmp / "counts"
    count_dir.mkdir()
    stack = Stack(journal, bank, count_dir, procs)

    def lose_the_ack(run_id: str, account: str) -> None:
        # The bank books the wire, then answers 503: the dispatcher cannot know it landed.
        business_key = f"{account}:INV-{run_id[:8]}"
        bank.respond(503, key=business_key, path="/wires", commit=True)

    try:
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.wait_ready()
        for framework in AGENTS:
            for case, inputs in _cases().items():
                setup = lose_the_ack if case == "lost-ack" else None
                _launch(stack, client, framework, case, inputs, setup)
        for point in POINTS:
            _launch(stack, client, GRAPH, f"kill-{point}", _cases()[f"kill-{point}"])
        yield stack
    finally:
        for proc in procs:
            proc.stop(grace=5)  # every run has settled: nothing to finish
        client.close()
        bank.stop()
        journal.close()
        from tape.store import engine

        for db in list(engine._databases):
            if db.url.database == url.rsplit("/", 1)[-1]:
                db.dispose()
        pg_template.drop_clone(url)


def _wire_effect(stack: Stack, run_id: str) -> Any:
    (effect,) = [
        e for e in stack.journal.list_effects(run_id=run_id) if e.tool_name == "wire_money"
    ]
    return effect


def _tool_result(value: Any) -> Any:
    """A tool result as the agent saw it (LangChain tool messages carry JSON text)."""
    return json.loads(value) if isinstance(value, str) else value


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("framework", list(ALL_AGENTS))
def test_a_killed_framework_agent_asks_once_per_decision_and_wires_once(
    stack: Stack, framework: str, point: str
) -> None:
    run = stack.settled(framework, f"kill-{point}")
    account = stack.accounts[framework, f"kill-{point}"]

    assert (stack.count_dir / f"{run.run_id}.crashed").exists(), "the crash hook never fired"
    assert run.status == RunStatus.TERMINAL, run.detail
    assert run.redrive_count >= 1
    assert run.detail["result"]["answer"] == f"wired 250 to {account}"
    decisions = stack.journal.count_decisions(run_id=run.run_id)
    assert decisions == 2
    assert stack.model_calls(run.run_id) == decisions  # no decision asked twice
    effect = _wire_effect(stack, run.run_id)
    assert effect.idempotency_key == f"{run.run_id}/decision-0/wire_money/0"
    assert effect.status == EffectStatus.CONFIRMED
    assert stack.bank.count(f"{account}:INV-{run.run_id[:8]}") == 1


@pytest.mark.parametrize("framework", list(AGENTS))
def test_a_lost_ack_is_reconciled_and_the_agent_gets_the_reconciled_result(
    stack: Stack, framework: str
) -> None:
    run = stack.settled(framework, "lost-ack")
    account = stack.accounts[framework, "lost-ack"]

    assert run.status == RunStatus.TERMINAL, run.detail
    effect = _wire_effect(stack, run.run_id)
    assert effect.status == EffectStatus.CONFIRMED
    history = [
        e.payload.get("status")
        for e in stack.journal.read_journal(run_id=run.run_id, limit=10_000)
        if e.kind == "effect" and e.payload.get("idempotency_key") == effect.idempotency_key
    ]
    assert "unknown" in history, history
    assert stack.bank.count(f"{account}:INV-{run.run_id[:8]}") == 1
    (seen,) = run.detail["result"]["tool_results"]
    assert _tool_result(seen) == effect.response
    assert stack.model_calls(run.run_id) == 2


@pytest.mark.parametrize("framework", list(AGENTS))
def test_parallel_tool_calls_are_each_journaled_once_under_their_place_in_the_turn(
    stack: Stack, framework: str
) -> None:
    run = stack.settled(framework, "parallel")

    assert run.status == RunStatus.TERMINAL, run.detail
    quotes = sorted(
        (e for e in stack.journal.list_effects(run_id=run.run_id) if e.tool_name == "quote"),
        key=lambda e: e.idempotency_key,
    )
    expected = [f"{run.run_id}/decision-0/quote/{p}" for p in range(len(CURRENCIES))]
    assert [e.idempotency_key for e in quotes] == expected
    assert [e.request["currency"] for e in quotes] == list(CURRENCIES)
    assert all(e.status == EffectStatus.CONFIRMED for e in quotes)
    assert [stack.body_runs(key) for key in expected] == [1, 1, 1]
    results = [_tool_result(r) for r in run.detail["result"]["tool_results"]]
    assert sorted(r["currency"] for r in results) == sorted(CURRENCIES)
    assert stack.model_calls(run.run_id) == 2


@pytest.mark.parametrize("framework", list(AGENTS))
def test_a_budget_cap_stops_the_agent_the_frameworks_way(stack: Stack, framework: str) -> None:
    run = stack.settled(framework, "budget")

    assert stack.model_calls(run.run_id) == 1  # the second call was refused before the model
    assert stack.journal.count_decisions(run_id=run.run_id) == 1
    if framework == "langgraph":
        assert run.status == RunStatus.TERMINAL, run.detail
        assert run.detail["result"]["answer"].startswith("[tape] stopping: ")
    else:
        assert run.status == RunStatus.FAILED, run.detail
        assert run.detail["error"]["type"] == "UsageLimitExceeded"
        assert run.detail["error"]["message"].startswith("[tape] stopping: ")
