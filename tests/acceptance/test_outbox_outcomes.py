"""The outbox pass in this process, outcome by outcome (no Celery): the table in
``tape/reactors/outbox.py``, on Postgres, mostly on a journal clock the test moves.

Covers the rows the Celery tests cannot pin down cheaply: backoff and the final FAILED
(docs/design.md decision 9), a connector that raises (both semantics), a dispatcher that keeps
dying, a confirmed effect's compensation obligation, ``Retry-After``, and attempts counted for real
sends only.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tape import (
    DispatchMode,
    EffectSemantics,
    EffectStatus,
    Journal,
    ObligationStatus,
)
from tape import connectors as connector_registry
from tape.reactors import outbox
from tape.testing import FakeUpstream
from tests.support.outbox_connectors import AlwaysFails, bank_connector
from tests.support.outbox_effects import current, new_run, outbox_effect, sent_with_key, transitions

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def registry() -> Iterator[None]:
    """In-process connector registrations, forgotten afterwards."""
    connector_registry.clear()
    yield
    connector_registry.clear()


# ---- 5. backoff and the final FAILED -----------------------------------------------------------


def test_failed_dispatch_backs_off_exponentially_then_fails_final(
    pg_url: str, registry: None
) -> None:
    now = [1_800_000_000_000]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        connector = connector_registry.register(AlwaysFails())
        effect = outbox_effect(journal, new_run(journal), 0, connector="always.fails")
        options = outbox.OutboxOptions(connector="always.fails", claimer="test-backoff")

        for attempt, delay in enumerate([1000, 2000, 4000, 8000], start=1):
            rows = outbox.run_once(journal, options)
            assert [r["result"] for r in rows] == ["retry-scheduled"], rows
            got = current(journal, effect)
            assert got.status == EffectStatus.PENDING
            assert got.dispatch_attempts == attempt
            assert got.next_dispatch_at_ms - now[0] == delay
            now[0] += delay - 1
            assert outbox.run_once(journal, options) == [], "dispatched before it was due"
            now[0] += 1

        rows = outbox.run_once(journal, options)
        assert [r["result"] for r in rows] == ["failed"], rows
        final = current(journal, effect)
        assert final.status == EffectStatus.FAILED
        assert final.dispatch_attempts == 5
        assert final.error["final"] is True
        assert final.error["attempts"] == 5
        assert final.error["last"]["message"] == "try later"
        assert connector.calls == 5
        now[0] += 3_600_000
        assert outbox.run_once(journal, options) == []
        assert connector.calls == 5
        assert transitions(journal, effect) == [
            *(["dispatch-retry-scheduled"] * 4),
            "dispatch-failed",
        ]
    finally:
        journal.close()


# ---- attempts are counted for real sends only ------------------------------------------------


def test_hint_on_a_worker_without_the_connector_leaves_the_effect_untouched(
    pg_journal: Journal, bank: FakeUpstream, registry: None
) -> None:
    """A fleet where only some workers import a connector: a hint that lands on the wrong one
    gives the claim back "untouched" (tape/reactors/outbox.py) — no attempt is used up, so the
    real send is attempt 1 and max_attempts still counts real sends only."""
    effect = outbox_effect(pg_journal, new_run(pg_journal), 0)
    row = outbox.dispatch_one(
        pg_journal, effect.run_id, effect.idempotency_key, outbox.OutboxOptions(claimer="other")
    )
    assert row["result"] == "skipped"
    back = current(pg_journal, effect)
    assert back.status == EffectStatus.PENDING
    assert back.dispatch_claimed_by == ""
    assert back.dispatch_attempts == 0, "a send that never happened was counted as an attempt"

    connector_registry.register(bank_connector(bank.url))
    rows = outbox.run_once(pg_journal, outbox.OutboxOptions(claimer="owner"))
    assert [r["result"] for r in rows] == ["confirmed"]
    (sent,) = sent_with_key(bank, effect.idempotency_key)
    assert sent.headers["X-Tape-Attempt"] == "1"
    assert current(pg_journal, effect).dispatch_attempts == 1


class _Died(BaseException):
    """Stands for the dispatcher's process dying mid-call: nothing after it runs."""


class _DiesMidCall:
    name = "dies.midcall"

    def __init__(self) -> None:
        self.calls = 0

    def dispatch(self, effect: Any) -> Any:
        self.calls += 1
        raise _Died

    def observe(self, effect: Any) -> Any:
        raise NotImplementedError

    def compensate(self, obligation: Any) -> Any:
        raise NotImplementedError


