"""tape.validate: the input limits at their edges, and valid JSON is never refused."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tape import errors, validate
from tape.enums import RunStatus


def nested(levels: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(levels - 1):
        value = [value]
    return value


def test_nesting_up_to_the_limit_is_taken_and_one_more_is_refused() -> None:
    limit = validate.MAX_PAYLOAD_DEPTH
    assert validate.payload(nested(limit), "p") == "[" * limit + "]" * limit
    assert validate.payload("[" * limit + "]" * limit, "p")
    for too_deep in (
        nested(limit + 1),
        {"k": nested(limit)},
        "[" * (limit + 1) + "]" * (limit + 1),
    ):
        with pytest.raises(errors.InvalidPayload, match="nested more than"):
            validate.payload(too_deep, "p")
    # Far beyond the interpreter's recursion limit: still the named error.
    with pytest.raises(errors.InvalidPayload, match="nested more than"):
        validate.payload("[" * 100_000 + "]" * 100_000, "p")
    with pytest.raises(errors.InvalidPayload, match="nested more than"):
        validate.payload(nested(100_000), "p")


@pytest.mark.parametrize(
    "bad",
    [
        "NaN",
        "[Infinity]",
        '{"a": -Infinity}',
        "1e400",  # a float that overflows to inf
        str(2**63),
        str(-(2**63) - 1),
        "9" * 5000,  # more digits than int() takes
        '"\\u0000"',
        '"\\ud800"',
        '["\\udc00x"]',
        '{"\\u0000": 1}',
        [2**63],
        {"k": math.nan},
        ["a\x00b"],
        {"a\ud800": 1},
    ],
)
def test_payloads_json_cannot_or_postgres_will_not_hold_are_refused(bad: Any) -> None:
    with pytest.raises(errors.InvalidPayload) as info:
        validate.payload(bad, "request_json")
    assert "request_json" in str(info.value)


def test_the_edges_that_are_fine() -> None:
    assert validate.payload([2**63 - 1, -(2**63)], "p") == f"[{2**63 - 1},{-(2**63)}]"
    assert json.loads(validate.payload('"\\ud83d\\ude00"', "p")) == "😀"  # an escaped pair
    assert validate.payload({"a": "\U0001f600"}, "p")


def test_too_large_is_its_own_error() -> None:
    with pytest.raises(errors.PayloadTooLarge):
        validate.payload('"' + "x" * validate.MAX_PAYLOAD_BYTES + '"', "p")
    shared = [0] * 1000
    # A million references to one list: too large, refused without encoding it.
    with pytest.raises(errors.PayloadTooLarge):
        validate.payload([shared] * 2000, "p")


def test_text_refuses_nul_and_lone_surrogates() -> None:
    for bad in ("a\x00", "\ud800", "x\udfffy"):
        with pytest.raises(errors.InvalidArgument, match="tool_name"):
            validate.required(bad, "tool_name")
    assert validate.required("café 😀", "tool_name") == "café 😀"


def test_error_text_takes_any_object_but_not_what_json_refuses() -> None:
    assert validate.error_text({"exc": ValueError("x")}) == '{"exc": "x"}'
    for bad in ({"n": math.nan}, nested(500), [2**64], "a\x00"):
        with pytest.raises(errors.InvalidArgument):
            validate.error_text(bad)


def _signature(
    self: object,
    *,
    run_id: str,
    decision_index: int = 0,
    fire_at_ms: int = 0,
    seq: int = 0,
    usd: float = 0.0,
    flag: bool = False,
    scopes: list[str] | None = None,
    labels: dict[str, str] | None = None,
    status: RunStatus | int | str = RunStatus.RUNNING,
    lease_epoch: int | None = None,
) -> dict[str, Any]:
    return dict(locals())


checked = validate.checked(_signature)


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"run_id": 5}, "run_id must be a string, not int"),
        ({"run_id": "r", "decision_index": 2**31}, "decision_index is out of range"),
        ({"run_id": "r", "decision_index": True}, "decision_index must be an integer"),
        ({"run_id": "r", "fire_at_ms": validate.MAX_MS + 1}, "fire_at_ms is out of range"),
        ({"run_id": "r", "seq": 2**63}, "seq is out of range"),
        ({"run_id": "r", "usd": math.inf}, "usd must be a finite number"),
        ({"run_id": "r", "flag": 1}, "flag must be True or False"),
        ({"run_id": "r", "scopes": "abc"}, "scopes must be a list, not str"),
        ({"run_id": "r", "scopes": ["a", 1]}, "scopes[1] must be a string"),
        ({"run_id": "r", "labels": {"a": 1}}, "labels['a'] must be a string"),
        ({"run_id": "r", "labels": [("a", "b")]}, "labels must be a mapping"),
        ({"run_id": "r", "status": 1.5}, "status must be a RunStatus"),
        ({"run_id": "r", "lease_epoch": "3"}, "lease_epoch must be an integer"),
    ],
)
def test_checked_refuses_by_annotation(kwargs: dict[str, Any], says: str) -> None:
    with pytest.raises(errors.InvalidArgument) as info:
        checked(None, **kwargs)
    assert says in str(info.value)


def test_checked_passes_what_fits_and_makes_lists_of_iterables() -> None:
    got = checked(
        None,
        run_id="r",
        decision_index=2**31 - 1,
        seq=2**63 - 1,
        usd=3,
        scopes=(s for s in ("a", "b")),
        status="running",
        lease_epoch=None,
    )
    assert got["scopes"] == ["a", "b"] and got["usd"] == 3 and got["status"] == "running"


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")),
            children,
            max_size=4,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(value=JSON)
def test_valid_json_is_never_refused_and_round_trips(value: Any) -> None:
    wrapped = [value]  # a str alone would be taken as JSON text
    text = validate.payload(wrapped, "p")
    assert json.loads(text) == wrapped
    assert validate.payload(text, "p") == text  # the text form too
