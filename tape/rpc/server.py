"""``tape server``: every ``tape.v1.Tape`` RPC served by one :class:`tape.Journal`.

Each unary RPC calls the journal method of the same name (``BeginEffect`` ->
``begin_effect``) with the request's fields as keyword arguments, so the journal's
transactions, compare-and-swap claims and validation are exactly what a local caller gets.
An RPC whose method this journal does not have answers UNIMPLEMENTED. The streams
(``SubscribeRun``, ``SubscribeEvents``, ``SubscribeBySubject``, ``WatchValue``) poll the
journal.

The standard health service (``grpc.health.v1``) and server reflection are on. With a token
(``TAPE_TOKEN``), every call but the health check needs ``authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac
import inspect
import json
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import Message
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from tape import errors
from tape.journal import Journal
from tape.rpc import convert, status
from tape.rpc.v1 import tape_pb2
from tape.store.outcomes import Outcome

logger = logging.getLogger("tape.server")

SERVICE = "tape.v1.Tape"
_DESCRIPTOR = tape_pb2.DESCRIPTOR.services_by_name["Tape"]
#: How often a stream looks for new journal rows.
POLL_S = 0.25


def snake(name: str) -> str:
    """``BeginEffect`` -> ``begin_effect``."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def message_class(name: str) -> type[Message]:
    return getattr(tape_pb2, name)  # type: ignore[no-any-return]


class TapeService:
    """The generic handlers of the ``tape.v1.Tape`` service over ``journal``."""

    def __init__(self, journal: Journal, stopping: threading.Event) -> None:
        self.journal = journal
        self.stopping = stopping

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

        def call(request: Message, context: grpc.ServicerContext) -> Message:
            method = getattr(self.journal, name, None)
            if method is None:
                context.abort(
                    grpc.StatusCode.UNIMPLEMENTED,
                    f"{rpc}: this tape server's journal has no {name}() (a newer tape has it)",
                )
                raise AssertionError("unreachable: abort raises")
            try:
                result = method(**_bind(method, rpc, self._kwargs(rpc, request)))
                response = response_cls()
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
        elif rpc == "AppendEvent":
            event_json = kwargs.pop("event_json", None)
            event = kwargs.pop("event", {})
            if event_json is not None:
                try:
                    event = json.loads(event_json)
                except json.JSONDecodeError as exc:
                    raise errors.InvalidPayload(f"event_json is not JSON: {exc.msg}") from None
            else:
                event = _event_from_record(event)
            kwargs["event"] = event
        elif rpc == "BeginEffects":
            kwargs.setdefault("effects", [])
        return kwargs

    # ── streams ───────────────────────────────────────────────────────────────────────

    def _tail(
        self, context: grpc.ServicerContext, read: Callable[[int], list[Any]]
    ) -> Iterator[Any]:
        """Rows from ``read(cursor)`` forever, ``cursor`` the last global seq sent."""
        cursor = 0
        while context.is_active() and not self.stopping.is_set():
            try:
                rows = read(cursor)
            except Exception as exc:
                status.abort_with(context, exc, "stream")
                return
            for row in rows:
                cursor = max(cursor, row.global_seq)
                yield row
            if not rows:
                self.stopping.wait(POLL_S)

    def _stream_subscribe_run(
        self, request: tape_pb2.SubscribeRunRequest, context: grpc.ServicerContext
    ) -> Iterator[tape_pb2.JournalEntry]:
        def read(cursor: int) -> list[Any]:
            return self.journal.read_journal(
                run_id=request.run_id, from_seq=request.from_seq, after_global_seq=cursor
            )

        for row in self._tail(context, read):
            message = tape_pb2.JournalEntry()
            convert.fill(message, row)
            yield message

    def _stream_subscribe_events(
        self, request: tape_pb2.SubscribeEventsRequest, context: grpc.ServicerContext
    ) -> Iterator[tape_pb2.EventEntry]:
        start = request.from_global_seq

        def read(cursor: int) -> list[Any]:
            rows = self.journal.read_journal(
                run_id=request.run_id,
                kind=request.kind,
                subject_pattern=request.subject_pattern,
                after_global_seq=max(cursor, start),
            )
            return [r for r in rows if r.ts_ms >= request.from_ts_ms]

        for row in self._tail(context, read):
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
        start = request.from_global_seq

        def read(cursor: int) -> list[Any]:
            return self.journal.read_journal(
                subject_pattern=request.subject_pattern, after_global_seq=max(cursor, start)
            )

        for row in self._tail(context, read):
            yield _event_entry(row)

    def _stream_watch_value(
        self, request: tape_pb2.WatchValueRequest, context: grpc.ServicerContext
    ) -> Iterator[tape_pb2.ValueEvent]:
        seen, previous = request.from_version, ""
        while context.is_active() and not self.stopping.is_set():
            try:
                value = self.journal.get_value(namespace=request.namespace, key=request.key)
            except Exception as exc:
                status.abort_with(context, exc, "WatchValue")
                return
            if value is not None and value.version > seen:
                event = tape_pb2.ValueEvent(prev_version=seen, prev_value_json=previous)
                convert.fill(event.value, value)
                yield event
                seen, previous = value.version, value.value_json
            else:
                self.stopping.wait(POLL_S)

    def _unimplemented_stream(self, rpc: str) -> Callable[[Message, grpc.ServicerContext], Any]:
        def stream(request: Message, context: grpc.ServicerContext) -> Iterator[Message]:
            context.abort(grpc.StatusCode.UNIMPLEMENTED, f"{rpc} is not served by this server")
            yield from ()

        return stream


def _bind(method: Callable[..., Any], rpc: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` the method takes (a field it has no parameter for is left out).

    Raises:
        InvalidArgument: a required field is missing.
    """
    params = inspect.signature(method).parameters
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


def _event_from_record(fields: dict[str, Any]) -> dict[str, Any]:
    """An ADK-style event from the original's ``EventRecord`` fields (non-Python clients)."""
    event: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("content_json", "actions_json"):
            try:
                event[name.removesuffix("_json")] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise errors.InvalidPayload(f"event.{name} is not JSON: {exc.msg}") from None
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
    max_workers: int = 64,
) -> RunningServer:
    """Start serving ``journal`` on ``listen`` (``host:port``; port 0 picks a free one).

    Raises:
        ConfigurationError: the address cannot be bound, or only half of a TLS pair is given.
    """
    if (tls_cert is None) != (tls_key is None):
        raise errors.ConfigurationError("TLS needs both a certificate and its private key")
    interceptors = [TokenAuth(token)] if token else []
    server = grpc.server(
        ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="tape-rpc"),
        interceptors=interceptors,
        options=[("grpc.so_reuseport", 0)],
    )
    stopping = threading.Event()
    server.add_generic_rpc_handlers((TapeService(journal, stopping).handler(),))
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
            port = server.add_secure_port(listen, credentials)
        else:
            port = server.add_insecure_port(listen)
    except RuntimeError as exc:
        raise errors.ConfigurationError(f"cannot listen on {listen}: {exc}") from None
    if port == 0:
        raise errors.ConfigurationError(f"cannot listen on {listen} (address in use?)")
    server.start()
    logger.info("tape server listening on %s", listen.rsplit(":", 1)[0] + f":{port}")
    return RunningServer(server=server, port=port, health=health_servicer, stopping=stopping)
