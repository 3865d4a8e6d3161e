"""``@tape.effect(...)``'s ported parameters and ``tape.RetryPolicy`` in runs (issue 8, test 6).

Declaration rules are refused at decoration time with a named error, before anything is
registered or written; scopes are checked at begin_effect too (a denial journals a ``policy``
row and writes no effect; the up-front check is tests/integration/test_scopes.py);
``dispatch="outbox"`` is an outbox tool; retries keep one key.
Both backends, agents driven in-process.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import tape
from tape import EffectStatus, Journal, RunStatus, connectors, errors, registry, runtime
from tape.agents.outbox import OutboxTool
from tape.agents.tools import EffectTool
from tape.config import Settings
from tape.connectors.log import LogConnector
from tape.enums import DispatchMode, EffectSemantics
from tape.reactors import outbox
from tests.integration.test_bad_input import dump, world

LOG = "declarations-log"
NO_WAIT = tape.RetryPolicy(max_attempts=3, initial_interval_s=0, jitter=0)


def undo(**payload: Any) -> None:
    """A compensator."""


@pytest.fixture
def aj(journal_url: str, tmp_path: Path) -> Iterator[Journal]:
    saved = connectors.snapshot()
    connectors.register(LogConnector(path=str(tmp_path / "outbox.jsonl"), name=LOG))
    runtime.configure(Settings(database_url=journal_url, dispatch_hints=False))
    yield runtime.journal()
    runtime.configure(Settings(dispatch_hints=False))
    connectors.restore(saved)


def start(j: Journal, agent: tape.Agent[Any], scopes: tuple[str, ...] = (), **inputs: Any) -> str:
    return j.create_run(
        app_name=agent.name, invocation_id=tape.uuid(), input_json=inputs, scopes=scopes
    ).run_id


# ---- declaration rules -------------------------------------------------------------------------


def body(amount: int) -> dict[str, int]:
    return {"amount": amount}


async def async_body(amount: int) -> None:
    return None


BAD_DECLARATIONS: list[tuple[dict[str, Any], type[errors.EffectConfigError], str]] = [
    ({"semantics": "maybe"}, errors.EffectConfigError, r"^unknown semantics 'maybe'$"),
    ({"dispatch": "later"}, errors.EffectConfigError, r"^unknown dispatch 'later'"),
    (
        {"semantics": "non_idempotent", "scope": "pay"},
        errors.EffectConfigError,
        r"requires dispatch='outbox'",
    ),
    ({"dispatch": "outbox"}, errors.OutboxConfigError, r"require connector="),
    (
        {
            "semantics": "non_idempotent",
            "dispatch": "outbox",
            "connector": "c",
            "scope": "pay",
            "compensate": None,
            "status_check": None,
        },
        errors.OutboxConfigError,
        r"^non_idempotent outbox tools must declare at least one of business_key",
    ),
    ({"business_key": lambda **_: "k"}, errors.EffectConfigError, r"needs dispatch='outbox'"),
    (
        {"dispatch": "outbox", "connector": "c", "business_key": 7},
        errors.OutboxConfigError,
        r"business_key= must be a callable",
    ),
    ({"retry": 3}, errors.EffectConfigError, r"retry= must be a tape.RetryPolicy"),
    ({"compensate": "undo"}, errors.EffectConfigError, r"compensate= must be callable"),
    ({"status_check": 1}, errors.EffectConfigError, r"status_check= must be callable"),
    (
        {"compensation_payload": lambda a, r: a, "compensate": None},
        errors.EffectConfigError,
        r"compensation_payload= needs compensate=",
    ),
    (
        {
            "dispatch": "outbox",
            "connector": "c",
            "compensate": undo,
            "compensation_payload": lambda a, r: a,
        },
        errors.OutboxConfigError,
        r"compensation_payload= applies to inline effects",
    ),
    ({"scope": 5}, errors.EffectConfigError, r"scope= must be a string"),
    ({"connector": None}, errors.EffectConfigError, r"connector= must be a string"),
]


@pytest.mark.parametrize(("options", "error", "message"), BAD_DECLARATIONS)
def test_bad_declarations_are_refused_before_anything_is_registered(
    journal: Journal, options: dict[str, Any], error: type[Exception], message: str
) -> None:
    world(journal)
    before, hooks = dump(journal), registry.snapshot()
    with pytest.raises(error, match=message) as caught:
        tape.effect(**{"compensate": undo, "status_check": lambda e: True, **options})(body)
    assert type(caught.value) is error  # the named error itself, not only a parent
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, errors.TapeError)
    assert registry.snapshot() == hooks  # no compensator, no status check registered
    assert dump(journal) == before


def test_bad_bodies_and_outbox_options_are_refused(journal: Journal) -> None:
    world(journal)
    before, hooks = dump(journal), registry.snapshot()
    with pytest.raises(errors.EffectConfigError, match=r"^effect async_body is async"):
        tape.effect(compensate=undo)(async_body)
    with pytest.raises(errors.OutboxConfigError, match=r"^outbox tool async_body is async"):
        tape.effect(dispatch="outbox", connector="c", compensate=undo)(async_body)
    with pytest.raises(errors.OutboxConfigError, match=r"contradicts the retry policy"):
        tape.outbox_tool(connector="c", max_attempts=2, retry_policy=tape.RetryPolicy())
    with pytest.raises(errors.OutboxConfigError, match=r"must be a tape.RetryPolicy"):
        tape.outbox_tool(connector="c", retry_policy=3)  # type: ignore[arg-type]
    with pytest.raises(errors.OutboxConfigError, match=r"require connector="):
        tape.outbox_tool(connector="")
    with pytest.raises(errors.OutboxConfigError, match=r"max_attempts= must be an integer"):
        tape.outbox_tool(connector="c", max_attempts=-1)
    assert registry.snapshot() == hooks
    assert dump(journal) == before


def test_scope_is_optional_and_recorded_and_allow_unsafe_waives_the_trio() -> None:
    scoped = tape.effect(
        semantics="non_idempotent",
        dispatch="outbox",
        connector="bank.wire",
        business_key="bk-1",
        scope="mcp:tools:bank_wire",
    )(body)
    assert scoped._tape_effect["scope"] == "mcp:tools:bank_wire"
    unsafe = tape.effect(
        semantics="non_idempotent", dispatch="outbox", connector="bank.wire", allow_unsafe=True
    )(body)
    assert unsafe._tape_effect["scope"] == ""  # waives the safety trio
    assert tape.effect()(body)._tape_effect["scope"] == ""
    assert tape.effect(scope="mcp:tools:foo")(body)._tape_effect["scope"] == "mcp:tools:foo"
    assert tape.outbox_tool(connector="c", semantics="non_idempotent", allow_unsafe=True)(body)


# ---- dispatch="outbox" is an outbox tool -------------------------------------------------------


def wire_key(account: str, amount: int, **_: Any) -> str:
    return f"{account}:{amount}"


@tape.effect(
    semantics="non_idempotent",
    dispatch="outbox",
    connector=LOG,
    business_key=wire_key,
    scope="payments:wire",
    retry=tape.RetryPolicy(max_attempts=2),
)
def wire(account: str, amount: int) -> dict[str, Any]:
    return {"account": account, "amount": amount}


@tape.outbox_tool(
    connector=LOG,
    semantics="non_idempotent",
    business_key=wire_key,
    scope="payments:wire",
    max_attempts=2,
)
def wire_twin(account: str, amount: int) -> dict[str, Any]:
    return {"account": account, "amount": amount}


@tape.agent(name="test-wire")
def wire_agent(ctx: tape.RunContext, account: str) -> Any:
    return wire(account, 10)


def test_outbox_dispatch_behaves_as_outbox_tool(aj: Journal) -> None:
    assert type(wire) is type(wire_twin) is OutboxTool
    envelope, twin = wire("acc", 10), wire_twin("acc", 10)
    assert envelope == twin and envelope["business_key"] == "acc:10"
    assert envelope["semantics"] == "non_idempotent" and envelope["__outbox__"] is True

    run_id = start(aj, wire_agent, scopes=("payments:wire",), account="acc")
    parked = wire_agent.drive(run_id, journal=aj)
    (effect,) = aj.list_effects(run_id=run_id)
    assert parked.waiting_on_gate == f"effect:{effect.idempotency_key}"
    assert (effect.dispatch_mode, effect.semantics) == (
        DispatchMode.OUTBOX,
        EffectSemantics.NON_IDEMPOTENT,
    )
    assert (effect.connector, effect.business_key, effect.scope) == (LOG, "acc:10", "payments:wire")
    assert effect.max_attempts == 2  # the retry policy bounds the dispatches
    assert [r["result"] for r in outbox.run_once(aj, outbox.OutboxOptions(connector=LOG))] == [
        "confirmed"
    ]
    done = wire_agent.drive(run_id, journal=aj)
    assert done.status == RunStatus.TERMINAL
    assert done.detail["result"]["external_ref"].startswith("log-")


def test_key_from_names_an_outbox_effect(aj: Journal) -> None:
    @tape.effect(dispatch="outbox", connector=LOG, key_from=lambda args, ctx: f"note-{args['n']}")
    def note(n: int) -> dict[str, int]:
        return {"n": n}

    @tape.agent(name="test-keyed-note")
    def keyed(ctx: tape.RunContext) -> Any:
        return note(4)

    run_id = start(aj, keyed)
    keyed.drive(run_id, journal=aj)
    assert [e.idempotency_key for e in aj.list_effects(run_id=run_id)] == ["note-4"]


# ---- scopes ------------------------------------------------------------------------------------


@tape.effect(scope="crm:write")
def update_crm(contact: str) -> dict[str, str]:
    return {"updated": contact}


@tape.agent(name="test-crm")
def crm_agent(ctx: tape.RunContext, contact: str) -> Any:
    return update_crm(contact)


def policy_rows(j: Journal, run_id: str) -> list[dict[str, Any]]:
    return [e.payload for e in j.read_journal(run_id=run_id) if e.kind == "policy"]


def test_a_granted_scope_admits_an_inline_effect(aj: Journal) -> None:
    run = crm_agent.drive(start(aj, crm_agent, scopes=("crm:write",), contact="c1"), journal=aj)
    assert (run.status, run.detail) == (RunStatus.TERMINAL, {"result": {"updated": "c1"}})
    (effect,) = aj.list_effects(run_id=run.run_id)
    assert (effect.scope, effect.status) == ("crm:write", EffectStatus.CONFIRMED)
    assert policy_rows(aj, run.run_id) == []


def through(tool: str) -> Any:
    """A tool reached through a helper: not in the agent's tool set, checked at its call."""
    return update_crm if tool == "inline" else wire


