""":class:`RemoteJournal`: the :class:`tape.Journal` API over ``tape://`` (a ``tape server``).

``tape.connect("tape://host:7878")`` (or ``tapes://host`` for TLS, port 443 by default) returns
one (so does ``tape.Journal("tape://...")``, kept for code written before ``connect``). Every
public journal method is here with the same signature and the same typed records; each is one
call of the ``tape.v1`` RPC of the same name, answered by the server's own journal, so claims,
leases and transitions behave exactly as they do locally, and a failure raises the same
:mod:`tape.errors` class.

- ``TAPE_TOKEN`` (or ``token=``): the bearer token the server asks for. Sent over plain
  ``tape://`` to a host other than loopback, it travels in clear text: a warning is logged.
- ``TAPE_TLS_CA`` (or ``root_certificates=``): a PEM file of the CA that signed the server's
  certificate on ``tapes://``; the system's roots otherwise.
- ``TAPE_RPC_TIMEOUT`` (seconds, default 60): the deadline of one call.

The channel is per process (a forked child opens its own), like the local journal's pool.

Every public method of :class:`tape.Journal` is served (a unit test pins it). Three return
something other than data, and their remote forms are built for the event bus's passes:
:meth:`~RemoteJournal.matching` (the matcher's steps as unary RPCs, :mod:`tape.rpc.matching`),
:meth:`~RemoteJournal.commit_waker` and :meth:`~RemoteJournal.subscribe` (server streams,
:mod:`tape.rpc.live`).
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, cast
from urllib.parse import urlsplit

import grpc

from tape import errors, netaddr, redaction, validate
from tape.events.records import TaskRecord
from tape.journal import effects as journal_effects
from tape.journal.client import Journal
from tape.records import JournalEntry
from tape.rpc import convert, live, matching, schema, status
from tape.rpc.schema import message_class, snake
from tape.rpc.v1 import tape_pb2
from tape.store.engine import Clock, Database

logger = logging.getLogger(__name__)

DEFAULT_PORT = 7878
DEFAULT_TLS_PORT = 443
#: Targets this process already warned about (a token sent without TLS), once each.
_warned_plaintext: set[str] = set()


def parse_target(url: str) -> tuple[str, bool]:
    """``tape://host:port`` -> (``host:port``, tls?).

    Raises:
        InvalidDatabaseURL: not a ``tape://``/``tapes://`` URL with a host.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("tape", "tapes") or not parts.hostname:
        raise errors.InvalidDatabaseURL(
            "a tape server URL looks like tape://host:7878 (or tapes://host for TLS)"
        )
    tls = parts.scheme == "tapes"
    try:
        port = parts.port or (DEFAULT_TLS_PORT if tls else DEFAULT_PORT)
    except ValueError:
        raise errors.InvalidDatabaseURL(f"{parts.scheme}:// URL has a bad port") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{host}:{port}", tls


class _RemoteDatabase:
    """What callers of ``journal.database`` use, for a journal behind a server: the clock."""

    dialect = "tape"
    is_postgres = False

    def __init__(self, url: str, clock: Clock | None) -> None:
        self.url = url
        self.clock: Clock = clock or (lambda: int(time.time() * 1000))

    def now_ms(self) -> int:
        return self.clock()

    def forget_engine(self) -> None:
        """Nothing to forget: a forked child opens its own channel."""

    def dispose(self) -> None:
        """The channel is closed by :meth:`RemoteJournal.close`."""


