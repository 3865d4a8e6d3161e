"""The registries hold one function per key: a tool's inverse under its ``module:qualname``,
a second, different function under a taken key refused unless ``replace=True``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tape import errors, registry


@pytest.fixture(autouse=True)
def clean_registry() -> Iterator[None]:
    saved = registry.snapshot()
    registry.clear()
    yield
    registry.restore(saved)


def undo(**payload: Any) -> None:
    return None


class Billing:
    @staticmethod
    def undo(**payload: Any) -> None:
        return None


def test_same_named_inverses_of_two_places_keep_two_keys() -> None:
    first = registry.register_tool_compensator(undo)
    second = registry.register_tool_compensator(Billing.undo)
    assert first == f"{__name__}:undo"
    assert second == f"{__name__}:Billing.undo"
    assert registry.get_compensator(first) is undo
    assert registry.get_compensator(second) is Billing.undo
    # A ref this process registered is the allow-list: it is looked up, never imported.
    assert registry.require_compensator(first) is undo


def test_a_bare_name_from_an_older_journal_finds_its_function_only_when_unambiguous() -> None:
    registry.register_tool_compensator(undo)
    assert registry.get_compensator("undo") is undo
    registry.register_tool_compensator(Billing.undo)
    assert registry.get_compensator("undo") is None  # two candidates: never a guess


def test_a_different_function_under_a_taken_name_is_refused_unless_replacing() -> None:
    registry.register_compensator("refund", undo)
    registry.register_compensator("refund", undo)  # the same function again: fine
    with pytest.raises(errors.AlreadyRegistered, match="replace=True"):
        registry.register_compensator("refund", Billing.undo)
    assert registry.get_compensator("refund") is undo
    registry.register_compensator("refund", Billing.undo, replace=True)
    assert registry.get_compensator("refund") is Billing.undo


def test_status_checks_and_timer_handlers_refuse_a_rival_too() -> None:
    registry.register_status_check("wire", lambda effect: True)
    with pytest.raises(errors.AlreadyRegistered):
        registry.register_status_check("wire", lambda effect: False)
    registry.register_timer_handler("ping", lambda journal, timer: "a")
    with pytest.raises(errors.AlreadyRegistered):
        registry.register_timer_handler("ping", lambda journal, timer: "b")


def test_two_lambdas_of_one_scope_share_a_qualname_and_are_refused() -> None:
    first, second = (lambda **p: 1), (lambda **p: 2)
    registry.register_tool_compensator(first)
    with pytest.raises(errors.AlreadyRegistered):
        registry.register_tool_compensator(second)


def test_one_definition_run_again_is_a_re_registration() -> None:
    def make() -> Any:
        def inverse(**payload: Any) -> None:
            return None

        return inverse

    key = registry.register_tool_compensator(make())
    assert registry.register_tool_compensator(make()) == key
