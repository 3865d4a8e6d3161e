"""Fork with effect accounting (issue 26, test 4), in-process on Postgres and SQLite.

A run of ``fork_agent`` makes five decisions and wires money through the non-idempotent
outbox at decisions 1 and 3 (a real HTTP bank, FakeUpstream; the outbox pass run by hand).
Forked at decision 2:

- ``reuse``: the new run replays decisions 0 and 1 (the wire of decision 1 is not sent again),
  asks decisions 2 to 4 again, and its decision 3, asking the same wire, gets the old one: one
  wire each in all;
- ``compensate``: the new decision 3 wires another amount; the old decision 3's wire is
  reversed once, on the old run;
- a fork while the abandoned part has an UNKNOWN wire is refused and writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import tape
from tape import EffectStatus, Journal, RunStatus, connectors, errors, runtime
from tape.agents import runner
from tape.config import Settings
from tape.reactors import compensate, outbox
from tape.testing import FakeUpstream

pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")

ANSWERS: dict[int, dict[str, Any]] = {}
ASKED: list[int] = []
REVERSED: list[dict[str, Any]] = []


class Steps:
    """A model answering each step from ``ANSWERS`` (the test changes them between runs)."""

    name = "steps"

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        ASKED.append(request["step"])
        return dict(ANSWERS[request["step"]])


def reverse_fork_wire(**payload: Any) -> dict[str, Any]:
    REVERSED.append(payload)  # the bank's answer to the wire
    return {"reversed": True}


@tape.outbox_tool(
    connector="bank.fork",
    semantics="non_idempotent",
    business_key=lambda tag, amount, **_: f"{tag}:{amount}",
    compensate=reverse_fork_wire,
)
def fork_wire(tag: str, amount: int) -> dict[str, Any]:
    return {"tag": tag, "account": "acc-1", "amount": amount, "beneficiary": "bob"}


@tape.agent(name="fork_agent", lease_ttl_ms=60_000)
def fork_agent(ctx: tape.RunContext, tag: str) -> list[Any]:
    model = Steps()
    wires = []
    for step in range(5):
        answer = ctx.decide(model, {"step": step})
        if "wire" in answer:
            wires.append(fork_wire(tag=tag, amount=answer["wire"]))
    return wires


@pytest.fixture
def fj(journal_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Journal, FakeUpstream]]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    monkeypatch.setattr(runner, "send", lambda *args: None)  # driven in-process below
    saved = connectors.snapshot()
    ANSWERS.clear()
    ANSWERS.update({0: {}, 1: {"wire": 100}, 2: {}, 3: {"wire": 300}, 4: {}})
    ASKED.clear()
    REVERSED.clear()
    with FakeUpstream() as bank:
        connectors.register(bank.http_connector("bank.fork"))
        yield runtime.journal(), bank
    connectors.restore(saved)
    runtime.configure(Settings(dispatch_hints=False))


def finish(j: Journal, run_id: str) -> tape.RunState:
    """Drive the run, dispatching its wires between attempts, until it is no longer WAITING."""
    for _ in range(20):
        run = fork_agent.drive(run_id, journal=j)
        if run.status != RunStatus.WAITING:
            return run
        outbox.run_once(j)
    raise AssertionError(f"run {run_id} still WAITING")


def wired(bank: FakeUpstream) -> list[int]:
    return sorted(
        r.json["amount"]
        for r in bank.requests
        if r.path == "/wires" and r.method == "POST" and r.committed
    )


def original(j: Journal) -> str:
    run_id = j.create_run(
        app_name="fork_agent",
        invocation_id=uuid.uuid4().hex,
        input_json={"tag": uuid.uuid4().hex[:8]},
    ).run_id
    assert finish(j, run_id).status == RunStatus.TERMINAL
    return run_id


def test_reuse_keeps_decision_1s_wire_and_gets_the_old_wire_for_the_same_call(
    fj: tuple[Journal, FakeUpstream],
) -> None:
    j, bank = fj
    old = original(j)
    assert wired(bank) == [100, 300]
    ASKED.clear()
    new = j.fork_run(run_id=old, from_decision=2, policy="reuse", operator="ops", note="retry")
    assert new.status == RunStatus.RUNNABLE
    done = finish(j, new.run_id)
    assert done.status == RunStatus.TERMINAL, done.detail
    assert ASKED == [2, 3, 4]  # decisions 0 and 1 replayed, 2.. asked again
    assert wired(bank) == [100, 300]  # one wire each in all
    assert len(done.detail["result"]) == 2  # the agent got both wires
    # both journals record the fork; the tree shows it
    (row,) = j.read_journal(run_id=old, subject_pattern="/tape/run/fork/**")
    assert (row.payload["fork_run_id"], row.payload["policy"]) == (new.run_id, "reuse")
    (back,) = j.read_journal(run_id=new.run_id, subject_pattern="/tape/run/fork-of/**")
    assert back.payload["parent_run_id"] == old
    assert [d["decision_index"] for d in back.payload["dropped_decisions"]] == [2, 3, 4]
    assert j.run_tree(run_id=old)["forks"] == [{"run_id": new.run_id, "status": "TERMINAL"}]
    assert j.run_tree(run_id=new.run_id)["parent"] == {"run_id": old, "kind": "fork"}
    assert j.get_run(run_id=old).status == RunStatus.TERMINAL


def test_compensate_reverses_the_old_decision_3_once_and_the_fork_wires_anew(
    fj: tuple[Journal, FakeUpstream],
) -> None:
    j, bank = fj
    old = original(j)
    ANSWERS[3] = {"wire": 350}  # the new decision 3 decides otherwise
    new = j.fork_run(run_id=old, from_decision=2, policy="compensate", operator="ops")
    assert finish(j, new.run_id).status == RunStatus.TERMINAL
    compensate.run_once(j)
    compensate.run_once(j)
    assert len(REVERSED) == 1  # once, on the old run (which one: the obligation below)
    assert wired(bank) == [100, 300, 350]
    (owed,) = [o for o in j.list_obligations(run_id=old) if o.status.name == "COMPENSATED"]
    assert owed.effect_key.endswith("/decision-3/fork_wire/0")
    assert j.get_run(run_id=old).status == RunStatus.TERMINAL
    (row,) = j.read_journal(run_id=old, subject_pattern="/tape/run/fork/**")
    assert row.payload["compensated_effects"] == [owed.effect_key]


def test_keep_leaves_the_old_wire_done_outside_the_new_run(
    fj: tuple[Journal, FakeUpstream],
) -> None:
    j, bank = fj
    old = original(j)
    ANSWERS[3] = {"wire": 350}
    new = j.fork_run(run_id=old, from_decision=2, policy="keep", operator="ops")
    assert finish(j, new.run_id).status == RunStatus.TERMINAL
    compensate.run_once(j)
    assert REVERSED == []
    assert wired(bank) == [100, 300, 350]
    (row,) = j.read_journal(run_id=old, subject_pattern="/tape/run/fork/**")
    assert len(row.payload["kept_outside"]) == 1


def test_a_fork_with_an_unknown_effect_in_the_abandoned_part_is_refused(
    fj: tuple[Journal, FakeUpstream],
) -> None:
    j, bank = fj
    run_id = j.create_run(
        app_name="fork_agent", invocation_id=uuid.uuid4().hex, input_json={"tag": "u"}
    ).run_id
    bank.respond(503, {"error": "down"}, commit=True, times=None)  # landed, answer lost
    for _ in range(3):  # decision 1's wire parks the run; its dispatch ends UNKNOWN
        fork_agent.drive(run_id, journal=j)
        outbox.run_once(j)
    (wire,) = j.list_effects(run_id=run_id)
    assert wire.status == EffectStatus.UNKNOWN
    tape.cancel_run(run_id, journal=j)
    before = (len(j.list_runs()), len(j.read_journal(run_id=run_id)))
    with pytest.raises(errors.IllegalTransition, match=r"fork refused: .* PENDING or UNKNOWN"):
        j.fork_run(run_id=run_id, from_decision=1, policy="reuse", operator="ops")
    assert (len(j.list_runs()), len(j.read_journal(run_id=run_id))) == before
    # nor may a fork keep it: a kept effect must be final
    with pytest.raises(errors.IllegalTransition, match="not final"):
        j.fork_run(run_id=run_id, from_decision=2, policy="keep", operator="ops")
    assert (len(j.list_runs()), len(j.read_journal(run_id=run_id))) == before


def test_a_run_still_going_or_a_bad_request_is_refused(fj: tuple[Journal, FakeUpstream]) -> None:
    j, _ = fj
    run_id = j.create_run(
        app_name="fork_agent", invocation_id=uuid.uuid4().hex, input_json={"tag": "g"}
    ).run_id
    with pytest.raises(errors.IllegalTransition, match="still going"):
        j.fork_run(run_id=run_id, from_decision=0, operator="ops")
    old = original(j)
    with pytest.raises(errors.InvalidArgument):
        j.fork_run(run_id=old, from_decision=9, operator="ops")
    with pytest.raises(errors.InvalidArgument):
        j.fork_run(run_id=old, from_decision=1, policy="twice", operator="ops")
    with pytest.raises(errors.RunNotFound):
        j.fork_run(run_id="nope", from_decision=0, operator="ops")


def test_tape_fork_cli_forks_and_refuses_bad_usage(
    fj: tuple[Journal, FakeUpstream], journal_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from tape import cli

    j, _ = fj
    monkeypatch.setenv("TAPE_OPERATOR", "alice")

    def invoke(*args: str) -> Any:
        return CliRunner().invoke(
            cli.tape, ["fork", *args, "--database-url", journal_url], catch_exceptions=False
        )

    old = original(j)
    assert invoke(old).exit_code == 2  # no --from-decision
    assert invoke(old, "--from-decision", "-1").exit_code == 2
    assert invoke(old, "--from-decision", "2", "--policy", "twice").exit_code == 2
    assert invoke(old, "--from-decision", "9").exit_code == 1
    assert j.run_tree(run_id=old)["forks"] == []
    done = invoke(old[:8], "--from-decision", "2", "--policy", "reuse", "--note", "n", "--json")
    assert done.exit_code == 0, done.output
    (fork,) = j.run_tree(run_id=old)["forks"]
    assert f'"fork_run_id": "{fork["run_id"]}"' in done.output
    (row,) = j.read_journal(run_id=old, subject_pattern="/tape/run/fork/**")
    assert (row.payload["operator"], row.payload["note"]) == ("alice", "n")
    # tape inspect shows the fork on both runs
    shown = CliRunner().invoke(
        cli.tape, ["inspect", old, "--database-url", journal_url], catch_exceptions=False
    )
    assert shown.exit_code == 0 and "Composed runs" in shown.output, shown.output
    back = CliRunner().invoke(
        cli.tape,
        ["inspect", fork["run_id"], "--json", "--database-url", journal_url],
        catch_exceptions=False,
    )
    assert '"kind": "fork"' in back.output and old in back.output


def test_the_dashboard_forks_a_run_only_with_token_and_csrf(
    fj: tuple[Journal, FakeUpstream],
) -> None:
    import requests

    from tests.support import ui_server

    j, bank = fj
    old = original(j)
    form = {"kind": "fork", "run_id": old, "action": "reuse", "from_decision": "2", "note": "n"}
    token = uuid.uuid4().hex
    with ui_server.serving(j, token=token) as base:
        session = requests.Session()
        session.post(f"{base}/login", data={"operator": "carol", "token": token}, timeout=10)
        page = session.get(f"{base}/runs/{old}", timeout=10).text
        assert 'id="fork-form"' in page
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
        no_csrf = session.post(f"{base}/triage/resolve", data=form, timeout=10)
        assert no_csrf.status_code == 403
        bad = session.post(
            f"{base}/triage/resolve", data={**form, "action": "twice", "csrf": csrf}, timeout=10
        )
        assert bad.status_code == 400
        assert j.run_tree(run_id=old)["forks"] == []
        preview = session.post(f"{base}/triage/resolve", data={**form, "csrf": csrf}, timeout=10)
        assert preview.status_code == 200 and "fork from decision" in preview.text
        assert j.run_tree(run_id=old)["forks"] == []  # nothing recorded before the confirmation
        done = session.post(
            f"{base}/triage/resolve",
            data={**form, "csrf": csrf, "confirm": "yes"},
            timeout=10,
            allow_redirects=False,
        )
        assert done.status_code == 303, done.text
        (fork,) = j.run_tree(run_id=old)["forks"]
        shown = session.get(f"{base}/runs/{old}", timeout=10).text
        assert 'id="run-tree"' in shown and fork["run_id"] in shown
    (row,) = j.read_journal(run_id=old, subject_pattern="/tape/run/fork/**")
    assert (row.payload["operator"], row.payload["policy"]) == ("carol", "reuse")
    assert finish(j, fork["run_id"]).status == RunStatus.TERMINAL
    assert wired(bank) == [100, 300]
