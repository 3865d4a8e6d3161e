"""``tape.bridge.run_sync``: one long-lived event loop per process for sync callers."""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading

import pytest

from tape import bridge, connectors

who: contextvars.ContextVar[str] = contextvars.ContextVar("who", default="")


async def running_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


def test_every_call_runs_on_the_same_loop_from_any_thread() -> None:
    first = bridge.run_sync(running_loop())
    assert bridge.run_sync(running_loop()) is first
    seen: list[asyncio.AbstractEventLoop] = []
    thread = threading.Thread(target=lambda: seen.append(bridge.run_sync(running_loop())))
    thread.start()
    thread.join()
    assert seen == [first] and first.is_running()


def test_async_connector_calls_share_the_loop() -> None:
    class AsyncConnector:
        async def observe(self, effect: object) -> asyncio.AbstractEventLoop:
            return asyncio.get_running_loop()

    conn = AsyncConnector()
    assert connectors.call_maybe_async(conn.observe, None) is connectors.call_maybe_async(
        conn.observe, None
    )


def test_the_callers_context_variables_are_carried_in() -> None:
    async def read() -> str:
        return who.get()

    token = who.set("run-1")
    try:
        assert bridge.run_sync(read()) == "run-1"
    finally:
        who.reset(token)


class Parked(BaseException):
    pass


def test_what_the_coroutine_raises_is_raised_in_the_caller_and_the_loop_lives_on() -> None:
    async def park() -> None:
        raise Parked("gate")

    async def fail() -> None:
        raise KeyError("x")

    with pytest.raises(Parked):
        bridge.run_sync(park())
    with pytest.raises(KeyError):
        bridge.run_sync(fail())
    assert bridge.run_sync(running_loop()).is_running()


def test_a_sync_call_made_from_a_coroutine_on_the_loop_does_not_deadlock() -> None:
    async def inner() -> str:
        return "inner"

    async def outer() -> str:
        return bridge.run_sync(inner())  # a sync tool called by an async framework

    assert bridge.run_sync(outer()) == "inner"


def test_a_forked_child_starts_its_own_loop() -> None:
    bridge.run_sync(running_loop())
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's loop thread does not exist here
        try:
            ok = bridge.run_sync(running_loop()).is_running()
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    try:
        assert os.read(read, 1) == b"1"
    finally:
        os.close(read)
        os.waitpid(pid, 0)
