"""Connector result types, their aliases (docs/design.md decision 4), the registry, and the
sync/async helpers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tape import connectors, enums
from tape.connectors import base
from tape.connectors.base import (
    CompensationResult,
    DispatchResult,
    EffectConnector,
    ObservationResult,
)


@pytest.fixture(autouse=True)
def empty_registry() -> Iterator[None]:
    connectors.clear()
    yield
    connectors.clear()


class FakeConnector:
    def __init__(self, name: str = "fake") -> None:
        self.name = name

    def dispatch(self, effect: Any) -> DispatchResult:
        return DispatchResult("confirmed", external_ref="x-1")

    def observe(self, effect: Any) -> ObservationResult:
        return ObservationResult(kind="present")

    def compensate(self, obligation: Any) -> CompensationResult:
        return CompensationResult("compensated")


class AsyncConnector:
    name = "async"

    async def dispatch(self, effect: Any) -> DispatchResult:
        await asyncio.sleep(0)
        return DispatchResult(kind="unknown")

    async def observe(self, effect: Any) -> ObservationResult:
        return ObservationResult("absent")

    async def compensate(self, obligation: Any) -> CompensationResult:
        return CompensationResult("failed", error={"why": "test"})


# ---- results -------------------------------------------------------------------------------


def test_dispatch_result_defaults_match_the_public_signature() -> None:
    result = DispatchResult("confirmed")
    assert result.status == "confirmed"
    assert (result.external_ref, result.response, result.error, result.retry_at_ms) == (
        "",
        {},
        {},
        0,
    )


def test_positional_arguments_follow_the_documented_order() -> None:
    result = DispatchResult("failed", "ref", {"a": 1}, {"b": 2}, 1234)
    assert result == DispatchResult(
        status="failed", external_ref="ref", response={"a": 1}, error={"b": 2}, retry_at_ms=1234
    )
    obs = ObservationResult("duplicate", "ref", {"count": 2})
    assert (obs.status, obs.external_ref, obs.response) == ("duplicate", "ref", {"count": 2})
    comp = CompensationResult("failed", {"r": 1}, {"e": 2})
    assert (comp.status, comp.response, comp.error) == ("failed", {"r": 1}, {"e": 2})


def test_default_dicts_are_not_shared_between_results() -> None:
    first, second = DispatchResult("confirmed"), DispatchResult("confirmed")
    first.response["x"] = 1
    assert second.response == {}
    given_dict = {"a": 1}
    result = ObservationResult("confirmed", response=given_dict)
    given_dict["a"] = 2
    assert result.response == {"a": 1}


@pytest.mark.parametrize(
    ("spelling", "status"),
    [
        ("present", "confirmed"),
        ("confirmed", "confirmed"),
        ("absent", "absent"),
        ("duplicate", "duplicate"),
        ("failed", "failed"),
        ("stuck", "stuck"),
        ("inconclusive", "stuck"),
    ],
)
def test_observation_aliases(spelling: str, status: str) -> None:
    assert ObservationResult(kind=spelling).status == status
    assert ObservationResult(spelling).status == status
    assert ObservationResult(kind=spelling).kind == status


@pytest.mark.parametrize("status", ["confirmed", "failed", "unknown"])
def test_dispatch_kind_alias(status: str) -> None:
    assert DispatchResult(kind=status) == DispatchResult(status)


def test_compensation_kind_alias() -> None:
    assert CompensationResult(kind="compensated") == CompensationResult("compensated")


def test_observation_accepts_effect_resolution_and_maps_back() -> None:
    result = ObservationResult(enums.EffectResolution.DUPLICATE)
    assert result.status == "duplicate"
    assert result.resolution is enums.EffectResolution.DUPLICATE
    assert ObservationResult(kind="inconclusive").resolution is enums.EffectResolution.STUCK
    assert ObservationResult(kind="present").resolution is enums.EffectResolution.CONFIRMED


@pytest.mark.parametrize(
    ("factory", "bad"),
    [
        (DispatchResult, "success"),
        (DispatchResult, "absent"),
        (ObservationResult, "unknown"),
        (ObservationResult, "maybe"),
        (CompensationResult, "confirmed"),
    ],
)
def test_unknown_literal_raises_a_clear_value_error(factory: Any, bad: str) -> None:
    with pytest.raises(ValueError, match=rf"unknown status '{bad}'; expected one of"):
        factory(bad)
    with pytest.raises(ValueError, match=factory.__name__):
        factory(kind=bad)


def test_missing_or_conflicting_status_raises() -> None:
    with pytest.raises(ValueError, match="needs a status"):
        DispatchResult()
    with pytest.raises(ValueError, match="disagree"):
        ObservationResult("absent", kind="present")
    # Agreeing spellings are fine.
    assert ObservationResult("confirmed", kind="present").status == "confirmed"


def test_bad_field_values_raise() -> None:
    with pytest.raises(ValueError, match="retry_at_ms"):
        DispatchResult("failed", retry_at_ms=-1)
    with pytest.raises(TypeError, match="mapping"):
        DispatchResult("failed", error=["not", "a", "dict"])  # type: ignore[arg-type]


def test_retryable_reads_the_error() -> None:
    assert DispatchResult("failed").retryable
    assert DispatchResult("failed", error={"retryable": True}).retryable
    assert not DispatchResult("failed", error={"retryable": False}).retryable
    assert not DispatchResult("unknown").retryable  # never retried blindly
    assert not DispatchResult("confirmed").retryable


@given(
    st.sampled_from(["present", "confirmed", "absent", "duplicate", "failed", "stuck"]),
    st.booleans(),
)
def test_status_spelling_is_case_and_space_insensitive(spelling: str, upper: bool) -> None:
    text = f"  {spelling.upper() if upper else spelling} "
    assert ObservationResult(kind=text) == ObservationResult(spelling)


def test_seed_003_observe_example_runs_as_written() -> None:
    """The observe() of the "third outcome" page, against canned responses."""

    class Resp:
        def __init__(self, status: int, body: dict[str, Any]) -> None:
            self.status, self._body = status, body

        def json(self) -> dict[str, Any]:
            return self._body

    def observe(resp: Resp) -> ObservationResult:
        if resp.status == 404:
            return ObservationResult(kind="absent")
        if resp.status == 200:
            if resp.json()["count"] == 1:
                return ObservationResult(kind="present")
            if resp.json()["count"] > 1:
                return ObservationResult(kind="duplicate")
        return ObservationResult(kind="inconclusive")

    assert observe(Resp(404, {})).status == "absent"
    assert observe(Resp(200, {"count": 1})).status == "confirmed"
    assert observe(Resp(200, {"count": 3})).status == "duplicate"
    assert observe(Resp(200, {"count": 0})).status == "stuck"
    assert observe(Resp(500, {})).status == "stuck"


# ---- registry ------------------------------------------------------------------------------


def test_register_defaults_to_the_connector_name() -> None:
    connector = FakeConnector("bank.wire")
    assert connectors.register(connector) is connector
    assert connectors.get("bank.wire") is connector
    assert connectors.require("bank.wire") is connector
    assert connectors.names() == ["bank.wire"]


def test_register_under_another_name_and_overwrite() -> None:
    first, second = FakeConnector("a"), FakeConnector("a")
    connectors.register(first, name="alias")
    connectors.register(first)
    connectors.register(second)  # late binding wins
    assert connectors.get("alias") is first
    assert connectors.get("a") is second
    assert connectors.names() == ["a", "alias"]


def test_get_missing_is_none_and_require_raises() -> None:
    assert connectors.get("x") is None
    with pytest.raises(KeyError) as excinfo:
        connectors.require("x")
    assert excinfo.value.args[0] == "no connector registered: 'x'"


def test_clear_forgets_everything() -> None:
    connectors.register(FakeConnector("a"))
    connectors.clear()
    assert connectors.names() == []
    assert connectors.get("a") is None


def test_register_rejects_non_connectors_and_empty_names() -> None:
    with pytest.raises(TypeError, match="missing observe, compensate"):
        connectors.register(type("Half", (), {"name": "h", "dispatch": lambda s, e: None})())
    with pytest.raises(ValueError, match="non-empty name"):
        connectors.register(FakeConnector(""))


def test_connectors_package_reexports_base() -> None:
    assert connectors.register is base.register
    assert connectors.DispatchResult is base.DispatchResult
    assert isinstance(FakeConnector(), EffectConnector)
    assert isinstance(AsyncConnector(), EffectConnector)


# ---- sync / async ----------------------------------------------------------------------------


def test_call_maybe_async_with_sync_and_async_connectors() -> None:
    assert base.call_maybe_async(FakeConnector().dispatch, None).external_ref == "x-1"
    conn = AsyncConnector()
    assert base.call_maybe_async(conn.dispatch, None).status == "unknown"
    assert base.call_maybe_async(conn.observe, None).status == "absent"
    assert base.call_maybe_async(conn.compensate, None).error == {"why": "test"}


def test_call_maybe_async_inside_a_running_loop() -> None:
    async def main() -> DispatchResult:
        return base.call_maybe_async(AsyncConnector().dispatch, None)

    assert asyncio.run(main()).status == "unknown"


def test_maybe_await() -> None:
    async def main() -> tuple[DispatchResult, DispatchResult]:
        sync = await base.maybe_await(FakeConnector().dispatch(None))
        coro = await base.maybe_await(AsyncConnector().dispatch(None))
        return sync, coro

    sync, coro = asyncio.run(main())
    assert (sync.status, coro.status) == ("confirmed", "unknown")