class RemoteJournal(Journal):
    """The journal of a ``tape server``; see the module docstring."""

    def __init__(
        self,
        url: str,
        *,
        clock: Clock | None = None,
        token: str | None = None,
        root_certificates: bytes | None = None,
    ) -> None:
        self._url = url
        self._target, self._tls = parse_target(url)
        self._token = (os.environ.get("TAPE_TOKEN", "") if token is None else token).strip()
        host = self._target.rsplit(":", 1)[0]
        plaintext = self._token and not self._tls and not netaddr.is_loopback(host)
        if plaintext and self._target not in _warned_plaintext:
            _warned_plaintext.add(self._target)
            logger.warning(
                "TAPE_TOKEN is sent to %s without TLS: anyone on the network path can read it; "
                "use tapes:// (tape server --tls-cert/--tls-key)",
                self._target,
                extra={"action": "rpc-plaintext-token"},
            )
        if root_certificates is None and os.environ.get("TAPE_TLS_CA"):
            with open(os.environ["TAPE_TLS_CA"], "rb") as handle:
                root_certificates = handle.read()
        self._roots = root_certificates
        self._timeout = float(os.environ.get("TAPE_RPC_TIMEOUT") or 60)
        self._remote_db = _RemoteDatabase(url, clock)
        self._lock = threading.Lock()
        self._channel: grpc.Channel | None = None
        self._stubs: dict[str, Any] = {}
        self._pid = 0

    def __repr__(self) -> str:
        return f"Journal({redaction.redact_url(self._url)!r})"

    @property
    def database(self) -> Database:
        """Not a database: the server's. Only ``now_ms()`` (this process's clock) is offered."""
        return cast(Database, self._remote_db)

    def _now(self, now_ms: int | None) -> int:
        return self._remote_db.now_ms() if now_ms is None or now_ms <= 0 else now_ms

    def close(self) -> None:
        """Close this process's channel."""
        with self._lock:
            if self._channel is not None and self._pid == os.getpid():
                self._channel.close()
            self._channel = None

    def _open(self) -> grpc.Channel:
        with self._lock:
            if self._channel is None or self._pid != os.getpid():
                options = [("grpc.max_receive_message_length", 64 * 1024 * 1024)]
                if self._tls:
                    credentials = grpc.ssl_channel_credentials(root_certificates=self._roots)
                    self._channel = grpc.secure_channel(self._target, credentials, options)
                else:
                    self._channel = grpc.insecure_channel(self._target, options)
                self._stubs = {}
                self._pid = os.getpid()
            return self._channel

    def matching(self) -> matching.RemoteMatching:  # type: ignore[override]
        """The matcher's reads and writes, each an RPC (:mod:`tape.rpc.matching`)."""
        return matching.RemoteMatching(self)

    def commit_waker(self) -> live.RemoteWaker:  # type: ignore[override]
        """Waits for the next journal commit, woken by the server's ``WatchCommits`` stream
        (:mod:`tape.rpc.live`). Close it when done."""
        return live.RemoteWaker(self)

    def subscribe(
        self,
        *,
        subject_pattern: str = "",
        predicate: str = "",
        from_global_seq: int = 0,
        kind: str = "",
        run_id: str = "",
        poll_interval_s: float = 0.25,
        idle_timeout_s: float | None = None,
    ) -> Iterator[JournalEntry]:
        """``Journal.subscribe`` over the server's ``Subscribe`` stream (the server wakes it,
        so ``poll_interval_s`` is not used; :mod:`tape.rpc.live`)."""
        validate.non_negative(poll_interval_s, "poll_interval_s")
        return live.subscribe(
            self,
            subject_pattern=subject_pattern,
            predicate=predicate,
            from_global_seq=from_global_seq,
            kind=kind,
            run_id=run_id,
            idle_timeout_s=idle_timeout_s,
        )

    def _metadata(self) -> tuple[tuple[str, str], ...] | None:
        return (("authorization", f"Bearer {self._token}"),) if self._token else None

    def _stream(self, rpc: str, request: Any, response_cls: type[Any]) -> Any:
        """A server-streaming call (iterate it; ``cancel()`` ends it). No deadline: it lives
        until either side closes it."""
        channel = self._open()
        stub = channel.unary_stream(
            f"/tape.v1.Tape/{rpc}",
            request_serializer=type(request).SerializeToString,
            response_deserializer=response_cls.FromString,
        )
        return stub(request, metadata=self._metadata())

    def _call(self, rpc: str, request: Any, response_cls: type[Any]) -> Any:
        channel = self._open()
        stub = self._stubs.get(rpc)
        if stub is None:
            stub = self._stubs[rpc] = channel.unary_unary(
                f"/tape.v1.Tape/{rpc}",
                request_serializer=type(request).SerializeToString,
                response_deserializer=response_cls.FromString,
            )
        try:
            return stub(request, timeout=self._timeout, metadata=self._metadata())
        except grpc.RpcError as exc:
            status.raise_from_rpc(exc, rpc)


