"""Scopes that can be granted (issue 28, item 2), both backends, agents driven in-process.

One rule for every tool: ``scope=`` is optional, whatever the semantics or dispatch; a tool
declared with one can only be called by a run granted it. Scopes are granted by
``@tape.agent(scopes=[...])`` (every run) merged with ``.delay(scopes=[...])`` (one run), and
checked before the run's first effect: ``.delay()`` refuses a run that lacks a scope its
agent's tools require (nothing journaled), and a run created some other way ends FAILED before
the agent makes any effect. The CLI side is tests/integration/test_cli_run.py and
tests/acceptance/test_tape_run_scopes.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import tape
from tape import EffectStatus, Journal, RunStatus, connectors, errors, runtime
from tape.agents import runner
from tape.config import Settings
from tape.connectors.log import LogConnector
from tape.reactions import matcher
from tape.reactors import outbox
from tests.integration.test_bad_input import dump

LOG = "scopes-log"
SCOPE = "shop:order"
HINT = (
    f"Grant it to every run of the agent with @tape.agent(scopes=[{SCOPE!r}]), or to one run "
    f"with `tape run AGENT --scope {SCOPE}` or .delay(..., scopes=[{SCOPE!r}])"
)


@pytest.fixture
def aj(journal_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Journal]:
    saved = connectors.snapshot()
    connectors.register(LogConnector(path=str(tmp_path / "outbox.jsonl"), name=LOG))
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    monkeypatch.setattr(runner, "send", lambda *args: None)  # driven in-process below
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))
    connectors.restore(saved)


def order_key(item: str, **_: Any) -> str:
    return f"order:{item}"


#: Every way to declare a tool: a scope is optional for each, whatever its semantics.
Declare = Callable[[str], Callable[[Callable[..., Any]], Any]]
DECLARATIONS: dict[str, Declare] = {
    "effect-inline": lambda scope: tape.effect(connector=LOG, scope=scope),
    "effect-outbox-non-idempotent": lambda scope: tape.effect(
        semantics="non_idempotent",
        dispatch="outbox",
        connector=LOG,
        business_key=order_key,
        scope=scope,
    ),
    "outbox-tool-non-idempotent": lambda scope: tape.outbox_tool(
        connector=LOG, semantics="non_idempotent", business_key=order_key, scope=scope
    ),
}


def order_agent(name: str, declare: Declare, scope: str, **options: Any) -> Any:
    """An agent that makes an idempotent inline effect, then calls ``place_order``."""
    calls: list[str] = []

    @tape.effect()
    def reserve(item: str) -> dict[str, str]:
        calls.append(item)
        return {"reserved": item}

    @declare(scope)
    def place_order(item: str) -> dict[str, str]:
        return {"item": item}

    @tape.agent(name=name, **options)
    def agent(ctx: tape.RunContext, item: str) -> Any:
        reserve(item)
        return place_order(item)

    agent.calls = calls  # type: ignore[attr-defined]
    return agent


def finish(aj: Journal, agent: runner.Agent[Any], run_id: str) -> tape.RunState:
    """Drive the run to its end, dispatching its outbox effect if it parks on one."""
    run = agent.drive(run_id, journal=aj)
    if run.status == RunStatus.WAITING:
        assert [r["result"] for r in outbox.run_once(aj, outbox.OutboxOptions(connector=LOG))] == [
            "confirmed"
        ]
        run = agent.drive(run_id, journal=aj)
    return run


@pytest.mark.parametrize("kind", list(DECLARATIONS))
def test_a_tool_without_a_scope_needs_no_grant(aj: Journal, kind: str) -> None:
    agent = order_agent(f"scopes-none-{kind}", DECLARATIONS[kind], "")

    run = finish(aj, agent, agent.delay(item="a").run_id)

    assert (run.status, run.scopes) == (RunStatus.TERMINAL, [])
    effects = aj.list_effects(run_id=run.run_id)
    assert [(e.tool_name, e.scope, e.status) for e in effects] == [
        ("reserve", "", EffectStatus.CONFIRMED),
        ("place_order", "", EffectStatus.CONFIRMED),
    ]


@pytest.mark.parametrize("kind", list(DECLARATIONS))
def test_delay_refuses_a_missing_scope_before_anything_is_journaled(aj: Journal, kind: str) -> None:
    agent = order_agent(f"scopes-refused-{kind}", DECLARATIONS[kind], SCOPE)
    before = dump(aj)

    with pytest.raises(errors.ScopeDenied) as caught:
        agent.delay(item="b", scopes=["shop:read"])

    assert str(caught.value) == (
        f"agent 'scopes-refused-{kind}' cannot start: place_order requires scope {SCOPE!r} "
        f"(granted: shop:read). {HINT}"
    )
    assert dump(aj) == before
    assert agent.calls == []


@pytest.mark.parametrize("kind", list(DECLARATIONS))
def test_a_granted_scope_runs_every_kind_of_tool(aj: Journal, kind: str) -> None:
    agent = order_agent(f"scopes-granted-{kind}", DECLARATIONS[kind], SCOPE)

    run = finish(aj, agent, agent.delay(item="c", scopes=[SCOPE]).run_id)

    assert (run.status, run.scopes) == (RunStatus.TERMINAL, [SCOPE])
    placed = [e for e in aj.list_effects(run_id=run.run_id) if e.tool_name == "place_order"]
    assert [(e.scope, e.status) for e in placed] == [(SCOPE, EffectStatus.CONFIRMED)]


@pytest.mark.journal_backends("postgres", "sqlite", "tape")
@pytest.mark.parametrize("kind", list(DECLARATIONS))
def test_a_run_created_without_the_scope_fails_before_its_first_effect(
    aj: Journal, kind: str
) -> None:
    agent = order_agent(f"scopes-created-{kind}", DECLARATIONS[kind], SCOPE)
    # Not through .delay(): create_run (or CreateRun over tape://) checks no tool set.
    run_id = aj.create_run(
        app_name=agent.name, invocation_id=tape.uuid(), input_json={"item": "d"}
    ).run_id

    run = agent.drive(run_id, journal=aj)

    assert run.status == RunStatus.FAILED
    assert run.detail["error"]["type"] == "ScopeDenied"
    assert run.detail["error"]["message"].endswith(HINT)
    assert (run.detail["required_scopes"], run.detail["granted_scopes"]) == (
        {SCOPE: ["place_order"]},
        [],
    )
    assert aj.list_effects(run_id=run_id) == []  # not even the idempotent one before it
    assert agent.calls == []


def test_agent_scopes_are_granted_to_every_run_and_merged_with_delay_scopes(aj: Journal) -> None:
    agent = order_agent(
        "scopes-agent-default",
        DECLARATIONS["outbox-tool-non-idempotent"],
        SCOPE,
        scopes=[SCOPE, "shop:read"],
    )

    plain = finish(aj, agent, agent.delay(item="e").run_id)
    merged = agent.delay(item="f", scopes=["audit:write", SCOPE])

    assert (plain.status, plain.scopes) == (RunStatus.TERMINAL, [SCOPE, "shop:read"])
    assert merged.state().scopes == ["audit:write", SCOPE, "shop:read"]


def test_tools_reached_through_a_helper_are_checked_up_front_when_listed(aj: Journal) -> None:
    @tape.effect(scope=SCOPE)
    def refund(order: str) -> dict[str, str]:
        return {"refunded": order}

    def tool_named(name: str) -> Any:
        return {"refund": refund}[name]

    @tape.agent(name="scopes-listed", tools=[refund])
    def listed(ctx: tape.RunContext, order: str) -> Any:
        return tool_named("refund")(order)

    before = dump(aj)
    with pytest.raises(errors.ScopeDenied, match=r"refund requires scope 'shop:order'"):
        listed.delay(order="o1")
    assert dump(aj) == before
    assert listed.required_scopes() == {SCOPE: ["refund"]}


def test_tools_named_as_module_attributes_and_in_nested_code_are_seen(aj: Journal) -> None:
    import tests.integration.test_effect_declarations as declared

    @tape.agent(name="scopes-nested")
    def nested(ctx: tape.RunContext) -> Any:
        return [declared.wire("acc", n) for n in (1, 2)], (lambda: declared.update_crm("c"))()

    assert nested.required_scopes() == {"crm:write": ["update_crm"], "payments:wire": ["wire"]}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: tape.agent(name="bad-scopes", scopes="shop:order"), r"must be a list of scope"),
        (lambda: tape.agent(name="bad-scopes", scopes=[""]), r"scope must be a non-empty string"),
        (lambda: tape.agent(name="bad-tools", tools=[len]), r"is not a @tape.effect"),
    ],
)
def test_bad_agent_grants_are_refused_when_declared(make: Any, message: str) -> None:
    with pytest.raises(errors.InvalidArgument, match=message):
        make()(lambda ctx: None)


def test_delay_refuses_scopes_given_as_one_string(aj: Journal) -> None:
    agent = order_agent("scopes-string", DECLARATIONS["effect-inline"], SCOPE)
    before = dump(aj)
    with pytest.raises(errors.InvalidArgument, match=r"scopes= must be a list of scope names"):
        agent.delay(item="g", scopes=SCOPE)
    assert dump(aj) == before


def test_a_reaction_starts_agent_runs_with_the_agents_scopes(aj: Journal) -> None:
    agent = order_agent(
        "scopes-reacting", DECLARATIONS["effect-inline"], SCOPE, scopes=[SCOPE, "shop:read"]
    )
    aj.register_reaction(
        subject_pattern="/tape/value/changed/**", reaction_id="scopes-r", agent_app=agent.name
    )
    aj.write_value(namespace="orders", key="o1", value_json={"item": "h"})

    matcher.run_once(aj)

    (started,) = [r for r in aj.list_runs(limit=100) if r.app_name == agent.name]
    assert started.scopes == [SCOPE, "shop:read"]
