"""``FakeUpstream``: a real local HTTP server modelling a non-idempotent bank.

Routes::

    POST /wires                 book a wire: 201 {"external_ref": "wire-<n>"} (every time; the
                                bank ignores Idempotency-Key unless dedupe=True, then 409)
    GET  /wires/lookup?key=K    {"count", "status", "external_ref", "external_refs"}, counted by
                                business key (X-Tape-Business-Key) if K is one, else by
                                Idempotency-Key (also tried: ?idempotency_key=)
    POST /wires/reverse         book a reversal: 201 {"reversal_ref": "rev-<n>"}
    GET  /stats                 {"total", "per_key", "per_business_key", "requests", "reversals"}
                                so a test in another process can read the counters

Faults, for the next ``times`` requests (optionally only those for one key or path):
:meth:`FakeUpstream.respond` replies with a canned status (and headers, such as
``Retry-After``; ``echo_headers=True`` quotes the request's headers back in the body, as a
careless upstream's error page might); :meth:`~FakeUpstream.delay` books,
then sleeps before replying (a client read timeout fires *after* the bank committed);
:meth:`~FakeUpstream.reset_connection` books, then resets the socket without replying.
:meth:`~FakeUpstream.refuse` stops listening on the port until :meth:`~FakeUpstream.resume`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

from requests.structures import CaseInsensitiveDict

from tape.connectors import http as http_connectors
from tape.testing import _http_server

__all__ = ["FakeUpstream", "ReceivedRequest"]


@dataclass(frozen=True)
class ReceivedRequest:
    """One request the fake upstream received (``/stats`` reads are not recorded)."""

    method: str
    path: str
    query: dict[str, str]
    headers: CaseInsensitiveDict[str]
    body: bytes
    committed: bool  # whether the bank booked it
    fault: str  # the fault applied to it, or ""
    ts: float = field(default_factory=time.time)

    @property
    def json(self) -> Any:
        """The body parsed as JSON (None when empty or not JSON)."""
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    @property
    def idempotency_key(self) -> str:
        """The ``Idempotency-Key`` header, or ""."""
        return self.headers.get("Idempotency-Key", "")


@dataclass
class _Fault:
    action: Literal["respond", "delay", "reset"]
    remaining: int | None  # None: until clear_faults()
    key: str | None
    path: str | None
    status: int = 200
    body: Any = None
    commit: bool = False
    seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    echo_headers: bool = False


class FakeUpstream:
    """A non-idempotent bank on ``127.0.0.1``, for connector and chaos tests.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. Thread-safe.

    Args:
        dedupe: when true, a repeated ``Idempotency-Key`` is answered ``409`` with the first
            wire's ``external_ref`` instead of booking another wire (an idempotent provider).
    """

    def __init__(self, *, dedupe: bool = False) -> None:
        self.dedupe = dedupe
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server: _http_server.Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0
        self._faults: list[_Fault] = []
        self._booked_lookups_lost = False
        self.reset()

    # ---- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeUpstream:
        """Start listening (on a free port the first time, then on the same port)."""
        with self._lock:
            if self._server is not None:
                return self
            server = _http_server.Server(self._port, self._handle)
            self._port = server.server_address[1]
            self._server = server
            self._closing.clear()
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"fake-upstream-{self._port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and drop every open connection; wakes delayed replies."""
        self._closing.set()
        self.refuse()

    def refuse(self) -> None:
        """Stop listening, so new connections are refused, and close open ones."""
        with self._lock:
            server, self._server = self._server, None
            thread, self._thread = self._thread, None
        if server is not None:
            server.close_all()
        if thread is not None:
            thread.join(timeout=5)

    def resume(self) -> FakeUpstream:
        """Listen again on the same port after :meth:`refuse`."""
        return self.start()

    def __enter__(self) -> FakeUpstream:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321`` (append ``/wires`` ...)."""
        if not self._port:
            raise RuntimeError("FakeUpstream is not started")
        return f"http://127.0.0.1:{self._port}"

    def http_connector(
        self, name: str = "bank.wire", *, observe: bool = True, **kwargs: Any
    ) -> http_connectors.HTTPConnector:
        """An :class:`~tape.connectors.http.HTTPConnector` wired to this bank's routes.

        ``observe=False`` leaves out the lookup endpoint: the connector then cannot observe
        (``can_observe`` is false) and the reconciler never learns from it what happened.
        """
        return http_connectors.HTTPConnector(
            name=name,
            endpoint=f"{self.url}/wires",
            observe_endpoint=f"{self.url}/wires/lookup" if observe else "",
            compensate_endpoint=f"{self.url}/wires/reverse",
            **kwargs,
        )

    # ---- fault injection -----------------------------------------------------------------

    def respond(
        self,
        status_code: int,
        body: Any = None,
        *,
        times: int | None = 1,
        key: str | None = None,
        path: str | None = None,
        commit: bool = False,
        headers: dict[str, str] | None = None,
        echo_headers: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status_code`` and ``body``.

        ``commit=True`` books the wire first (a 5xx after the commit, say). ``key`` matches
        the Idempotency-Key, the business key or the lookup key; ``path`` the request path.
        ``times=None`` keeps the fault until :meth:`clear_faults`. ``headers`` are sent with
        the reply (``Retry-After``, say); ``echo_headers=True`` adds the request's headers to
        the body under ``"request_headers"``, as a careless upstream's error page might.
        """
        fault = _Fault("respond", times, key, path, status_code, body, commit)
        fault.headers, fault.echo_headers = dict(headers or {}), echo_headers
        self._add(fault)

    def delay(
        self,
        seconds: float,
        *,
        times: int | None = 1,
        key: str | None = None,
        path: str | None = None,
    ) -> None:
        """Book the next matching requests, then sleep ``seconds`` before replying."""
        self._add(_Fault("delay", times, key, path, commit=True, seconds=seconds))

    def reset_connection(
        self,
        *,
        times: int | None = 1,
        key: str | None = None,
        path: str | None = None,
        commit: bool = True,
    ) -> None:
        """Book the next matching requests (unless ``commit=False``), then reset the socket."""
        self._add(_Fault("reset", times, key, path, commit=commit))

    def lose_booked_lookups(self) -> None:
        """From now on a lookup that would find a booked wire answers 503: the bank cannot say
        whether a wire it booked landed. A lookup of a key it never booked still answers
        (``count`` 0), so an agent's check before wiring works; only the look after is lost."""
        with self._lock:
            self._booked_lookups_lost = True

    def clear_faults(self) -> None:
        """Forget every pending fault."""
        with self._lock:
            self._faults.clear()

    # ---- inspection ----------------------------------------------------------------------

    @property
    def requests(self) -> list[ReceivedRequest]:
        """Every request received so far (a snapshot), oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def reversals(self) -> list[ReceivedRequest]:
        """The reversals booked so far."""
        with self._lock:
            return [r for r in self._requests if r.path == "/wires/reverse" and r.committed]

    def count(self, key: str | None = None) -> int:
        """Wires booked: all, or for ``key`` (a business key if known, else an idempotency key)."""
        with self._lock:
            return self._count(key)

    def stats(self) -> dict[str, Any]:
        """The counters ``GET /stats`` serves."""
        with self._lock:
            return {
                "total": self._count(None),
                "per_key": dict(self._by_key),
                "per_business_key": dict(self._by_business),
                "requests": len(self._requests),
                "reversals": self._reversal_count,
            }

    def reset(self) -> None:
        """Forget every request, wire, reversal and fault."""
        with self._lock:
            self._requests: list[ReceivedRequest] = []
            self._by_key: Counter[str] = Counter()
            self._by_business: Counter[str] = Counter()
            self._refs: dict[str, list[str]] = {}
            self._wires = 0
            self._reversal_count = 0
            self._faults.clear()

    # ---- internals -----------------------------------------------------------------------

    def _add(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _count(self, key: str | None) -> int:
        if key is None:
            return self._wires
        if self._by_business.get(key):
            return self._by_business[key]
        return self._by_key.get(key, 0)

    def _take_fault(self, path: str, keys: set[str]) -> _Fault | None:
        for fault in self._faults:
            if (fault.path is None or fault.path == path) and (
                fault.key is None or fault.key in keys
            ):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    def _handle(self, handler: _http_server.Handler, method: str) -> None:
        split = urlsplit(handler.path)
        path, query = split.path.rstrip("/") or "/", dict(parse_qsl(split.query))
        body = handler.read_body()
        if (method, path) == ("GET", "/stats"):
            handler.reply(200, self.stats())
            return
        headers = CaseInsensitiveDict({k: v for k, v in handler.headers.items()})
        idem = headers.get("Idempotency-Key", "")
        business = headers.get("X-Tape-Business-Key", "")
        keys = {k for k in (idem, business, query.get("key"), query.get("idempotency_key")) if k}
        route = {("POST", "/wires"), ("GET", "/wires/lookup"), ("POST", "/wires/reverse")}
        with self._lock:
            fault = self._take_fault(path, keys)
            commit = (method, path) != ("GET", "/wires/lookup") and (fault is None or fault.commit)
            status, reply = 404, {"error": f"no route {method} {path}"}
            if (method, path) not in route:
                commit = False
            elif path == "/wires/lookup":
                status, reply = 200, self._lookup(query)
                if self._booked_lookups_lost and reply["count"]:
                    status, reply = 503, {"error": "lookup unavailable"}
            elif path == "/wires" and self.dedupe and self._refs.get(idem) and commit:
                commit, status = False, 409
                reply = {"external_ref": self._refs[idem][0], "error": "duplicate"}
            elif path == "/wires" and commit:
                self._wires += 1
                ref = f"wire-{self._wires}"
                if idem:
                    self._by_key[idem] += 1
                if business:
                    self._by_business[business] += 1
                for k in {idem, business} - {""}:
                    self._refs.setdefault(k, []).append(ref)
                status, reply = 201, {"external_ref": ref}
            elif commit:
                self._reversal_count += 1
                status, reply = 201, {"reversal_ref": f"rev-{self._reversal_count}"}
            action = fault.action if fault else ""
            self._requests.append(
                ReceivedRequest(method, path, query, headers, body, commit, action)
            )
        if fault is not None and fault.action == "respond":
            canned = fault.body
            if fault.echo_headers:
                canned = {**(canned or {}), "request_headers": dict(headers)}
            handler.reply(fault.status, canned, fault.headers)
        elif fault is not None and fault.action == "reset":
            handler.abort()
        else:
            if fault is not None and fault.action == "delay":
                self._closing.wait(fault.seconds)
            handler.reply(status, reply)

    def _lookup(self, query: dict[str, str]) -> dict[str, Any]:
        key = query.get("key", "")
        if self._by_business.get(key):
            count = self._by_business[key]
        else:
            key = key if self._by_key.get(key) else query.get("idempotency_key", key)
            count = self._by_key.get(key, 0)
        status = "absent" if count == 0 else "confirmed" if count == 1 else "duplicate"
        refs = self._refs.get(key, [])
        return {
            "count": count,
            "status": status,
            "external_ref": refs[0] if refs else "",
            "external_refs": list(refs),
        }
