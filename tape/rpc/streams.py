"""How ``tape server`` keeps open streams from taking it over.

grpc's synchronous server holds one thread per call for the call's life, and a stream
(``SubscribeRun``, ``SubscribeEvents``, ``SubscribeBySubject``, ``WatchValue``, the health
service's ``Watch``, reflection) lives as long as its client keeps it open. So:

- Streams have a budget of their own (:class:`StreamBudget`): at most ``max_streams`` open at
  once and ``max_streams_per_peer`` from one client address; beyond it a new stream is refused
  with RESOURCE_EXHAUSTED at once. The budget applies to every streaming RPC of the server
  (:class:`StreamLimiter`, an interceptor).
- The thread pool has ``threads + max_streams`` threads: open streams can never hold the
  ``threads`` that unary calls and the health check answer on.
- gRPC itself refuses calls beyond ``max_rpcs`` in flight (queued ones included).
- A waiting stream costs no query of its own: :class:`Wakeups` looks at the journal's head once
  per poll for the whole server and wakes the streams when it moved.
- A stream that sent nothing for ``idle_s`` seconds is closed with UNAVAILABLE; its client
  subscribes again from the ``global_seq`` of the last row it got (the stream goes on from
  that row's place in the journal's order).

Every limit comes from a ``TAPE_SERVER_*`` variable (:meth:`Limits.from_env`).
"""

from __future__ import annotations

import collections
import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import grpc

from tape import errors
from tape.journal import Journal
from tape.rpc import status

logger = logging.getLogger("tape.server")

#: How often the shared watcher looks at the journal's head, in seconds.
POLL_S = 0.25
#: Longest a waiting stream sleeps before it looks whether its client is still there.
CHECK_S = 1.0
#: Largest value a ``TAPE_SERVER_*`` count or number of seconds may have.
_MAX_SETTING = 1_000_000


@dataclass(frozen=True)
class Limits:
    """The server's concurrency limits (see the module docstring).

    Attributes:
        threads: threads for unary calls and the health check (``TAPE_SERVER_THREADS``).
        max_streams: streams open at once, all clients (``TAPE_SERVER_MAX_STREAMS``).
        max_streams_per_peer: streams open at once from one client address
            (``TAPE_SERVER_MAX_STREAMS_PER_PEER``).
        idle_s: seconds a stream may send nothing before it is closed
            (``TAPE_SERVER_STREAM_IDLE_S``).
        max_rpcs: calls in flight or queued before gRPC answers RESOURCE_EXHAUSTED
            (``TAPE_SERVER_MAX_RPCS``; 0: ``max_streams + 16 * threads``).
    """

    threads: int = 64
    max_streams: int = 256
    max_streams_per_peer: int = 64
    idle_s: float = 600.0
    max_rpcs: int = 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The limits ``TAPE_SERVER_*`` asks for, defaults for the rest.

        Raises:
            ConfigurationError: a value that is not a positive number.
        """
        env = os.environ if environ is None else environ
        default = cls()

        def number(name: str, fallback: float, *, integer: bool = True) -> Any:
            text = env.get(name, "").strip()
            if not text:
                return fallback
            try:
                value = int(text) if integer else float(text)
            except ValueError:
                value = 0
            if not 0 < value <= _MAX_SETTING:
                kind = "a whole number from 1" if integer else "a number of seconds above 0"
                raise errors.ConfigurationError(
                    f"{name} must be {kind} up to {_MAX_SETTING}, not {text!r}"
                )
            return value

        return cls(
            threads=number("TAPE_SERVER_THREADS", default.threads),
            max_streams=number("TAPE_SERVER_MAX_STREAMS", default.max_streams),
            max_streams_per_peer=number(
                "TAPE_SERVER_MAX_STREAMS_PER_PEER", default.max_streams_per_peer
            ),
            idle_s=number("TAPE_SERVER_STREAM_IDLE_S", default.idle_s, integer=False),
            max_rpcs=number("TAPE_SERVER_MAX_RPCS", default.max_rpcs),
        )

    @property
    def pool_size(self) -> int:
        """Threads of the server: the unary ones plus one per stream the budget allows."""
        return self.threads + self.max_streams

    @property
    def concurrent_rpcs(self) -> int:
        return self.max_rpcs or self.max_streams + 16 * self.threads


def peer_address(peer: str) -> str:
    """``ipv4:10.0.0.5:51234`` -> ``ipv4:10.0.0.5``: one client machine, whatever its port."""
    if peer.startswith(("ipv4:", "ipv6:")):
        return peer.rsplit(":", 1)[0]
    return peer


class StreamBudget:
    """Counts open streams, in total and per client address."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._total = 0
        self._by_peer: collections.Counter[str] = collections.Counter()

    @property
    def open_streams(self) -> int:
        return self._total

    def take(self, peer: str) -> Callable[[], None] | str:
        """A release function for one stream of ``peer``, or why there is none."""
        with self._lock:
            if self._total >= self.limits.max_streams:
                return (
                    f"this tape server has {self._total} streams open, its limit "
                    "(TAPE_SERVER_MAX_STREAMS); close a stream or try again later"
                )
            if self._by_peer[peer] >= self.limits.max_streams_per_peer:
                return (
                    f"this client has {self._by_peer[peer]} streams open, the limit per client "
                    "address (TAPE_SERVER_MAX_STREAMS_PER_PEER); close one first"
                )
            self._total += 1
            self._by_peer[peer] += 1
        released = threading.Event()

        def release() -> None:
            with self._lock:
                if released.is_set():
                    return
                released.set()
                self._total -= 1
                self._by_peer[peer] -= 1
                if not self._by_peer[peer]:
                    del self._by_peer[peer]

        return release


