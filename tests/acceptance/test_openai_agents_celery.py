"""Issue 10, OpenAI Agents SDK: an SDK agent run with ``Runner.run`` inside a tape agent task
survives real SIGKILLs, lost acks, parallel tool calls and a budget cap.

One real ``celery -A tape worker`` (prefork) and ``celery -A tape beat``, on Postgres + Redis,
serve every scenario of this module (``tests.support.oai_app``): the scenarios' runs are started
together by a module fixture and each test checks its own run, so the lease waits overlap. The
model is the SDK-shaped :class:`~tape.integrations.openai_agents.ScriptedModel`, its calls
counted across processes in a file per run; the bank is a FakeUpstream in this process.

- the three kill points of TAPE_CRASH_AT (before the tool call, after BeginEffect, after the
  effect's outcome), each a real SIGKILL of the pool process running the agent: the model is
  asked once per decision, one wire, the run TERMINAL;
- a lost ack on the non-idempotent outbox tool (a handoff target's tool): UNKNOWN, reconciled,
  one wire, and the agent's next model call is fed the reconciled receipt;
- two tool calls in one model turn (and a SIGKILL mid-way): each journaled once under its
  position key, one wire each;
- a token budget: the second model call is refused and the SDK run ends with the final answer
  ``[tape] stopping: ...``.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tape import EffectStatus, Journal, RunStatus, hints
from tape.cli.devprocs import KILLED_CHILD
from tape.config import Settings
from tape.integrations.openai_agents import ScriptedModel
from tape.testing import FakeUpstream
from tests.support import celery_procs, databases
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only

KILL_POINTS = ("before_tool", "after_begin_effect", "after_complete_effect")


@dataclass
class Scenario:
    name: str
    references: list[str]
    counter: Path
    crash_file: Path
    crash_at: str = ""
    triage: bool = False
    token_cap: int = 0
    run_id: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)

    def wires(self, bank: FakeUpstream, reference: str) -> int:
        return bank.count(f"acc-1:{reference}")


@dataclass
class World:
    journal: Journal
    bank: FakeUpstream
    worker: celery_procs.CeleryProc
    beat: celery_procs.CeleryProc
    scenarios: dict[str, Scenario]

    def settled(self, name: str, timeout: float = 90.0) -> Any:
        scenario = self.scenarios[name]
        deadline = time.monotonic() + timeout
        while True:
            run = self.journal.get_run(run_id=scenario.run_id)
            if run.status == RunStatus.TERMINAL:
                return run
            if run.status not in (RunStatus.RUNNABLE, RunStatus.RUNNING, RunStatus.WAITING):
                celery_procs.dump_logs([self.worker, self.beat])
                raise AssertionError(f"{name}: run ended {run.status.name}: {run.detail}")
            if time.monotonic() > deadline:
                celery_procs.dump_logs([self.worker, self.beat])
                raise AssertionError(f"{name}: run {scenario.run_id} still {run.status.name}")
            time.sleep(0.2)


def _scenarios(tmp: Path) -> dict[str, Scenario]:
    tag = uuid.uuid4().hex[:6]

    def make(name: str, refs: int = 1, **options: Any) -> Scenario:
        references = [f"{name}-{tag}-{i}" for i in range(refs)]
        return Scenario(name, references, tmp / f"{name}.calls", tmp / f"{name}.crashed", **options)

    found = [make(point, crash_at=f"{point}:wire_money") for point in KILL_POINTS]
    found.append(make("lost_ack", triage=True))
    found.append(make("parallel", refs=2, crash_at="after_begin_effect:wire_money"))
    found.append(make("budget", token_cap=5))
    return {s.name: s for s in found}


@pytest.fixture(scope="module")
def world(
    pg_template: databases.PostgresTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    from tape.celery_app import create_app

    tmp = tmp_path_factory.mktemp("oai")
    pg_url = pg_template.clone()
    redis_url = databases.REDIS_URL
    journal = Journal(pg_url)
    client = create_app(Settings(broker_url=redis_url, database_url=pg_url, dispatch_hints=False))
    hints.set_publisher(None)
    scenarios = _scenarios(tmp)
    with FakeUpstream() as bank:
        # The lost ack: the bank books the wire, then resets the connection.
        lost = scenarios["lost_ack"].references[0]
        bank.reset_connection(key=f"acc-1:{lost}", path="/wires", commit=True)
        env = {
            "TAPE_DATABASE_URL": pg_url,
            "TAPE_BROKER_URL": redis_url,
            "TAPE_IMPORTS": "tests.support.worker_connectors,tests.support.oai_app",
            "TAPE_RECOVERY_INTERVAL": "0.5",
            "TAPE_OUTBOX_INTERVAL": "0.5",
            "TAPE_RECONCILE_INTERVAL": "0.5",
            "TAPE_REACTOR_LEASE_MS": "5000",
            # A killed attempt's run is re-driven when its lease lapses; a live attempt renews
            # it every 3 s, so only a stall of more than 6 s (a loaded 2-CPU machine starving
            # the heartbeat thread) could let recovery take a live run over. The runs of all
            # scenarios wait out their leases at the same time.
            "AGENT_LEASE_MS": "9000",
            "OPENAI_AGENTS_DISABLE_TRACING": "1",
            "BANK_URL": bank.url,
        }
        worker = celery_procs.worker(tmp, env, concurrency=len(scenarios))
        beat = celery_procs.beat(tmp, env)
        with celery_procs.running([worker, beat]):
            worker.wait_pool(len(scenarios))
            for scenario in scenarios.values():
                scenario.inputs = {
                    "references": scenario.references,
                    "counter": str(scenario.counter),
                    "crash_at": scenario.crash_at,
                    "crash_file": str(scenario.crash_file),
                    "triage": scenario.triage,
                }
                scenario.run_id = journal.create_run(
                    app_name="oai_treasury",
                    invocation_id=uuid.uuid4().hex,
                    input_json=scenario.inputs,
                ).run_id
                if scenario.token_cap:
                    journal.set_budget(run_id=scenario.run_id, token_cap=scenario.token_cap)
                client.send_task(
                    "tape.agents.oai_treasury",
                    args=[scenario.run_id, None, ""],
                    queue="tape.agents",
                )
            yield World(journal, bank, worker, beat, scenarios)
            # Every run is over: no need for the default 15 s of warm shutdown.
            stopping = [threading.Thread(target=p.stop, args=(2.0,)) for p in (beat, worker)]
            for thread in stopping:
                thread.start()
            for thread in stopping:
                thread.join()
    client.close()
    journal.close()
    pg_template.drop_clone(pg_url)


def _decisions(world: World, run_id: str) -> list[Any]:
    found = []
    while True:
        decision = world.journal.get_decision(run_id=run_id, decision_index=len(found))
        if decision is None:
            return found
        found.append(decision)


def _killed_attempt(world: World, scenario: Scenario) -> int:
    """The pid of the attempt the hook SIGKILLed (it noted a start and never an end)."""
    assert scenario.crash_file.exists(), f"{scenario.name}: the crash hook never fired"
    lines = Path(f"{scenario.crash_file}.attempts").read_text().split()
    events = list(zip(map(int, lines[::2]), lines[1::2], strict=True))
    notes = Counter(events)
    (killed,) = {pid for pid, _ in notes if notes[pid, "start"] > notes[pid, "end"]}
    last_pid, last_event = events[-1]
    assert last_event == "end" and last_pid != killed  # another process finished the run
    assert not celery_procs.pid_alive(killed)
    # The worker logs a child's death when it reaps it, which may be after the run went on.
    wait_until(
        lambda: str(killed) in KILLED_CHILD.findall(world.worker.log()),
        timeout=30,
        message=f"the worker reporting pool child {killed} killed by SIGKILL",
    )
    return killed


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_sigkilled_sdk_agent_resumes_asking_once_and_wiring_once(
    world: World, point: str
) -> None:
    scenario = world.scenarios[point]
    run = world.settled(point)
    _killed_attempt(world, scenario)
    reference = scenario.references[0]
    assert run.detail["result"] == {
        "final_output": f"wired 250 for {reference}",
        "last_agent": "treasurer",
    }
    decisions = _decisions(world, scenario.run_id)
    assert len(decisions) == 2
    assert ScriptedModel.count_at(scenario.counter) == 2  # each decision asked once
    (effect,) = world.journal.list_effects(run_id=scenario.run_id)
    assert effect.status == EffectStatus.CONFIRMED
    assert effect.idempotency_key.endswith("/decision-0/wire_money/0")
    assert scenario.wires(world.bank, reference) == 1


def test_a_lost_ack_is_reconciled_and_the_agent_gets_the_reconciled_receipt(
    world: World,
) -> None:
    scenario = world.scenarios["lost_ack"]
    run = world.settled("lost_ack")
    reference = scenario.references[0]
    assert run.detail["result"]["last_agent"] == "treasurer"  # the tool of a handoff target
    (effect,) = world.journal.list_effects(run_id=scenario.run_id)
    assert effect.status == EffectStatus.CONFIRMED
    history = [e.payload.get("status") for e in _effect_entries(world, effect.idempotency_key)]
    assert "unknown" in history, history
    assert scenario.wires(world.bank, reference) == 1
    resets = [r for r in world.bank.requests if r.fault == "reset"]
    assert len(resets) == 1 and resets[0].committed
    # triage's handoff, the treasurer's wire call, its answer: three decisions, each asked once.
    decisions = _decisions(world, scenario.run_id)
    assert len(decisions) == 3
    calls = ScriptedModel.count_at(scenario.counter)
    assert calls + ScriptedModel.count_at(f"{scenario.counter}.triage") == 3
    (wire_call,) = decisions[1].response["output"]
    fed = [
        item
        for item in decisions[2].request["input"]
        if isinstance(item, dict)
        and item.get("type") == "function_call_output"
        and item.get("call_id") == wire_call["call_id"]
    ]
    assert len(fed) == 1
    receipt = effect.response["external_ref"]
    assert receipt in str(fed[0]["output"]), (fed, effect.response)


def _effect_entries(world: World, key: str) -> list[Any]:
    run_id = key.split("/", 1)[0]
    entries = world.journal.read_journal(run_id=run_id, limit=1000)
    return [e for e in entries if e.kind == "effect" and e.payload.get("idempotency_key") == key]


def test_parallel_tool_calls_in_one_turn_are_each_journaled_once(world: World) -> None:
    scenario = world.scenarios["parallel"]
    run = world.settled("parallel")
    _killed_attempt(world, scenario)
    assert run.status == RunStatus.TERMINAL
    effects = world.journal.list_effects(run_id=scenario.run_id)
    keys = sorted(e.idempotency_key for e in effects)
    assert keys == [
        f"{scenario.run_id}/decision-0/wire_money/0",
        f"{scenario.run_id}/decision-0/wire_money/1",
    ]
    assert {e.status for e in effects} == {EffectStatus.CONFIRMED}
    by_key = {e.idempotency_key: e.request["reference"] for e in effects}
    assert [by_key[k] for k in keys] == scenario.references  # position = place in the answer
    for reference in scenario.references:
        assert scenario.wires(world.bank, reference) == 1
    assert ScriptedModel.count_at(scenario.counter) == len(_decisions(world, scenario.run_id)) == 2
    (first, _) = _decisions(world, scenario.run_id)
    ids = [item["call_id"] for item in first.response["output"]]
    assert [i.rsplit("-", 2)[1:] for i in ids] == [["0", "0"], ["0", "1"]]


def test_a_budget_cap_ends_the_sdk_run_with_tapes_stop_message(world: World) -> None:
    scenario = world.scenarios["budget"]
    run = world.settled("budget")
    final = run.detail["result"]["final_output"]
    assert final.startswith("[tape] stopping: "), final
    assert len(_decisions(world, scenario.run_id)) == 1  # the refused call is not a decision
    assert ScriptedModel.count_at(scenario.counter) == 1
    assert scenario.wires(world.bank, scenario.references[0]) == 1