def _remote_method(rpc: str, name: str) -> Callable[..., Any]:
    local = getattr(Journal, name)
    signature = inspect.signature(local)
    json_params = convert.json_params(local)
    hint = convert.return_hint(local)
    method = schema.DESCRIPTOR.methods_by_name[rpc]
    request_cls = message_class(method.input_type.name)
    response_cls = message_class(method.output_type.name)
    fields = request_cls.DESCRIPTOR.fields_by_name
    carried = {n for n in signature.parameters if n in fields or convert.ALIASES.get(n) in fields}
    if rpc in ("AppendEvent", "AppendScopedEvent"):
        carried.add("event")  # sent as event_json

    @functools.wraps(local)
    def call(self: RemoteJournal, *args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(self, *args, **kwargs)
        except TypeError as exc:
            raise TypeError(f"{name}(): {exc}") from None
        lost = [a for a in bound.arguments if a != "self" and a not in carried]
        if lost:
            # Dropping an argument would make a different call than the caller asked for.
            raise errors.RemoteError(
                f"{name}({', '.join(lost)}=...) is not carried by tape.v1 {request_cls.__name__}; "
                "call it on a journal opened with the database URL"
            )
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        arguments.pop("self")
        request = convert.build_request(
            request_cls, _prepare(rpc, arguments), json_params=json_params
        )
        response = self._call(rpc, request, response_cls)
        if rpc == "CompleteTasks":
            return _completed(response)
        return convert.unshape_response(response, hint)

    return call


def _prepare(rpc: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Arguments that need more than a field-by-field copy."""
    if rpc == "BeginEffects":
        one = getattr(Journal, "begin_effect")  # noqa: B009 - the signature, not a call
        each = convert.json_params(one)
        requests = []
        for i, spec in enumerate(arguments["effects"]):
            journal_effects.check_effect_spec(i, spec)
            try:
                requests.append(
                    convert.build_request(tape_pb2.BeginEffectRequest, dict(spec), json_params=each)
                )
            except errors.InvalidArgument as exc:
                raise type(exc)(f"effects[{i}]: {exc}") from None
        arguments["effects"] = requests
    elif rpc in ("AppendEvent", "AppendScopedEvent"):
        event = arguments.pop("event", None)
        if event is not None:
            arguments["event_json"] = validate.payload(event, "event")
    return arguments


def _completed(response: Any) -> tuple[list[TaskRecord], list[errors.TapeError]]:
    """``complete_tasks``' answer: the tasks done, and the named error of each other claim."""
    done = [convert.to_record(task, TaskRecord) for task in response.done]
    lost: list[errors.TapeError] = []
    for entry in response.lost:
        cls = getattr(errors, entry.error, None)
        if not (isinstance(cls, type) and issubclass(cls, errors.TapeError)):
            cls = errors.RemoteError  # the server named no error class this client knows
        error = cls.__new__(cls)
        Exception.__init__(error, entry.message)
        if entry.HasField("current"):
            error.current = convert.to_record(entry.current, TaskRecord)  # type: ignore[attr-defined]
        lost.append(error)
    return done, lost


#: Journal methods that return something other than data, and the RPCs their remote form
#: calls (defined on :class:`RemoteJournal` itself).
COMPOSED: dict[str, tuple[str, ...]] = {
    "matching": matching.RPCS,
    "commit_waker": ("WatchCommits",),
    "subscribe": ("Subscribe",),
}


def served_by(name: str) -> tuple[str, ...]:
    """The ``tape.v1`` RPCs that serve the journal method ``name`` over ``tape://`` (none:
    not served)."""
    if name in COMPOSED:
        return COMPOSED[name]
    return tuple(m.name for m in schema.DESCRIPTOR.methods if snake(m.name) == name)


def _install() -> None:
    """One method per unary RPC the journal has (the composed ones are defined above)."""
    # Checked as the local journal checks them: bad input fails here, before a call.
    RemoteJournal.subscribe = validate.checked(RemoteJournal.subscribe)  # type: ignore[method-assign]
    for method in schema.DESCRIPTOR.methods:
        name = snake(method.name)
        if method.server_streaming or not callable(getattr(Journal, name, None)):
            continue
        # Checked as the local journal checks them: bad input fails here, before a call.
        setattr(RemoteJournal, name, validate.checked(_remote_method(method.name, name)))


_install()
