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
