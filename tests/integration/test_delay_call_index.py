"""``.delay(run_id=...)`` from outside the run: the journal allocates the call index, so
concurrent callers on real Postgres get distinct keys (counting the run's effects first and
inserting after gave two callers the same key)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

import tape
from tape import Journal, errors, keys, runtime
from tape.config import Settings
from tape.records import EffectRecord
from tests.support.runs import new_run

CALLERS = 8


@tape.effect(connector="delay-race-log")
def notify(channel: str) -> None:
    raise AssertionError("the body never runs on .delay()")


@pytest.fixture
def pj(pg_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=pg_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def race(run_id: str, channels: list[str]) -> list[EffectRecord]:
    """Every caller waits at one barrier, then delays its call at the same moment."""
    barrier = threading.Barrier(len(channels))
    begun: list[EffectRecord] = []
    failures: list[BaseException] = []

    def caller(channel: str) -> None:
        try:
            barrier.wait(timeout=30)
            begun.append(notify.delay(channel, run_id=run_id))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=caller, args=(c,)) for c in channels]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    return begun


def test_concurrent_delays_from_outside_the_run_get_distinct_keys(pj: Journal) -> None:
    run_id = new_run(pj)
    for round_ in range(3):
        begun = race(run_id, [f"c-{round_}-{i}" for i in range(CALLERS)])
        assert len({e.idempotency_key for e in begun}) == CALLERS
    effects = pj.list_effects(run_id=run_id)
    assert sorted(e.call_index for e in effects) == list(range(3 * CALLERS))
    assert len({e.request["channel"] for e in effects}) == 3 * CALLERS  # none collapsed


def test_the_same_request_delayed_twice_at_once_is_two_effects(pj: Journal) -> None:
    run_id = new_run(pj)
    begun = race(run_id, ["same"] * CALLERS)
    assert sorted(e.call_index for e in begun) == list(range(CALLERS))


def test_next_call_index_is_only_for_no_decision_calls(pj: Journal) -> None:
    run_id = new_run(pj)
    before = pj.list_effects(run_id=run_id)
    for bad in ({"decision_index": 0}, {"decision_index": -1, "custom_key": "k"}):
        with pytest.raises(errors.InvalidArgument):
            pj.begin_effect(run_id=run_id, tool_name="t", call_index=keys.NEXT_CALL_INDEX, **bad)
    with pytest.raises(errors.InvalidArgument):
        pj.begin_effects(
            [{"run_id": run_id, "decision_index": -1, "tool_name": "t", "call_index": -1}]
        )
    assert pj.list_effects(run_id=run_id) == before
