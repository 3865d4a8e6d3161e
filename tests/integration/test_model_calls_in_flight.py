"""Model calls leave a trace before they go out (issue 27, step 3), in-process on Postgres,
SQLite and through a tape server: ``ctx.decide`` (and the framework seam) journals the
decision as begun (model, request digest, provider key) before calling the model; a call that
raises is journaled ``call-failed``; a begun call nothing settled was lost with its process,
so the next attempt charges its unknown spend, counts it, and asks again. The same with a real
worker SIGKILLed during a slow model call: tests/acceptance/test_model_call_in_flight.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import tape
from tape import Journal, RunStatus, digests, runtime
from tape.config import Settings
from tape.integrations import core
from tests.support.clock import FakeClock

pytestmark = pytest.mark.journal_backends("postgres", "sqlite", "tape")

SEEN: list[dict[str, Any]] = []


@pytest.fixture
def tj(journal_url: str, clock: FakeClock) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    SEEN.clear()
    journal = Journal(journal_url, clock=clock)
    yield journal
    journal.close()
    runtime.configure(Settings(dispatch_hints=False))


class Watching:
    """A model that looks at the journal while it is being called."""

    name = "watching"

    def __init__(self, journal: Journal, fail: bool = False) -> None:
        self.journal = journal
        self.fail = fail

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        ctx = tape.agents.current()
        assert ctx is not None
        begun = self.journal.read_journal(
            run_id=ctx.run_id, subject_pattern="/tape/decision/begun/**"
        )
        SEEN.append({"begun": [r.payload for r in begun], "key": tape.current_decision_key()})
        if self.fail:
            raise RuntimeError("provider said 500 for https://api.example/v1?api_key=sk-SECRET")
        return {"content": "ok", "usage": {"total_tokens": 10}}


def asking(journal: Journal, fail: bool = False) -> tape.Agent[Any]:
    model = Watching(journal, fail)

    @tape.agent(name="inflight-asker")
    def ask(ctx: tape.RunContext) -> Any:
        return ctx.decide(model, {"messages": [{"role": "user", "content": "hi"}]})["content"]

    return ask


def rows(tj: Journal, run_id: str, verb: str) -> list[Any]:
    return tj.read_journal(run_id=run_id, subject_pattern=f"/tape/decision/{verb}/**")


def test_a_decision_is_journaled_as_begun_before_the_model_is_called(tj: Journal) -> None:
    agent = asking(tj)
    run_id = tj.create_run(app_name=agent.name, invocation_id=tape.uuid()).run_id
    assert agent.drive(run_id, journal=tj).status == RunStatus.TERMINAL
    request = {"messages": [{"role": "user", "content": "hi"}]}
    ((seen),) = SEEN
    assert seen["key"] == f"{run_id}/decision-0"
    assert seen["begun"] == [
        {
            "decision_index": 0,
            "model": "watching",
            "request_digest": digests.decision("watching", json.dumps(request)),
            "provider_key": f"{run_id}/decision-0",
        }
    ]
    (begun,) = rows(tj, run_id, "begun")
    (recorded,) = rows(tj, run_id, "recorded")
    assert begun.seq < recorded.seq
    assert rows(tj, run_id, "lost") == []
    assert tape.current_decision_key() == ""  # only during the call


def test_a_call_that_raised_is_journaled_and_never_charged_as_lost(tj: Journal) -> None:
    agent = asking(tj, fail=True)
    run_id = tj.create_run(app_name=agent.name, invocation_id=tape.uuid()).run_id
    assert agent.drive(run_id, journal=tj).status == RunStatus.FAILED
    (failed,) = rows(tj, run_id, "call-failed")
    (begun,) = rows(tj, run_id, "begun")
    assert failed.payload["begun_seq"] == begun.seq
    assert failed.payload["error"]["type"] == "RuntimeError"
    assert failed.payload["error"]["message"].startswith("provider said 500 for https://api")
    assert "sk-SECRET" not in json.dumps(failed.payload)  # redacted, as connector errors are
    assert tj.get_budget(run_id=run_id).tokens_spent == 0


def test_a_call_in_flight_when_its_attempt_died_is_charged_counted_and_asked_again(
    tj: Journal, clock: FakeClock
) -> None:
    model = Watching(tj)

    @tape.agent(name="inflight-two-step")
    def two_steps(ctx: tape.RunContext) -> Any:
        ctx.decide(model, {"messages": [{"role": "user", "content": "one"}]})
        return ctx.decide(model, {"messages": [{"role": "user", "content": "two"}]})["content"]

    run_id = tj.create_run(app_name=two_steps.name, invocation_id=tape.uuid()).run_id
    run = tj.resume_run(run_id=run_id, lease_owner="dead-worker", lease_ttl_ms=60_000)
    # what the attempt that died had journaled: decision 0 (10 tokens), decision 1 begun
    tj.record_decision(
        run_id=run_id,
        decision_index=0,
        model="watching",
        request_json={"messages": [{"role": "user", "content": "one"}]},
        response_json={"content": "ok", "usage": {"total_tokens": 10}},
        lease_epoch=run.lease_epoch,
    )
    tj.charge_budget(run_id=run_id, tokens=10)
    tj.begin_decision(
        run_id=run_id, decision_index=1, model="watching", lease_epoch=run.lease_epoch
    )
    clock.advance(60_001)  # the dead worker's lease runs out

    done = two_steps.drive(run_id, journal=tj)
    assert done.status == RunStatus.TERMINAL, done.detail
    assert len(SEEN) == 1  # decision 0 replayed, decision 1 asked once more
    begun = rows(tj, run_id, "begun")
    assert [b.payload["decision_index"] for b in begun] == [1, 1]  # the journal shows both
    (lost,) = rows(tj, run_id, "lost")
    assert lost.payload == {
        "decision_index": 1,
        "begun_seq": begun[0].seq,
        "model": "watching",
        "usd": 0.0,
        "tokens": 10,
    }
    assert begun[0].seq < lost.seq < begun[1].seq
    # 10 (decision 0) + 10 (the lost call, charged at the largest charge) + 10 (asked again)
    assert tj.get_budget(run_id=run_id).tokens_spent == 30


def test_the_framework_seam_journals_its_calls_as_begun_too(tj: Journal) -> None:
    @tape.agent(name="inflight-seam")
    def seam(ctx: tape.RunContext) -> Any:
        return core.model_turn(ctx, {"q": 1}, lambda: {"a": tape.current_decision_key()})

    run_id = tj.create_run(app_name=seam.name, invocation_id=tape.uuid()).run_id
    assert seam.drive(run_id, journal=tj).detail == {"result": {"a": f"{run_id}/decision-0"}}
    (begun,) = rows(tj, run_id, "begun")
    assert begun.payload["request_digest"] == digests.decision("", '{"q": 1}')


def test_begin_decision_refuses_bad_input_and_a_stale_lease(tj: Journal) -> None:
    run_id = tj.create_run(app_name="x", invocation_id=tape.uuid()).run_id
    run = tj.resume_run(run_id=run_id, lease_owner="a", lease_ttl_ms=60_000)
    with pytest.raises(tape.errors.InvalidArgument):
        tj.begin_decision(run_id=run_id, decision_index=-1)
    with pytest.raises(tape.errors.StaleLease):
        tj.begin_decision(run_id=run_id, decision_index=0, lease_epoch=run.lease_epoch + 5)
    assert rows(tj, run_id, "begun") == []


class Storing(Watching):
    """A provider that stores its responses by idempotency key and can be asked for one."""

    def __init__(self, journal: Journal, stored: dict[str, Any]) -> None:
        super().__init__(journal)
        self.stored = stored
        self.fetched: list[str] = []

    def fetch_response(self, key: str) -> dict[str, Any] | None:
        self.fetched.append(key)
        return self.stored.get(key)


def test_a_lost_call_is_fetched_from_a_provider_that_stored_it(
    tj: Journal, clock: FakeClock
) -> None:
    run_id = tj.create_run(app_name="inflight-fetch", invocation_id=tape.uuid()).run_id
    key = f"{run_id}/decision-0"
    model = Storing(tj, {key: {"content": "stored", "usage": {"total_tokens": 10}}})

    @tape.agent(name="inflight-fetch")
    def fetcher(ctx: tape.RunContext) -> Any:
        return ctx.decide(model, {"messages": [{"role": "user", "content": "hi"}]})["content"]

    run = tj.resume_run(run_id=run_id, lease_owner="dead-worker", lease_ttl_ms=60_000)
    tj.charge_budget(run_id=run_id, tokens=10)  # what the run had spent before
    tj.begin_decision(
        run_id=run_id, decision_index=0, model="watching", lease_epoch=run.lease_epoch
    )
    clock.advance(60_001)

    done = fetcher.drive(run_id, journal=tj)
    assert done.detail == {"result": "stored"}
    assert model.fetched == [key] and SEEN == []  # fetched, never asked again
    assert len(rows(tj, run_id, "lost")) == 1
    # 10 before + 10 for the lost call (its answer, fetched, is not charged twice)
    assert tj.get_budget(run_id=run_id).tokens_spent == 20


def test_a_provider_with_nothing_stored_is_asked_again(tj: Journal, clock: FakeClock) -> None:
    run_id = tj.create_run(app_name="inflight-fetch-none", invocation_id=tape.uuid()).run_id
    model = Storing(tj, {})

    @tape.agent(name="inflight-fetch-none")
    def fetcher(ctx: tape.RunContext) -> Any:
        return ctx.decide(model, {"messages": [{"role": "user", "content": "hi"}]})["content"]

    run = tj.resume_run(run_id=run_id, lease_owner="dead-worker", lease_ttl_ms=60_000)
    tj.begin_decision(
        run_id=run_id, decision_index=0, model="watching", lease_epoch=run.lease_epoch
    )
    clock.advance(60_001)
    assert fetcher.drive(run_id, journal=tj).detail == {"result": "ok"}
    assert model.fetched == [f"{run_id}/decision-0"] and len(SEEN) == 1
