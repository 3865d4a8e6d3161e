"""``tape server``: every ``tape.v1.Tape`` RPC served by one :class:`tape.Journal`.

Each unary RPC calls the journal method of the same name (``BeginEffect`` ->
``begin_effect``) with the request's fields as keyword arguments, so the journal's
transactions, compare-and-swap claims and validation are exactly what a local caller gets.
An RPC whose method this journal does not have answers UNIMPLEMENTED. The matcher's steps
(``MatchBatch`` and its neighbours) are answered by :mod:`tape.rpc.matching`. The streams
(``SubscribeRun``, ``SubscribeEvents``, ``SubscribeBySubject``, ``WatchValue``, ``Subscribe``,
``WatchCommits``: :mod:`tape.rpc.live`) poll the journal.

The standard health service (``grpc.health.v1``) and server reflection are on. With a token
(``TAPE_TOKEN``), every call but the health check needs ``authorization: Bearer <token>``.
"""

from __future__ import annotations

import dataclasses
import hmac
import inspect
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import Message
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from tape import errors, netaddr, validate
from tape.journal import Journal
from tape.rpc import convert, live, matching, schema, status, streams
from tape.rpc.v1 import tape_pb2
from tape.store.outcomes import Outcome

logger = logging.getLogger("tape.server")

SERVICE = schema.SERVICE
_DESCRIPTOR = schema.DESCRIPTOR
snake = schema.snake
message_class = schema.message_class