def test_idempotent_effect_whose_dispatcher_keeps_dying_is_not_resent_forever(
    pg_url: str, registry: None
) -> None:
    """docs/design.md decision 3 lets an IDEMPOTENT effect be re-sent after its dispatcher died,
    and decision 9 bounds sending by max_attempts (default 5). A poison effect that kills every
    dispatcher must stop being re-sent after max_attempts (and leave PENDING for UNKNOWN or
    FAILED), not crash-loop the workers forever."""
    now = [1_800_000_000_000]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        connector = connector_registry.register(_DiesMidCall())
        effect = outbox_effect(
            journal, new_run(journal), 0, connector="dies.midcall", idempotent=True
        )
        options = outbox.OutboxOptions(claimer="mortal", lease_ms=1000, max_attempts=5)
        for _ in range(10):
            with contextlib.suppress(_Died):
                outbox.run_once(journal, options)
            now[0] += 1001  # the dead dispatcher's lease runs out
        # Passes 1-5 each claim it (an attempt each) and die in the call; pass 6 finds the
        # fifth claim expired with every attempt used: UNKNOWN (it may have landed, so the
        # reconciler asks; FAILED would be a guess). Passes 7-10 find nothing to do.
        final = current(journal, effect)
        assert connector.calls == 5, f"sent {connector.calls} times with max_attempts=5"
        assert final.status == EffectStatus.UNKNOWN, final.status
        assert final.dispatch_attempts == 5
        assert final.last_dispatch_error == "dispatcher lost mid-call (claim expired)"
        assert transitions(journal, effect) == ["dispatch-claim-expired"]
    finally:
        journal.close()


# ---- a connector that raises: the "raised" row of the outbox table -------------------------


class _Raises:
    """A connector with a bug: every call raises a plain exception after it may have sent."""

    name = "raises"

    def __init__(self) -> None:
        self.calls = 0

    def dispatch(self, effect: Any) -> Any:
        self.calls += 1
        raise RuntimeError("connector bug after the request went out")

    def observe(self, effect: Any) -> Any:
        raise NotImplementedError

    def compensate(self, obligation: Any) -> Any:
        raise NotImplementedError


def test_connector_raising_makes_non_idempotent_unknown_and_never_resends(
    pg_url: str, registry: None
) -> None:
    now = [1_800_000_000_000]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        connector = connector_registry.register(_Raises())
        effect = outbox_effect(journal, new_run(journal), 0, connector="raises")
        options = outbox.OutboxOptions(claimer="test-raises")
        rows = outbox.run_once(journal, options)
        assert [r["result"] for r in rows] == ["unknown"], rows
        got = current(journal, effect)
        assert got.status == EffectStatus.UNKNOWN
        assert got.dispatch_attempts == 1
        assert got.dispatch_claimed_by == ""
        assert json.loads(got.last_dispatch_error) == {
            "reason": "connector raised",
            "type": "RuntimeError",
            "message": "connector bug after the request went out",
        }
        now[0] += 3_600_000
        assert outbox.run_once(journal, options) == []  # UNKNOWN is for the reconciler
        assert connector.calls == 1
        assert transitions(journal, effect) == ["dispatch-unknown"]
    finally:
        journal.close()


def test_connector_raising_retries_an_idempotent_effect_with_backoff_then_fails(
    pg_url: str, registry: None
) -> None:
    now = [1_800_000_000_000]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        connector = connector_registry.register(_Raises())
        effect = outbox_effect(journal, new_run(journal), 0, connector="raises", idempotent=True)
        options = outbox.OutboxOptions(claimer="test-raises", max_attempts=3)
        for attempt, delay in enumerate([1000, 2000], start=1):
            rows = outbox.run_once(journal, options)
            assert [r["result"] for r in rows] == ["retry-scheduled"], rows
            got = current(journal, effect)
            assert got.status == EffectStatus.PENDING
            assert got.dispatch_attempts == attempt
            assert got.next_dispatch_at_ms - now[0] == delay
            assert json.loads(got.last_dispatch_error)["type"] == "RuntimeError"
            now[0] += delay - 1
            assert outbox.run_once(journal, options) == [], "re-sent before it was due"
            now[0] += 1
        rows = outbox.run_once(journal, options)
        assert [r["result"] for r in rows] == ["failed"], rows
        final = current(journal, effect)
        assert final.status == EffectStatus.FAILED
        assert final.error["final"] is True and final.error["attempts"] == 3
        assert final.error["last"]["type"] == "RuntimeError"
        assert connector.calls == 3
        assert transitions(journal, effect) == [
            "dispatch-retry-scheduled",
            "dispatch-retry-scheduled",
            "dispatch-failed",
        ]
    finally:
        journal.close()


