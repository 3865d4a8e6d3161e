"""``tape.cancel_run``, ``tape.is_cancelled``, ``tape.heartbeat`` and ``tape.policy_is``, on
Postgres and SQLite; bad input is refused with a named error and writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import tape
from tape import Journal, RunStatus, errors, runtime
from tape.agents import context
from tape.config import Settings
from tests.integration.test_bad_input import dump
from tests.support.clock import FakeClock
from tests.support.runs import new_run


@pytest.fixture
def rj(journal_url: str) -> Iterator[Journal]:
    """The journal, also as the process's configured one (helpers called outside a run)."""
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def start(j: Journal, agent: tape.Agent[Any], **inputs: Any) -> str:
    return j.create_run(app_name=agent.name, invocation_id=tape.uuid(), input_json=inputs).run_id


def refused(j: Journal, error: type[BaseException], call: Callable[[], Any]) -> None:
    before = dump(j)
    with pytest.raises(error):
        call()
    assert dump(j) == before, "a refused call changed the database"


class active:
    """Run the block as attempt ``epoch`` of ``run_id`` (what the runner does)."""

    def __init__(self, j: Journal, run_id: str, **kw: Any) -> None:
        run = j.get_run(run_id=run_id)
        self.ctx = context.RunContext(j, run_id, run.lease_epoch, run.lease_owner, **kw)

    def __enter__(self) -> context.RunContext:
        self.token = context.activate(self.ctx)
        return self.ctx

    def __exit__(self, *exc: object) -> None:
        context.deactivate(self.token)


# ---- cancel_run / is_cancelled ------------------------------------------------------------------


def test_cancel_run_ends_the_run_cancelled_with_the_reason(rj: Journal) -> None:
    run_id = new_run(rj)
    assert tape.is_cancelled(run_id) is False

    cancelled = tape.cancel_run(run_id, reason="customer withdrew")
    assert cancelled.status == RunStatus.CANCELLED
    assert cancelled.detail == {"cancelled": True, "reason": "customer withdrew"}
    assert tape.is_cancelled(run_id) is True
    assert run_id not in {r.run_id for r in rj.list_runs_to_recover()}
    # Cancelling again changes nothing.
    before = dump(rj)
    assert tape.cancel_run(run_id, reason="again").detail == cancelled.detail
    assert dump(rj) == before


def test_cancel_run_takes_an_explicit_journal(journal: Journal) -> None:
    run_id = new_run(journal)
    assert tape.cancel_run(run_id, journal=journal).status == RunStatus.CANCELLED
    assert tape.is_cancelled(run_id, journal=journal) is True


@tape.agent(name="test-sdk-self-cancel")
def self_cancelling(ctx: tape.RunContext) -> Any:
    seen = [tape.is_cancelled()]
    tape.cancel_run(ctx.run_id, reason="changed my mind")
    seen.append(tape.is_cancelled())
    return seen


def test_an_agent_sees_its_own_cancellation_and_the_run_stays_cancelled(rj: Journal) -> None:
    run_id = start(rj, self_cancelling)
    after = self_cancelling.drive(run_id, journal=rj)
    assert after.status == RunStatus.CANCELLED  # the attempt's TERMINAL end was refused
    assert after.detail == {"cancelled": True, "reason": "changed my mind"}
    assert [e.payload.get("status") for e in rj.read_journal(run_id=run_id, kind="run")][-1] == (
        "cancelled"
    )


def test_is_cancelled_outside_a_run_without_an_id_is_false(rj: Journal) -> None:
    assert tape.is_cancelled() is False


def test_cancel_and_is_cancelled_refuse_bad_input(rj: Journal) -> None:
    live = new_run(rj)
    over = new_run(rj)
    rj.end_run(run_id=over, status=RunStatus.TERMINAL)
    refused(rj, errors.RunNotFound, lambda: tape.cancel_run("no-such-run"))
    refused(rj, errors.IllegalTransition, lambda: tape.cancel_run(over))
    refused(rj, errors.InvalidArgument, lambda: tape.cancel_run(""))
    refused(rj, errors.InvalidArgument, lambda: tape.cancel_run(live, reason=5))  # type: ignore[arg-type]
    refused(rj, errors.InvalidArgument, lambda: tape.cancel_run(live, reason="x" * 3000))
    refused(rj, errors.RunNotFound, lambda: tape.is_cancelled("no-such-run"))
    refused(rj, errors.InvalidArgument, lambda: tape.is_cancelled(""))
    assert rj.get_run(run_id=live).status == RunStatus.RUNNING


