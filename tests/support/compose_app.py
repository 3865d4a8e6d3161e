"""Composed runs for real workers: ``TAPE_IMPORTS=tests.support.compose_app``.

- ``reserve(item)``: an inline effect whose inverse ``undo_reserve`` counts every call in
  Redis (``COMPOSE_REDIS_URL``, keys under ``COMPOSE_PREFIX``: the ``undone`` hash by item and
  the ``undo_order`` list, oldest call first);
- ``parked_agent(item)``: reserves ``item`` then parks on a gate nobody answers; its deadline
  is ``COMPOSE_DEADLINE_S`` seconds (default 3);
- ``quick_agent(item)``: reserves ``item`` and ends at once, with the same deadline.
"""

from __future__ import annotations

import os
from typing import Any

import redis

import tape

_client: tuple[int, redis.Redis] | None = None


def _redis() -> redis.Redis:
    global _client
    if _client is None or _client[0] != os.getpid():
        url = os.environ["COMPOSE_REDIS_URL"]
        _client = (os.getpid(), redis.Redis.from_url(url, decode_responses=True))
    return _client[1]


def _key(name: str) -> str:
    return f"{os.environ['COMPOSE_PREFIX']}:{name}"


def undo_reserve(item: str, **_: Any) -> dict[str, Any]:
    r = _redis()
    r.hincrby(_key("undone"), item, 1)
    r.rpush(_key("undo_order"), item)
    return {"undone": item}


@tape.effect(compensate=undo_reserve)
def reserve(item: str) -> dict[str, Any]:
    return {"item": item}


DEADLINE_S = float(os.environ.get("COMPOSE_DEADLINE_S", "3"))


@tape.agent(name="parked_agent", lease_ttl_ms=5_000, deadline=DEADLINE_S)
def parked_agent(ctx: tape.RunContext, item: str) -> dict[str, Any]:
    reserve(item=item)
    return tape.gate("never-answered")


@tape.agent(name="quick_agent", lease_ttl_ms=5_000, deadline=DEADLINE_S)
def quick_agent(ctx: tape.RunContext, item: str) -> dict[str, Any]:
    return {"reserved": reserve(item=item)}


# -- child runs ---------------------------------------------------------------------------------
#
# ``payroll_parent(payees)`` starts one ``wire_child`` per payee (each wires through the
# non-idempotent outbox tool ``wire_money`` of tests.support.agent_app, ``bank.wire``), then
# waits for each in turn. ``holding_parent(items)`` starts one ``holding_child`` per item; each
# reserves its item (owing ``undo_reserve``) and parks on a gate nobody answers.

from tests.support.agent_app import wire_money  # noqa: E402

LEASE_MS = int(os.environ.get("AGENT_LEASE_MS", "6000"))


@tape.agent(name="wire_child", lease_ttl_ms=LEASE_MS)
def wire_child(ctx: tape.RunContext, beneficiary: str, amount: int) -> dict[str, Any]:
    return wire_money(account="acc-1", amount=amount, beneficiary=beneficiary, date="2025-01-02")


@tape.agent(name="payroll_parent", lease_ttl_ms=LEASE_MS)
def payroll_parent(ctx: tape.RunContext, payees: list[dict[str, Any]]) -> dict[str, Any]:
    handles = [ctx.start_child(wire_child, **payee) for payee in payees]
    return {"wires": [handle.wait() for handle in handles]}


@tape.agent(name="holding_child", lease_ttl_ms=LEASE_MS)
def holding_child(ctx: tape.RunContext, item: str) -> dict[str, Any]:
    reserve(item=item)
    return tape.gate("hold")


@tape.agent(name="holding_parent", lease_ttl_ms=LEASE_MS)
def holding_parent(ctx: tape.RunContext, items: list[str]) -> dict[str, Any]:
    handles = [ctx.start_child(holding_child, item=item) for item in items]
    return {"held": [handle.wait() for handle in handles]}


# -- fork -----------------------------------------------------------------------------------------
#
# ``fork_payer(tag)`` makes five decisions (a model answering step N from the JSON file
# ``COMPOSE_ANSWERS``, which the test rewrites between runs) and wires money through
# ``bank.wire`` when an answer says ``{"wire": amount}``; the wire's inverse ``undo_fork_wire``
# counts its calls in Redis (``reversed``).

import json  # noqa: E402


class FileSteps:
    name = "file-steps"

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        with open(os.environ["COMPOSE_ANSWERS"]) as handle:
            answers = json.load(handle)
        return dict(answers[str(request["step"])])


def undo_fork_wire(**_: Any) -> dict[str, Any]:
    _redis().hincrby(_key("reversed"), "wires", 1)
    return {"reversed": True}


@tape.outbox_tool(
    connector="bank.wire",
    semantics="non_idempotent",
    business_key=lambda tag, amount, **_: f"{tag}:{amount}",
    compensate=undo_fork_wire,
)
def fork_wire(tag: str, amount: int) -> dict[str, Any]:
    return {"tag": tag, "account": "acc-1", "amount": amount, "beneficiary": "bob"}


@tape.agent(name="fork_payer", lease_ttl_ms=LEASE_MS)
def fork_payer(ctx: tape.RunContext, tag: str) -> list[Any]:
    model = FileSteps()
    wires = []
    for step in range(5):
        answer = ctx.decide(model, {"step": step})
        if "wire" in answer:
            wires.append(fork_wire(tag=tag, amount=answer["wire"]))
    return wires