class TapeService:
    """The generic handlers of the ``tape.v1.Tape`` service over ``journal``."""

    def __init__(
        self,
        journal: Journal,
        stopping: threading.Event,
        limits: streams.Limits | None = None,
    ) -> None:
        self.journal = journal
        self.stopping = stopping
        self.limits = limits or streams.Limits()
        self.wakeups = streams.Wakeups(journal, stopping)

    def handler(self) -> grpc.GenericRpcHandler:
        handlers: dict[str, grpc.RpcMethodHandler] = {}
        for method in _DESCRIPTOR.methods:
            request_cls = message_class(method.input_type.name)
            response_cls = message_class(method.output_type.name)
            if method.server_streaming:
                stream = getattr(self, f"_stream_{snake(method.name)}", None)
                behaviour = stream or self._unimplemented_stream(method.name)
                handlers[method.name] = grpc.unary_stream_rpc_method_handler(
                    behaviour,
                    request_deserializer=request_cls.FromString,
                    response_serializer=response_cls.SerializeToString,
                )
            else:
                handlers[method.name] = grpc.unary_unary_rpc_method_handler(
                    self._unary(method.name, response_cls),
                    request_deserializer=request_cls.FromString,
                    response_serializer=response_cls.SerializeToString,
                )
        return grpc.method_handlers_generic_handler(SERVICE, handlers)

    def _unary(
        self, rpc: str, response_cls: type[Message]
    ) -> Callable[[Message, grpc.ServicerContext], Message]:
        name = snake(rpc)

        served = matching.SERVED.get(rpc)

        def call(request: Message, context: grpc.ServicerContext) -> Message:
            if served is not None:
                try:
                    return served(self.journal, request)
                except Exception as exc:
                    status.abort_with(context, exc, rpc)
                    raise  # pragma: no cover - abort_with never returns
            method = getattr(self.journal, name, None)
            if method is None:
                context.abort(
                    grpc.StatusCode.UNIMPLEMENTED,
                    f"{rpc}: this tape server's journal has no {name}() (a newer tape has it)",
                )
                raise AssertionError("unreachable: abort raises")
            try:
                result = method(**_bind(method, rpc, self._kwargs(rpc, request), request))
                response = response_cls()
                if rpc == "CompleteTasks":
                    _shape_completed(response, result, request)
                else:
                    convert.shape_response(response, result)
                return response
            except Exception as exc:  # every failure becomes a status (abort raises)
                status.abort_with(context, exc, rpc)
                raise  # pragma: no cover - abort_with never returns

        return call

    def _kwargs(self, rpc: str, request: Message) -> dict[str, Any]:
        kwargs = convert.request_kwargs(request)
        if rpc == "RecordDispatchOutcomes":
            kwargs["outcomes"] = [Outcome(**o) for o in kwargs.get("outcomes", [])]
            kwargs.setdefault("claimer", "")
        elif rpc == "CompleteTasks":
            kwargs["claims"] = [
                (c.get("task_id", ""), c.get("attempts", 0)) for c in kwargs.get("claims", [])
            ]
        elif rpc in ("AppendEvent", "AppendScopedEvent"):
            event_json = kwargs.pop("event_json", None)
            event = kwargs.pop("event", {})
            if event_json is not None:
                event = validate.parse(event_json, "event_json")
            else:
                event = _event_from_record(event)
            kwargs["event"] = event
        elif rpc == "BeginEffects":
            kwargs.setdefault("effects", [])
        return kwargs

    # ── streams (bounded and woken by tape.rpc.streams) ────────────────────────────────

    def _tail(
        self,
        context: grpc.ServicerContext,
        read: Callable[[int], list[Any]],
        keep: Callable[[Any], bool] | None = None,
        start: int = 0,
        advance: Callable[[Any], int] = lambda row: int(row.global_seq),
        resume: str = "after global_seq",
        end_after_s: float | None = None,
    ) -> Iterator[Any]:
        """Rows from ``read(cursor)`` as they commit, ``cursor`` ``advance(last row read)``:
        by default its ``global_seq`` (the journal reads on from that row's place in the
        global order, which is not the order of ``global_seq``: :mod:`tape.models.journal`);
        only those ``keep`` accepts are sent. ``end_after_s``: end the stream (OK) once
        nothing was sent for that long (``Journal.subscribe``'s ``idle_timeout_s``)."""
        cursor, last_sent = start, time.monotonic()
        while context.is_active() and not self.stopping.is_set():
            generation = self.wakeups.generation()
            try:
                rows = read(cursor)
            except Exception as exc:
                status.abort_with(context, exc, "stream")
                return
            for row in rows:
                cursor = advance(row)
                if keep is None or keep(row):
                    last_sent = time.monotonic()
                    yield row
            if not rows:
                if end_after_s is not None and time.monotonic() - last_sent >= end_after_s:
                    return
                self._wait(context, generation, last_sent, f"{resume} {cursor}", end_after_s)

    def _wait(
        self,
        context: grpc.ServicerContext,
        generation: int,
        last_sent: float,
        resume: str,
        end_after_s: float | None = None,
    ) -> None:
        """Sleep until the journal moves; close the stream once it was idle too long."""
        idle = time.monotonic() - last_sent
        if idle >= self.limits.idle_s:
            context.abort(
                grpc.StatusCode.UNAVAILABLE,
                f"stream closed after {self.limits.idle_s:g} s without a message "
                f"(TAPE_SERVER_STREAM_IDLE_S); subscribe again {resume}",
            )
        timeout = min(streams.CHECK_S, self.limits.idle_s - idle)
        if end_after_s is not None:
            timeout = max(0.0, min(timeout, end_after_s - idle))
        self.wakeups.wait(generation, timeout)

    def _require_run(self, context: grpc.ServicerContext, run_id: str, rpc: str) -> None:
        """Refuse a stream of a run that does not exist now, not after it idled."""
        try:
            self.journal.get_run(run_id=run_id)
        except Exception as exc:
            status.abort_with(context, exc, rpc)

    def _stream_subscribe_run(
        self, request: tape_pb2.SubscribeRunRequest, context: grpc.ServicerContext
    ) -> Iterator[tape_pb2.JournalEntry]:
        if not request.run_id:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "SubscribeRun needs run_id")
        self._require_run(context, request.run_id, "SubscribeRun")

        # A run's own order is its seq (gap-safe without the horizon): the cursor is the next.
        def read(next_seq: int) -> list[Any]:
            return self.journal.read_journal(run_id=request.run_id, from_seq=next_seq)

        tail = self._tail(
            context, read, start=request.from_seq, advance=_next_seq, resume="from_seq"
        )
        for row in tail:
            message = tape_pb2.JournalEntry()
            convert.fill(message, row)
            yield message

    def _stream_subscribe_events(
        self, request: tape_pb2.SubscribeEventsRequest, context: grpc.ServicerContext
    ) -> Iterator[tape_pb2.EventEntry]:
        if request.run_id:
            self._require_run(context, request.run_id, "SubscribeEvents")

        def read(cursor: int) -> list[Any]:
            return self.journal.read_journal(
                run_id=request.run_id,
                kind=request.kind,
                subject_pattern=request.subject_pattern,
                after_global_seq=cursor,
            )

        def keep(row: Any) -> bool:
            return bool(row.ts_ms >= request.from_ts_ms)

        for row in self._tail(context, read, keep, request.from_global_seq):
            yield _event_entry(row)

    def _stream_subscribe_by_subject(
        self, request: tape_pb2.SubscribeBySubjectRequest, context: grpc.ServicerContext
    ) -> Iterator[tape_pb2.EventEntry]:
        if request.predicate_cel:
            context.abort(
                grpc.StatusCode.INVALID_ARGUMENT,
                "predicate_cel: this tape server does not evaluate CEL; filter by "
                "subject_pattern and check the payload in the consumer",
            )

        def read(cursor: int) -> list[Any]:
            return self.journal.read_journal(
                subject_pattern=request.subject_pattern, after_global_seq=cursor
            )

        for row in self._tail(context, read, start=request.from_global_seq):
            yield _event_entry(row)

    def _stream_watch_value(
        self, request: tape_pb2.WatchValueRequest, context: grpc.ServicerContext
    ) -> Iterator[tape_pb2.ValueEvent]:
        seen, previous, last_sent = request.from_version, "", time.monotonic()
        while context.is_active() and not self.stopping.is_set():
            generation = self.wakeups.generation()  # value writes are journal rows
            try:
                value = self.journal.get_value(namespace=request.namespace, key=request.key)
            except Exception as exc:
                status.abort_with(context, exc, "WatchValue")
                return
            if value is not None and value.version > seen:
                event = tape_pb2.ValueEvent(prev_version=seen, prev_value_json=previous)
                convert.fill(event.value, value)
                last_sent = time.monotonic()
                yield event
                seen, previous = value.version, value.value_json
            else:
                self._wait(context, generation, last_sent, f"from_version {seen}")

    def _stream_subscribe(
        self, request: tape_pb2.SubscribeRequest, context: grpc.ServicerContext
    ) -> Iterator[tape_pb2.JournalEntry]:
        return live.serve_subscribe(self, request, context)

    def _stream_watch_commits(
        self, request: tape_pb2.Empty, context: grpc.ServicerContext
    ) -> Iterator[tape_pb2.CommitNotice]:
        return live.serve_watch_commits(self, request, context)

    def _unimplemented_stream(self, rpc: str) -> Callable[[Message, grpc.ServicerContext], Any]:
        def stream(request: Message, context: grpc.ServicerContext) -> Iterator[Message]:
            context.abort(grpc.StatusCode.UNIMPLEMENTED, f"{rpc} is not served by this server")
            yield from ()

        return stream