# ---- a confirmed effect with a compensator owes one obligation --------------------------------


@pytest.mark.parametrize("batch", [1, 3], ids=["alone", "in-a-batch"])
def test_confirmed_effect_with_a_compensator_owes_exactly_one_obligation(
    batch: int, pg_journal: Journal, bank: FakeUpstream, registry: None
) -> None:
    """One confirmation at a time, and Postgres's set-based confirmation of a batch, both
    register the obligation; an effect without a compensator owes none."""
    run_id = new_run(pg_journal)
    owing = [
        pg_journal.begin_effect(
            run_id=run_id,
            decision_index=i,
            tool_name="wire_money",
            request_json={"account": f"acc-{i}", "amount": 100},
            semantics=EffectSemantics.NON_IDEMPOTENT,
            dispatch_mode=DispatchMode.OUTBOX,
            connector="bank.wire",
            compensate_kind="reverse_wire",
        )
        for i in range(batch)
    ]
    plain = outbox_effect(pg_journal, run_id, batch) if batch > 1 else None
    connector_registry.register(bank_connector(bank.url))
    options = outbox.OutboxOptions(claimer="test-compensator")
    rows = outbox.run_once(pg_journal, options)
    assert sorted(r["result"] for r in rows) == ["confirmed"] * (batch + (plain is not None))
    assert outbox.run_once(pg_journal, options) == []
    owed = pg_journal.list_obligations(run_id=run_id)
    assert sorted(o.effect_key for o in owed) == sorted(e.idempotency_key for e in owing)
    for obligation in owed:
        effect = current(
            pg_journal, next(e for e in owing if e.idempotency_key == obligation.effect_key)
        )
        assert effect.status == EffectStatus.CONFIRMED
        assert obligation.status == ObligationStatus.PENDING
        assert obligation.kind == "reverse_wire"
        assert obligation.payload["external_ref"] == effect.external_ref
        assert obligation.attempts == 0 and obligation.claimed_by == ""


# ---- Retry-After through the pass ----------------------------------------------------------------


@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_retry_after_schedules_the_next_dispatch(
    form: str, pg_url: str, bank: FakeUpstream, registry: None
) -> None:
    # The journal's clock stands still (at the wall-clock time the connector reads), so when
    # the effect is due again depends on next_dispatch_at_ms alone, not on the machine's speed.
    now = [int(time.time() * 1000)]
    journal = Journal(pg_url, clock=lambda: now[0])
    try:
        effect = outbox_effect(journal, new_run(journal), 0)
        when_s = int(time.time()) + 30  # HTTP-dates have whole seconds
        header = "7" if form == "seconds" else email.utils.formatdate(when_s, usegmt=True)
        bank.respond(429, {"error": "slow down"}, headers={"Retry-After": header})
        connector_registry.register(bank_connector(bank.url))
        options = outbox.OutboxOptions(claimer="test-retry-after")
        before = int(time.time() * 1000)
        rows = outbox.run_once(journal, options)
        after = int(time.time() * 1000)
        assert [r["result"] for r in rows] == ["retry-scheduled"], rows
        got = current(journal, effect)
        assert got.status == EffectStatus.PENDING and got.dispatch_attempts == 1
        due = got.next_dispatch_at_ms
        if form == "seconds":
            assert before + 7000 <= due <= after + 7000
        else:
            assert when_s * 1000 - 1 <= due <= when_s * 1000 + (after - before) + 1
        # Not the dispatcher's own first backoff step (1 s): the upstream's schedule.
        now[0] = due - 1
        assert outbox.run_once(journal, options) == []
        assert len(sent_with_key(bank, effect.idempotency_key)) == 1
        now[0] = due
        assert [r["result"] for r in outbox.run_once(journal, options)] == ["confirmed"]
        assert len(sent_with_key(bank, effect.idempotency_key)) == 2
    finally:
        journal.close()
