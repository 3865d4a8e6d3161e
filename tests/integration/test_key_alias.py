"""The ``tape.v1`` spelling ``key=`` beside ``idempotency_key=`` on ``claim_effect_dispatch``,
``record_dispatch_attempt`` and ``record_external_observation`` (both backends): either
works, both given and equal work, both given and different is ``ArgumentConflict`` and
nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tape import DispatchMode, EffectResolution, EffectSemantics, EffectStatus, Journal, errors
from tests.integration.test_bad_input import dump
from tests.support.runs import new_run


def outbox_effect(j: Journal, run_id: str, tool: str = "wire") -> str:
    return j.begin_effect(
        run_id=run_id,
        decision_index=-1,
        tool_name=tool,
        semantics=EffectSemantics.IDEMPOTENT,
        dispatch_mode=DispatchMode.OUTBOX,
        connector="bank",
    ).idempotency_key


def refused(j: Journal, error: type[BaseException], call: Callable[[], Any]) -> None:
    before = dump(j)
    with pytest.raises(error):
        call()
    assert dump(j) == before, "a refused call changed the database"


def test_key_works_wherever_idempotency_key_does(journal: Journal) -> None:
    run_id = new_run(journal)
    first, second = outbox_effect(journal, run_id, "a"), outbox_effect(journal, run_id, "b")

    claim = journal.claim_effect_dispatch(run_id=run_id, key=first, claimer="d1")
    assert claim.acquired and claim.effect.idempotency_key == first
    attempt = journal.record_dispatch_attempt(
        run_id=run_id, key=first, error="503", next_dispatch_at_ms=0, claimer="d1"
    )
    assert attempt.status == EffectStatus.UNKNOWN
    observed = journal.record_external_observation(
        run_id=run_id, key=first, resolution=EffectResolution.CONFIRMED, external_ref="tx-1"
    )
    assert (observed.status, observed.external_ref) == (EffectStatus.CONFIRMED, "tx-1")

    # Both spellings, agreeing, are accepted too.
    both = {"idempotency_key": second, "key": second}
    assert journal.claim_effect_dispatch(run_id=run_id, claimer="d1", **both).acquired
    journal.record_dispatch_attempt(run_id=run_id, next_dispatch_at_ms=0, claimer="d1", **both)
    done = journal.record_external_observation(
        run_id=run_id, resolution=EffectResolution.FAILED, **both
    )
    assert done.status == EffectStatus.FAILED


def test_conflicting_or_missing_keys_are_refused_and_write_nothing(journal: Journal) -> None:
    run_id = new_run(journal)
    first, second = outbox_effect(journal, run_id, "a"), outbox_effect(journal, run_id, "b")
    journal.claim_effect_dispatch(run_id=run_id, idempotency_key=first, claimer="d1")
    calls: dict[str, Callable[..., Any]] = {
        "claim": lambda **k: journal.claim_effect_dispatch(run_id=run_id, claimer="d2", **k),
        "attempt": lambda **k: journal.record_dispatch_attempt(
            run_id=run_id, next_dispatch_at_ms=0, claimer="d1", **k
        ),
        "observe": lambda **k: journal.record_external_observation(
            run_id=run_id, resolution=EffectResolution.CONFIRMED, **k
        ),
    }
    for name, call in calls.items():
        with pytest.raises(errors.ArgumentConflict, match="different effects"):
            call(idempotency_key=first, key=second)
        refused(
            journal, errors.ArgumentConflict, lambda c=call: c(idempotency_key=first, key=second)
        )
        refused(journal, errors.InvalidArgument, lambda c=call: c())
        refused(journal, errors.InvalidArgument, lambda c=call: c(key=""))
        refused(journal, errors.InvalidArgument, lambda c=call: c(key="  "))
        refused(journal, errors.InvalidArgument, lambda c=call: c(key=7))
        refused(journal, errors.InvalidArgument, lambda c=call: c(key="k" * 600))
        assert issubclass(errors.ArgumentConflict, errors.InvalidArgument), name
    effect = journal.get_effect(run_id=run_id, idempotency_key=first)
    assert effect is not None and (effect.status, effect.dispatch_claimed_by) == (
        EffectStatus.PENDING,
        "d1",
    )