def _bind(
    method: Callable[..., Any], rpc: str, kwargs: dict[str, Any], request: Message | None = None
) -> dict[str, Any]:
    """``kwargs`` the method takes (a field it has no parameter for is left out).

    A required argument whose field has no presence (upstream Tape's plain fields, e.g.
    ``Reaction.subject_pattern``) takes the field's value even when it is the default: such
    a field cannot say it was left out, so ``""`` is what the caller sent.

    Raises:
        InvalidArgument: a required field is missing.
    """
    params = inspect.signature(method).parameters
    fields = request.DESCRIPTOR.fields_by_name if request is not None else {}
    for name, param in params.items():
        field = fields.get(name)
        plain = field is not None and not field.has_presence and not field.is_repeated
        if plain and param.default is param.empty and name not in kwargs:
            kwargs[name] = getattr(request, name)
    for argument, field in convert.ALIASES.items():  # app_delta_json -> app_delta
        if field in kwargs and field not in params and argument in params:
            kwargs[argument] = kwargs.pop(field)
    if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        kwargs = {k: v for k, v in kwargs.items() if k in params}
    missing = [
        n
        for n, p in params.items()
        if p.default is p.empty
        and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
        and n not in kwargs
    ]
    if missing:
        raise errors.InvalidArgument(f"{rpc} needs {', '.join(missing)}")
    return kwargs


def _shape_completed(
    response: Message, result: tuple[list[Any], list[errors.TapeError]], request: Any
) -> None:
    """``CompleteTasks``: the tasks done, and for each claim that was not, its named error
    (in the order of the claims, as the journal returns them)."""
    done, lost = result
    for task in done:
        convert.fill(response.done.add(), task)
    finished = {task.task_id for task in done}
    missed = [c.task_id for c in request.claims if c.task_id not in finished]
    for task_id, exc in zip(missed, lost, strict=False):
        entry = response.lost.add()
        entry.task_id, entry.error, entry.message = task_id, type(exc).__name__, str(exc)
        current = getattr(exc, "current", None)
        if current is not None:
            convert.fill(entry.current, current)


def _event_from_record(fields: dict[str, Any]) -> dict[str, Any]:
    """An ADK-style event from upstream Tape's ``EventRecord`` fields (non-Python clients)."""
    event: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("content_json", "actions_json"):
            event[name.removesuffix("_json")] = validate.parse(value, f"event.{name}")
        else:
            event[name] = value
    return event


def _event_entry(row: Any) -> tape_pb2.EventEntry:
    message = tape_pb2.EventEntry()
    convert.fill(message, row)
    return message


class TokenAuth(grpc.ServerInterceptor):  # type: ignore[misc]
    """Refuses every call without ``authorization: Bearer <token>`` (health checks pass)."""

    def __init__(self, token: str) -> None:
        self._expected = f"Bearer {token}".encode()

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        method = str(details.method)
        if method.startswith("/grpc.health.v1.Health/"):
            return continuation(details)
        given = dict(details.invocation_metadata or ()).get("authorization", "")
        given_bytes = given.encode() if isinstance(given, str) else bytes(given)
        if hmac.compare_digest(given_bytes, self._expected):
            return continuation(details)
        message = (
            "this tape server needs a bearer token: set TAPE_TOKEN for the client"
            if not given
            else "the bearer token was refused: TAPE_TOKEN differs from the server's"
        )
        return _refuse(message)


