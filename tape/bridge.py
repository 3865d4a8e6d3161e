"""The one way sync code runs a coroutine: on one long-lived event loop per process.

Async connectors and async agent frameworks are called from sync code (the passes, an agent
body). Starting a new loop per call (``asyncio.run``) throws away whatever the coroutine
bound to its loop (an ``httpx.AsyncClient``'s pool, an SDK's session) and pays the loop's
start-up each time. :func:`run_sync` instead submits the coroutine to a loop that a daemon
thread keeps running for the life of the process, and blocks the caller until it is done:

- the caller's context variables (the run context among them) are carried in;
- the result is returned, and every exception is raised in the caller's thread unchanged,
  ``BaseException`` subclasses such as ``Parked`` included;
- a forked child (a Celery prefork pool process) starts its own loop on first use: the
  parent's loop thread does not exist there;
- called from a coroutine already running on that loop (a sync tool called by an async
  framework), the coroutine runs to completion on a fresh loop in a helper thread, since
  blocking the shared loop on itself would never finish.

Coroutines on the shared loop must not block it: a blocking call there holds up every
other thread's coroutine until it returns.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading
from collections.abc import Awaitable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None
_pid = 0


class _Raised:
    """What a coroutine raised, carried out of the loop so the loop never sees it re-raised
    (``KeyboardInterrupt``/``SystemExit`` raised in a task would stop the loop itself)."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


async def _capture(awaitable: Awaitable[T]) -> T | _Raised:
    try:
        return await awaitable
    except BaseException as exc:
        return _Raised(exc)


def _shared_loop() -> asyncio.AbstractEventLoop:
    global _loop, _thread, _pid
    with _lock:
        if _loop is None or _pid != os.getpid() or not (_thread and _thread.is_alive()):
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="tape-event-loop", daemon=True)
            thread.start()
            _loop, _thread, _pid = loop, thread, os.getpid()
        return _loop


def _forget_after_fork() -> None:
    # The child has no loop thread, and a lock some other parent thread held at the fork
    # would stay held forever: start from nothing (the next call builds the child's loop).
    global _lock, _loop, _thread, _pid
    _lock, _loop, _thread, _pid = threading.Lock(), None, None, 0


os.register_at_fork(after_in_child=_forget_after_fork)


def _on_shared_loop() -> bool:
    return _thread is not None and _thread is threading.current_thread() and _pid == os.getpid()


def run_sync(awaitable: Awaitable[T]) -> T:
    """Run ``awaitable`` to completion from sync code and return its result.

    Args:
        awaitable: a coroutine (or any awaitable) to finish.

    Returns:
        Its result; what it raised is raised here.
    """
    context = contextvars.copy_context()
    if _on_shared_loop():
        outcome: Future[T | _Raised] = Future()
        helper = threading.Thread(
            target=lambda: outcome.set_result(context.run(asyncio.run, _capture(awaitable))),
            name="tape-event-loop-nested",
        )
        helper.start()
        helper.join()
        return _unwrap(outcome.result())
    loop = _shared_loop()
    done: Future[T | _Raised] = Future()

    def finished(task: asyncio.Task[T | _Raised]) -> None:
        try:
            done.set_result(task.result())
        except BaseException as exc:  # cancelled before it ran: still the caller's to see
            done.set_result(_Raised(exc))

    def start() -> None:
        loop.create_task(_capture(awaitable), context=context).add_done_callback(finished)

    loop.call_soon_threadsafe(start)
    return _unwrap(done.result())


def _unwrap(value: T | _Raised) -> T:
    if isinstance(value, _Raised):
        raise value.exc
    return value
