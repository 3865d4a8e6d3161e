"""``tape.on(...)`` and its helpers, the envelope, backoff and shard arithmetic (no I/O)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import tape
from tape import TaskStatus, errors
from tape.reactions import declare, matcher, spec
from tape.reactions.records import TaskRecord
from tape.store.tasks import backoff_ms, rate_spacing_ms


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    saved = declare.declared()
    declare.clear()
    yield
    declare.clear()
    declare._registry.update(saved)


def test_helpers_build_the_original_patterns() -> None:
    cases = {
        tape.on_effect_confirmed("wire", name="a"): "/tape/effect/confirmed/wire/**",
        tape.on_effect_failed(name="b"): "/tape/effect/failed/*/**",
        tape.on_effect_unknown("bank wire", name="c"): "/tape/effect/unknown/bank%20wire/**",
        tape.on_run(name="d"): "/tape/run/terminal/**",
        tape.on_gate("approve", name="e"): "/tape/gate/released/approve/**",
        tape.on_value_change("ns", name="f"): "/tape/value/changed/ns/*",
        tape.on_value_change("ns", "", name="g"): "/tape/value/changed/ns/**",
        tape.on_value_deleted("ns", "k", name="h"): "/tape/value/deleted/ns/k",
        tape.on_decision_recorded(name="i"): "/tape/decision/recorded/**",
    }
    for declaration, pattern in cases.items():
        assert declaration._columns["subject_pattern"] == pattern


def test_a_task_handler_is_registered_under_a_stable_id() -> None:
    @tape.on_effect_confirmed("wire", max_concurrency=4)
    def notify(envelope: tape.Envelope) -> None:
        pass

    rid = notify.reaction_id  # type: ignore[attr-defined]
    name = f"{__name__}.test_a_task_handler_is_registered_under_a_stable_id.<locals>.notify"
    assert rid == spec.default_id(name)
    assert len(rid) <= 64
    assert declare.handler_for(rid) is notify
    assert declare.declared()[rid].columns["max_concurrency"] == 4


def test_agent_and_publish_reactions_need_no_handler() -> None:
    agent = tape.on("/tape/run/terminal/**", agent="ledger")
    sink = tape.on("/tape/effect/**", publish="redis-stream:events")
    assert {agent.reaction_id, sink.reaction_id} <= set(declare.declared())
    kinds = {d.reaction_id: d.handler_kind.name for d in declare.declared().values()}
    assert kinds[agent.reaction_id] == "AGENT" and kinds[sink.reaction_id] == "PUBLISH"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"pattern": "/tape/**/x"}, errors.InvalidSubjectPattern),
        ({"pattern": "/tape/effect", "predicate": "payload. >"}, errors.InvalidPredicate),
        (
            {"pattern": "/tape/**", "agent": "a", "publish": "redis-stream:s"},
            errors.ReactionConfigError,
        ),
        ({"pattern": "/tape/**", "publish": "ftp://x"}, errors.ReactionConfigError),
        ({"pattern": "/tape/**", "dlq_after_n": -2}, errors.ReactionConfigError),
    ],
)
def test_bad_declarations_are_refused_at_declaration(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    pattern = kwargs.pop("pattern")
    with pytest.raises(error):
        tape.on(str(pattern), **kwargs)  # type: ignore[arg-type]
    assert declare.declared() == {}


def test_backoff_rate_spacing_and_shards() -> None:
    assert [backoff_ms(1000, n) for n in (1, 2, 3)] == [1000, 2000, 4000]
    assert backoff_ms(1000, 30) == 3_600_000
    assert rate_spacing_ms(3) == 334
    assert matcher.fnv1a32("") == 0x811C9DC5
    assert matcher.shard_of("run-1", 1) == 0
    assert {matcher.shard_of(f"r{i}", 4) for i in range(100)} == {0, 1, 2, 3}


def test_the_bus_does_not_match_its_own_rows_unless_asked() -> None:
    assert not spec.matches("/**", "/tape/task/done/r/t")
    assert not spec.matches("/tape/*/done/**", "/tape/task/done/r/t")
    assert spec.matches("/tape/task/dlq/**", "/tape/task/dlq/r/t")
    assert spec.matches("", "/tape/effect/confirmed/wire/r")
    assert not spec.matches("", "/tape/reaction/registered/r")


def test_envelope_of_a_task() -> None:
    task = TaskRecord(
        task_id="t", reaction_id="r", shard=0, source_global_seq=7, source_run_id="run",
        subject="/tape/x", payload_json='{"a": 1}', status=TaskStatus.PENDING, attempts=2,
        next_attempt_at_ms=0,
        lease_owner="", lease_expires_at_ms=0, last_error="", created_at_ms=0, completed_at_ms=0,
    )  # fmt: skip
    envelope = tape.Envelope.of(task)
    assert envelope.payload == {"a": 1} and envelope.attempts == 2
    assert envelope.as_dict()["source_global_seq"] == 7
