"""Connectors say whether they can observe, and a connector that cannot says so with its own
answer (``unobservable``), never ``absent`` (issue 8; docs/design.md decision 4)."""

from __future__ import annotations

from typing import Any

import pytest

from tape import connectors, state
from tape.connectors import ObservationResult
from tape.connectors.http import HTTPConnector
from tape.connectors.log import LogConnector
from tape.connectors.redis_stream import RedisStreamConnector
from tape.enums import EffectResolution, EffectSemantics
from tape.testing import FakeUpstream


@pytest.mark.parametrize(
    "spelling", ["unobservable", "cannot_observe", "Cannot-Observe", " UNOBSERVABLE "]
)
def test_unobservable_and_its_aliases(spelling: str) -> None:
    result = ObservationResult(spelling)
    assert result.status == result.kind == "unobservable"
    assert result.conclusive is False
    # Nobody looked, so on the wire it is the cautious answer, never ABSENT.
    assert result.resolution == EffectResolution.STUCK


@pytest.mark.parametrize(
    ("status", "conclusive"),
    [
        ("confirmed", True),
        ("present", True),
        ("absent", True),
        ("duplicate", True),
        ("failed", True),
        ("stuck", False),
        ("inconclusive", False),
        ("unobservable", False),
    ],
)
def test_conclusive_only_for_an_answer_from_the_upstream(status: str, conclusive: bool) -> None:
    assert ObservationResult(status).conclusive is conclusive


def test_seeds_literals_and_aliases_still_work() -> None:
    assert ObservationResult(kind="present").status == "confirmed"
    assert ObservationResult(kind="inconclusive").status == "stuck"
    assert ObservationResult(EffectResolution.ABSENT).status == "absent"
    with pytest.raises(ValueError, match="unknown status"):
        ObservationResult("maybe")
    with pytest.raises(ValueError, match="disagree"):
        ObservationResult("absent", kind="unobservable")


class _Plain:
    name = "plain"

    def dispatch(self, effect: Any) -> Any: ...
    def observe(self, effect: Any) -> Any: ...
    def compensate(self, obligation: Any) -> Any: ...


class _Blind(_Plain):
    can_observe = False


class _AsksItself(_Plain):
    def __init__(self, answer: bool) -> None:
        self.answer = answer

    def can_observe(self) -> bool:
        return self.answer


def test_can_observe_defaults_to_true_for_third_party_connectors() -> None:
    # A connector written against the protocol implements observe(): it is taken to look.
    assert connectors.can_observe(_Plain()) is True
    assert connectors.can_observe(_Blind()) is False
    assert connectors.can_observe(_AsksItself(False)) is False
    assert connectors.can_observe(_AsksItself(True)) is True
    # The attribute stays optional: registering a connector without it still works.
    assert connectors.register(_Plain(), name="plain-test") is not None


def test_built_in_connectors_declare_it() -> None:
    blind = HTTPConnector(name="bank.wire", endpoint="http://127.0.0.1:1/wires")
    looking = HTTPConnector(
        name="bank.wire", endpoint="http://127.0.0.1:1/wires", observe_endpoint="http://x/l"
    )
    assert connectors.can_observe(blind) is False
    assert connectors.can_observe(looking) is True
    assert connectors.can_observe(LogConnector(path="/nonexistent/x.jsonl")) is True
    redis_stream = RedisStreamConnector(name="s", url="redis://127.0.0.1:1/0", stream="x")
    assert connectors.can_observe(redis_stream) is True


def test_http_connector_without_observe_endpoint_never_says_absent() -> None:
    blind = HTTPConnector(name="bank.wire", endpoint="http://127.0.0.1:1/wires")
    result = blind.observe(None)  # type: ignore[arg-type]  # it never touches the effect
    assert result.status == "unobservable"
    assert "no observe_endpoint" in result.response["reason"]


def test_fake_upstream_connector_without_the_lookup() -> None:
    with FakeUpstream() as bank:
        assert bank.http_connector().can_observe is True
        blind = bank.http_connector(observe=False)
        assert blind.can_observe is False and blind.observe_endpoint == ""


@pytest.mark.parametrize("semantics", list(EffectSemantics))
@pytest.mark.parametrize("observed_by", ["", "nobody", "connector", "status_check", "operator"])
def test_the_redispatch_rule(semantics: EffectSemantics, observed_by: str) -> None:
    expected = semantics != EffectSemantics.NON_IDEMPOTENT or observed_by in {
        "connector",
        "status_check",
        "operator",
    }
    assert state.may_redispatch(semantics, observed_by) is expected
