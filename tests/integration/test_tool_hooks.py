"""``tape.hooks``: the points of a tool call inside a run, in order, on a real journal; a
replay of a CONFIRMED call sees no begin or outcome of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import tape
from tape import Journal, RunStatus, hooks, runtime
from tape.config import Settings


class Recorder(hooks.ToolHooks):
    def __init__(self) -> None:
        self.seen: list[tuple[str, ...]] = []

    def before_tool(self, tool: str) -> None:
        self.seen.append(("before_tool", tool))

    def after_begin_effect(self, tool: str, key: str) -> None:
        self.seen.append(("after_begin_effect", tool, key.rsplit("/", 2)[-2]))

    def after_complete_effect(self, tool: str, key: str) -> None:
        self.seen.append(("after_complete_effect", tool))

    def after_tool(self, tool: str, error: BaseException | None) -> None:
        self.seen.append(("after_tool", tool, type(error).__name__ if error else ""))


@tape.effect()
def lookup(name: str) -> dict[str, str]:
    return {"found": name}


@tape.effect()
def explode(name: str) -> None:
    raise KeyError(name)


@tape.agent(name="test-hooks")
def hooked(ctx: tape.RunContext, fail: bool) -> Any:
    lookup("a")
    if fail:
        explode("b")
    return "ok"


@pytest.fixture
def tj(journal_url: str) -> Iterator[Journal]:
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))


def start(tj: Journal, **inputs: Any) -> str:
    return tj.create_run(app_name=hooked.name, invocation_id=tape.uuid(), input_json=inputs).run_id


def test_every_point_of_a_call_in_order(tj: Journal) -> None:
    with hooks.installed(Recorder()) as recorder:
        assert hooked.drive(start(tj, fail=True), journal=tj).status == RunStatus.FAILED
    assert recorder.seen == [
        ("before_tool", "lookup"),
        ("after_begin_effect", "lookup", "lookup"),
        ("after_complete_effect", "lookup"),
        ("after_tool", "lookup", ""),
        ("before_tool", "explode"),
        ("after_begin_effect", "explode", "explode"),
        ("after_tool", "explode", "KeyError"),
    ]


def test_uninstalled_hooks_see_nothing(tj: Journal) -> None:
    recorder = Recorder()
    with hooks.installed(recorder):
        pass
    assert hooked.drive(start(tj, fail=False), journal=tj).status == RunStatus.TERMINAL
    assert recorder.seen == []