def _refuse(message: str) -> grpc.RpcMethodHandler:
    def deny(request: Any, context: grpc.ServicerContext) -> Any:
        context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    return grpc.unary_unary_rpc_method_handler(deny)


@dataclass
class RunningServer:
    """A started server: its ``port``, and :meth:`stop` for a graceful shutdown."""

    server: grpc.Server
    port: int
    health: health.HealthServicer
    stopping: threading.Event
    budget: streams.StreamBudget

    def stop(self, grace_s: float = 10.0) -> None:
        """Stop taking calls, let calls in flight finish (up to ``grace_s``), end streams."""
        self.health.enter_graceful_shutdown()
        self.stopping.set()
        self.server.stop(grace_s).wait()

    def wait(self) -> None:
        self.server.wait_for_termination()


def serve(
    journal: Journal,
    listen: str = "127.0.0.1:7878",
    *,
    token: str = "",
    tls_cert: bytes | None = None,
    tls_key: bytes | None = None,
    limits: streams.Limits | None = None,
    max_workers: int | None = None,
) -> RunningServer:
    """Start serving ``journal`` on ``listen`` (``host:port``; port 0 picks a free one).

    Args:
        journal: the journal every RPC is answered from.
        listen: ``HOST:PORT``; a host other than loopback needs ``token``.
        token: the bearer token every call but the health check must carry ("" for none).
        tls_cert: PEM certificate (chain); with ``tls_key``, the server speaks TLS.
        tls_key: PEM private key of ``tls_cert``.
        limits: threads and stream limits (:meth:`tape.rpc.streams.Limits.from_env` by
            default).
        max_workers: threads for unary calls (overrides ``limits.threads``; older name).

    Raises:
        ConfigurationError: a malformed address or port, a non-loopback address without a
            token, an address that cannot be bound, or only half of a TLS pair.
    """
    address = netaddr.parse_listen(listen)
    refusal = netaddr.network_refusal(
        address.host,
        token,
        token_variable="TAPE_TOKEN",
        what="every journal call",
        option="--listen",
    )
    if refusal:
        raise errors.ConfigurationError(refusal)
    if (tls_cert is None) != (tls_key is None):
        raise errors.ConfigurationError("TLS needs both a certificate and its private key")
    if token and tls_cert is None and not address.loopback:
        logger.warning("%s", plaintext_token_warning(address.host))
    limits = limits or streams.Limits.from_env()
    if max_workers is not None:
        limits = dataclasses.replace(limits, threads=max_workers)
    budget = streams.StreamBudget(limits)
    interceptors: list[grpc.ServerInterceptor] = [TokenAuth(token)] if token else []
    interceptors.append(streams.StreamLimiter(budget))
    server = grpc.server(
        ThreadPoolExecutor(max_workers=limits.pool_size, thread_name_prefix="tape-rpc"),
        interceptors=interceptors,
        options=[
            ("grpc.so_reuseport", 0),
            # Find clients that vanished without closing their streams.
            ("grpc.keepalive_time_ms", 60_000),
            ("grpc.keepalive_timeout_ms", 20_000),
        ],
        maximum_concurrent_rpcs=limits.concurrent_rpcs,
    )
    stopping = threading.Event()
    server.add_generic_rpc_handlers((TapeService(journal, stopping, limits).handler(),))
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ("", SERVICE):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    reflection.enable_server_reflection(
        (SERVICE, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )
    try:
        if tls_cert is not None and tls_key is not None:
            credentials = grpc.ssl_server_credentials(((tls_key, tls_cert),))
            port = server.add_secure_port(str(address), credentials)
        else:
            port = server.add_insecure_port(str(address))
    except RuntimeError as exc:
        raise errors.ConfigurationError(f"cannot listen on {address}: {exc}") from None
    if port == 0:
        raise errors.ConfigurationError(f"cannot listen on {address} (address in use?)")
    server.start()
    logger.info("tape server listening on %s:%d", address.host, port)
    return RunningServer(
        server=server, port=port, health=health_servicer, stopping=stopping, budget=budget
    )


def plaintext_token_warning(host: str) -> str:
    """What ``tape server`` says when its token would cross the network in clear text."""
    return (
        f"TAPE_TOKEN travels unencrypted: the server listens on {host} without TLS, "
        "so anyone on the network path can read the token and every payload. Serve TLS "
        "(--tls-cert/--tls-key, clients use tapes://) or put a TLS proxy in front."
    )


def _next_seq(row: Any) -> int:
    return int(row.seq) + 1
