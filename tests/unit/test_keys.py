"""Idempotency key formats (docs/design.md decision 8), pure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tape import keys

RUN = "3f0c1a52-8d1e-4d7b-9d0e-6d1f2a3b4c5d"

ids = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/"),
    min_size=1,
    max_size=40,
)


def test_decision_key() -> None:
    assert keys.idempotency_key(RUN, 3, "send_email", 1) == f"{RUN}/decision-3/send_email/1"


def test_decision_zero_is_a_decision() -> None:
    assert keys.idempotency_key("r", 0, "t", 0) == "r/decision-0/t/0"


@pytest.mark.parametrize("index", [-1, -2, -1000])
def test_no_decision_key(index: int) -> None:
    assert keys.idempotency_key(RUN, index, "wire", 7) == f"{RUN}/no-decision/wire/7"


def test_custom_key_is_used_verbatim() -> None:
    custom = "payments/Invoice 42/übung?#*"
    assert keys.idempotency_key(RUN, 3, "wire", 7, custom) == custom
    assert keys.idempotency_key(RUN, -1, "wire", 7, custom_key=custom) == custom


def test_empty_custom_key_falls_back_to_the_derived_key() -> None:
    assert keys.idempotency_key(RUN, 2, "wire", 0, "") == f"{RUN}/decision-2/wire/0"


def test_tool_names_are_not_encoded() -> None:
    # upstream Tape puts the tool name in as it is
    assert keys.idempotency_key("r", 1, "ns.tool name", 0) == "r/decision-1/ns.tool name/0"


@given(
    run_id=ids,
    decision=st.integers(min_value=-5, max_value=10**6),
    tool=ids,
    call=st.integers(min_value=0, max_value=10**6),
)
def test_derived_keys_have_four_parts_and_are_deterministic(
    run_id: str, decision: int, tool: str, call: int
) -> None:
    key = keys.idempotency_key(run_id, decision, tool, call)
    assert key == keys.idempotency_key(run_id, decision, tool, call)
    parts = key.split("/")
    assert parts == [
        run_id,
        "no-decision" if decision < 0 else f"decision-{decision}",
        tool,
        str(call),
    ]


@given(
    a=st.tuples(st.integers(-1, 20), st.integers(0, 20)),
    b=st.tuples(st.integers(-1, 20), st.integers(0, 20)),
)
def test_distinct_calls_get_distinct_keys(a: tuple[int, int], b: tuple[int, int]) -> None:
    norm_a = (max(a[0], -1), a[1])
    norm_b = (max(b[0], -1), b[1])
    same = keys.idempotency_key("r", a[0], "t", a[1]) == keys.idempotency_key("r", b[0], "t", b[1])
    assert same == (norm_a == norm_b)