# ---- heartbeat ----------------------------------------------------------------------------------


def test_heartbeat_renews_the_current_runs_lease(tj: Journal, clock: FakeClock) -> None:
    started = tj.begin_run(
        app_name="app",
        user_id="u",
        session_id="s",
        invocation_id="hb",
        lease_owner="w1",
        lease_ttl_ms=1_000,
    )
    with active(tj, started.run_id, lease_ttl_ms=1_000):
        clock.advance(900)
        renewed = tape.heartbeat()
        assert renewed.lease_expires_at_ms == clock.now + 1_000
        assert renewed.lease_epoch == started.lease_epoch  # a renewal, not a takeover
        longer = tape.heartbeat(lease_ttl_ms=30_000)
        assert longer.lease_expires_at_ms == clock.now + 30_000
        clock.advance(5_000)
        assert tj.list_runs_to_recover() == []  # the lease is live: recovery leaves it alone


def test_heartbeat_after_a_takeover_is_refused_and_stops_the_attempt(
    tj: Journal, clock: FakeClock
) -> None:
    run_id = new_run(tj)
    with active(tj, run_id, lease_ttl_ms=1_000) as ctx:
        clock.advance(200_000)  # our lease expired; another worker takes the run over
        tj.resume_run(run_id=run_id, lease_owner="w2")
        refused(tj, errors.LeaseError, tape.heartbeat)
        assert ctx.lease_active is False
        refused(tj, errors.LeaseError, tape.heartbeat)  # and stays refused, without a write


def test_heartbeat_refuses_bad_input(journal: Journal) -> None:
    refused(journal, errors.InvalidArgument, tape.heartbeat)  # outside a run
    run_id = new_run(journal)
    with active(journal, run_id):
        for ttl in (0, -5, 1.5, True):
            refused(journal, errors.InvalidArgument, lambda ttl=ttl: tape.heartbeat(ttl))


# ---- policy_is ----------------------------------------------------------------------------------

MODEL = tape.ScriptedModel([{"content": "ok"}])


@tape.agent(name="test-sdk-policy", policy_version="cfo-policy-2026.05")
def policy_agent(ctx: tape.RunContext) -> Any:
    ctx.decide(MODEL, {"q": "which policy?"})
    return {
        "new": tape.policy_is("cfo-policy-2026.05"),
        "old": tape.policy_is("cfo-policy-2025.01"),
    }


def test_policy_is_branches_on_the_version_the_run_started_with(rj: Journal) -> None:
    MODEL.reset([{"content": "ok"}])
    run_id = policy_agent.delay().run_id
    assert rj.get_run(run_id=run_id).labels == {"policy_version": "cfo-policy-2026.05"}

    # A deploy moves the agent on to a new policy: the run keeps the one it started with.
    policy_agent.policy_version = "cfo-policy-2027.01"
    try:
        done = policy_agent.drive(run_id, journal=rj)
    finally:
        policy_agent.policy_version = "cfo-policy-2026.05"
    assert done.detail == {"result": {"new": True, "old": False}}
    decision = rj.get_decision(run_id=run_id, decision_index=0)
    assert decision is not None and decision.policy_version == "cfo-policy-2026.05"


def test_policy_is_outside_a_run_or_without_a_version_is_false(journal: Journal) -> None:
    assert tape.policy_is("v1") is False
    with active(journal, new_run(journal)):
        assert tape.policy_is("v1") is False


@pytest.mark.parametrize("version", ["", "  ", None, 3])
def test_policy_is_refuses_a_bad_version(journal: Journal, version: Any) -> None:
    with active(journal, new_run(journal)):
        refused(journal, errors.InvalidArgument, lambda: tape.policy_is(version))


def test_an_agent_refuses_a_bad_policy_version() -> None:
    with pytest.raises(errors.InvalidArgument):
        tape.agent(name="test-sdk-bad-policy", policy_version=7)(  # type: ignore[arg-type]
            lambda ctx: None
        )