class StreamLimiter(grpc.ServerInterceptor):  # type: ignore[misc]
    """Puts every streaming RPC of the server under one :class:`StreamBudget`."""

    def __init__(self, budget: StreamBudget) -> None:
        self.budget = budget

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(details)
        if handler is None or not handler.response_streaming:
            return handler
        rpc = str(details.method).rsplit("/", 1)[-1]
        if handler.request_streaming:
            return grpc.stream_stream_rpc_method_handler(
                self._bounded(handler.stream_stream, rpc),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return grpc.unary_stream_rpc_method_handler(
            self._bounded(handler.unary_stream, rpc),
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    def _bounded(
        self, behaviour: Callable[[Any, grpc.ServicerContext], Iterator[Any]], rpc: str
    ) -> Callable[[Any, grpc.ServicerContext], Iterator[Any]]:
        def stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            granted = self.budget.take(peer_address(context.peer()))
            if isinstance(granted, str):
                context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, granted)
                return
            # Released when the call ends however it ends (the callback), or when the
            # generator is closed first (finally); releasing twice is a no-op.
            context.add_callback(granted)
            try:
                yield from behaviour(request, context)
            except Exception as exc:
                if context.code() is not None:  # an abort: the call has its answer
                    raise
                # Answered and logged like a unary failure, not by grpc with the message.
                status.abort_with(context, exc, rpc)
            finally:
                granted()

        return stream


class Wakeups:
    """One look at the journal's head per poll, for every waiting stream of the server.

    A stream notes :meth:`generation`, reads its rows, and when there were none waits until
    the generation moves: a row committed after its read moves the head after the note was
    taken, so no row is missed. If the head cannot be read, the generation moves every poll
    and the streams read (and report the error) themselves.
    """

    def __init__(self, journal: Journal, stopping: threading.Event, poll_s: float = POLL_S):
        self.journal = journal
        self.stopping = stopping
        self.poll_s = poll_s
        self._cond = threading.Condition()
        self._generation = 0
        self._head = -1
        self._waiting = 0
        self._failing = False
        self._thread: threading.Thread | None = None

    def generation(self) -> int:
        with self._cond:
            return self._generation

    def wait(self, generation: int, timeout: float) -> None:
        """Until the generation moves past ``generation``, the server stops, or ``timeout``."""
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watch, name="tape-rpc-wakeups", daemon=True
                )
                self._thread.start()
            self._waiting += 1
            try:
                self._cond.wait_for(
                    lambda: self._generation != generation or self.stopping.is_set(), timeout
                )
            finally:
                self._waiting -= 1

    def stop(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def _watch(self) -> None:
        while not self.stopping.is_set():
            with self._cond:
                waiting = self._waiting
            if waiting:
                head = self._read_head()
                with self._cond:
                    if head is None or head != self._head:
                        self._head = -1 if head is None else head
                        self._generation += 1
                        self._cond.notify_all()
            self.stopping.wait(self.poll_s)
        self.stop()

    def _read_head(self) -> int | None:
        try:
            _, head = self.journal.reaction_lag()
        except Exception as exc:
            if not self._failing:  # once per outage, not once per poll
                logger.warning(
                    "streams poll the journal themselves: its head cannot be read (%s)",
                    type(exc).__name__,
                    extra={"action": "rpc-stream-watch"},
                )
            self._failing = True
            return None
        self._failing = False
        return int(head)