@pytest.mark.parametrize("tool", ["inline", "outbox"])
def test_a_denied_scope_is_journaled_and_writes_no_effect(aj: Journal, tool: str) -> None:
    @tape.agent(name=f"test-denied-{tool}")
    def denied(ctx: tape.RunContext) -> Any:
        return through(tool)("c2") if tool == "inline" else through(tool)("acc", 5)

    run = denied.drive(start(aj, denied, scopes=("crm:read",)), journal=aj)
    assert run.status == RunStatus.FAILED
    assert run.detail["error"]["type"] == "ScopeDenied"
    assert aj.list_effects(run_id=run.run_id) == []
    name, scope = ("update_crm", "crm:write") if tool == "inline" else ("wire", "payments:wire")
    assert run.detail["error"]["message"].endswith(
        f"Grant it to every run of the agent with @tape.agent(scopes=[{scope!r}]), or to one "
        f"run with `tape run AGENT --scope {scope}` or .delay(..., scopes=[{scope!r}])"
    )
    assert policy_rows(aj, run.run_id) == [
        {
            "tool": name,
            "decision_index": -1,
            "required_scope": scope,
            "granted_scopes": ["crm:read"],
            "violation": "scope_not_granted",
        }
    ]


def test_agent_delay_grants_scopes(aj: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    from tape.agents import runner

    monkeypatch.setattr(runner, "send", lambda *args: None)
    handle = crm_agent.delay(contact="c3", scopes=["crm:write"])
    assert handle.state().scopes == ["crm:write"]
    before = dump(aj)
    with pytest.raises(errors.InvalidArgument, match="scope must be a non-empty string"):
        crm_agent.delay(contact="c4", scopes=[""])
    assert dump(aj) == before


# ---- retries -----------------------------------------------------------------------------------


def flaky_tool(
    failures: int, policy: tape.RetryPolicy, exc: type[Exception] = ConnectionError
) -> tuple[Any, list[str]]:
    """An inline tool failing ``failures`` times before it succeeds; it records each key."""
    keys: list[str] = []

    @tape.effect(retry=policy)
    def call_api(x: int) -> dict[str, int]:
        keys.append(tape.current_effect_key())
        if len(keys) <= failures:
            raise exc(f"attempt {len(keys)}")
        return {"x": x}

    return call_api, keys


def drive(j: Journal, tool: Callable[..., Any], name: str) -> tape.RunState:
    @tape.agent(name=name)
    def uses(ctx: tape.RunContext) -> Any:
        return tool(1)

    return uses.drive(start(j, uses), journal=j)


def test_retries_keep_one_key_until_the_body_succeeds(
    aj: Journal, caplog: pytest.LogCaptureFixture
) -> None:
    tool, keys = flaky_tool(2, NO_WAIT)
    with caplog.at_level(logging.WARNING, logger="tape.agents.tools"):
        run = drive(aj, tool, "test-retry-ok")
    assert (run.status, run.detail) == (RunStatus.TERMINAL, {"result": {"x": 1}})
    (effect,) = aj.list_effects(run_id=run.run_id)
    assert keys == [effect.idempotency_key] * 3 and effect.status == EffectStatus.CONFIRMED
    retried = [r for r in caplog.records if getattr(r, "action", "") == "effect-retry"]
    assert [r.attempt for r in retried] == [1, 2]  # type: ignore[attr-defined]
    transitions = [
        e.payload["status"] for e in aj.read_journal(run_id=run.run_id) if e.kind == "effect"
    ]
    assert transitions == ["pending", "confirmed"]  # retries are one effect, one outcome
    assert tape.current_effect_key() == ""


def test_retries_give_up_after_max_attempts(aj: Journal) -> None:
    tool, keys = flaky_tool(5, NO_WAIT)
    run = drive(aj, tool, "test-retry-exhausted")
    assert run.status == RunStatus.FAILED
    assert run.detail["error"] == {"type": "ConnectionError", "message": "attempt 3"}
    (effect,) = aj.list_effects(run_id=run.run_id)
    assert effect.status == EffectStatus.FAILED and len(keys) == 3


def test_non_retryable_errors_and_lost_acks(aj: Journal) -> None:
    policy = tape.RetryPolicy(max_attempts=3, initial_interval_s=0, non_retryable=(tape.AckLost,))
    tool, keys = flaky_tool(1, policy, exc=tape.AckLost)
    run = drive(aj, tool, "test-retry-acklost")
    (effect,) = aj.list_effects(run_id=run.run_id)
    assert effect.status == EffectStatus.UNKNOWN and len(keys) == 1


def test_delay_carries_scope_and_attempts(aj: Journal) -> None:
    @tape.effect(connector=LOG, scope="crm:write", retry=tape.RetryPolicy(max_attempts=4))
    def sync_contact(contact: str) -> None:
        raise AssertionError("the body never runs on .delay()")

    run_id = start(aj, crm_agent, scopes=("crm:write",), contact="x")
    effect = sync_contact.delay("c5", run_id=run_id)
    assert (effect.scope, effect.max_attempts, effect.dispatch_mode) == (
        "crm:write",
        4,
        DispatchMode.OUTBOX,
    )
    assert isinstance(sync_contact, EffectTool)


# ---- compensation payloads ---------------------------------------------------------------------


def test_a_raising_payload_builder_still_owes_the_inverse(aj: Journal) -> None:
    def broken(arguments: dict[str, Any], result: Any) -> Any:
        raise KeyError("seat")

    @tape.effect(compensate=undo, compensation_payload=broken)
    def book(flight: str) -> dict[str, str]:
        return {"booking": flight}

    run = drive(aj, book, "test-broken-payload")
    assert run.status == RunStatus.FAILED and run.detail["error"]["type"] == "KeyError"
    (effect,) = aj.list_effects(run_id=run.run_id)
    assert effect.status == EffectStatus.CONFIRMED
    (ob,) = aj.list_obligations(run_id=run.run_id)
    assert (ob.kind, json.loads(ob.payload_json)) == (
        registry.ref_of(undo),  # a tool's inverse is keyed by its module:qualname
        {"flight": 1, "booking": 1},
    )


def test_bad_compensation_payloads_change_nothing(aj: Journal) -> None:
    w = world(aj)
    run_id = w["run"]
    plain = aj.begin_effect(run_id=run_id, decision_index=0, tool_name="plain").idempotency_key
    owed = aj.begin_effect(
        run_id=run_id, decision_index=0, tool_name="owed", compensate_kind="undo"
    ).idempotency_key
    cases: list[tuple[str, Any, type[Exception]]] = [
        (plain, {"x": 1}, errors.InvalidArgument),  # no compensate_kind: nothing to owe
        (owed, "{not json", errors.InvalidPayload),
        (owed, {"big": "x" * (tape.MAX_PAYLOAD_BYTES + 1)}, errors.InvalidPayload),
    ]
    for key, payload, error in cases:
        before = dump(aj)
        with pytest.raises(error):
            aj.complete_effect(
                run_id=run_id,
                idempotency_key=key,
                status=EffectStatus.CONFIRMED,
                compensation_payload_json=payload,
            )
        assert dump(aj) == before, (key, payload)
    still = aj.get_effect(run_id=run_id, idempotency_key=plain)
    assert still is not None and still.status == EffectStatus.PENDING
