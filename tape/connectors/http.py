"""Generic HTTP outbox connector, on ``requests``.

How a dispatch outcome is classified (docs/design.md decision 10)::

    reply in success_codes                      confirmed  external_ref from body
    reply == duplicate_code (409)               confirmed  an idempotency conflict: it landed
    other 4xx                                   failed     retryable only for 408, 425, 429
    5xx, 1xx, 3xx, other 2xx                    unknown    it may have landed
    connect refused / DNS / connect timeout     failed     retryable: the request never left
    TLS certificate rejected                    failed     retryable: nothing was sent
    read timeout, reset, protocol error         unknown    sent; the reply was lost

Observation (``observe_endpoint``), how the lookup's reply is read::

    JSON "status" field (or an alias)           taken as is
    JSON "count" 0 / 1 / more                   absent / confirmed / duplicate
    JSON "result" (with either)                 the upstream's record: the tool's result
    404                                         absent
    duplicate_code (409)                        duplicate     external_ref from body
    anything else, or no reply                  stuck         a human decides
    no observe_endpoint configured              unobservable  never absent: nobody looked

Secrets: static header values (``Authorization`` and the like) are sent, never returned, raised
or logged. Errors carry the exception class name and a message whose URLs have their userinfo
and secret-looking query parameters replaced (:func:`tape.redaction.redact_url`).
"""

from __future__ import annotations

import http.cookiejar
import json
import logging
import os
import ssl
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from tape import errors, redaction
from tape.connectors import base
from tape.redaction import redact_url

if TYPE_CHECKING:
    from tape import records

__all__ = ["HTTPConnector", "redact_url"]

logger = logging.getLogger(__name__)

_TEXT_LIMIT = 2000
_JSON_LIMIT = 64 * 1024  # larger bodies are journaled as truncated text
_RETRYABLE_4XX = frozenset({408, 425, 429})
_PROTOCOL_ERRORS = (
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)
_NOT_SENT_REQUEST_ERRORS = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.InvalidHeader,
    requests.exceptions.URLRequired,
    requests.exceptions.InvalidJSONError,
)


def _header_value(value: object) -> str:
    # HTTP header values are latin-1 without control characters; anything else (a unicode
    # business key, an injected CR/LF) is percent-encoded rather than failing the dispatch.
    text = str(value)
    if all(0x20 <= ord(c) < 0x7F for c in text):
        return text
    return quote(text, safe="".join(chr(c) for c in range(0x21, 0x7F) if chr(c) != "%"))


@dataclass(repr=False)
class HTTPConnector:
    """Generic HTTP outbox connector.

    Args:
        name: match key for ``@tape.effect(connector=...)``.
        endpoint: full URL to POST to.
        headers: extra static headers (auth, content-type, ...). Never journaled or logged.
        timeout_s: request timeout (connect and read), in seconds.
        observe_endpoint: optional URL for ``GET ?key=...``; its JSON ``status`` (or
            ``count``) field guides the observation. Without it the connector cannot observe
            (:attr:`can_observe` is false) and ``observe()`` answers ``unobservable``.
        compensate_endpoint: optional URL to POST the inverse to.
        success_codes: HTTP codes that count as confirmed.
        duplicate_code: HTTP code of an idempotency conflict: the call already landed.
    """

    name: str
    endpoint: str
    headers: dict[str, str] | None = None
    timeout_s: float = 10.0
    observe_endpoint: str = ""
    compensate_endpoint: str = ""
    success_codes: tuple[int, ...] = (200, 201, 202, 204)
    duplicate_code: int = 409
    _session: requests.Session | None = field(default=None, init=False, compare=False)
    _session_pid: int = field(default=0, init=False, compare=False)

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("HTTPConnector needs a name")
        if not self.endpoint:
            raise ValueError(f"HTTPConnector {self.name!r} needs an endpoint")
        if self.timeout_s <= 0:
            raise ValueError(f"HTTPConnector {self.name!r}: timeout_s must be > 0")
        self.headers = dict(self.headers or {})
        self.success_codes = tuple(int(c) for c in self.success_codes)

    @property
    def can_observe(self) -> bool:
        """Whether this connector can ask the upstream: it has an ``observe_endpoint``."""
        return bool(self.observe_endpoint)

    def __repr__(self) -> str:
        return (
            f"HTTPConnector(name={self.name!r}, endpoint={redact_url(self.endpoint)!r}, "
            f"headers={sorted(self.headers or {})!r}, timeout_s={self.timeout_s!r}, "
            f"observe_endpoint={redact_url(self.observe_endpoint)!r}, "
            f"compensate_endpoint={redact_url(self.compensate_endpoint)!r}, "
            f"success_codes={self.success_codes!r}, duplicate_code={self.duplicate_code!r})"
        )

    # ---- the three operations ------------------------------------------------------------

    def dispatch(self, effect: records.EffectRecord) -> base.DispatchResult:
        """POST ``effect.request_json`` to ``endpoint`` once.

        Adds ``Idempotency-Key``, ``X-Tape-Run-Id``, ``X-Tape-Effect-Key``,
        ``X-Tape-Business-Key`` and ``X-Tape-Attempt`` to the static headers.

        Returns:
            The outcome, classified as in the module docstring. Network and HTTP failures are
            results, never exceptions.
        """
        key = effect.idempotency_key
        tape_headers = {
            "Idempotency-Key": key,
            "X-Tape-Run-Id": effect.run_id,
            "X-Tape-Effect-Key": key,
            "X-Tape-Business-Key": effect.business_key,
            "X-Tape-Attempt": str(effect.dispatch_attempts),
        }
        try:
            resp = self._request("POST", self.endpoint, tape_headers, effect.request_json)
        except requests.RequestException as exc:
            error = self._error(exc, self.endpoint)
            if error["classification"] == "DefinitelyNotApplied":
                self._log("dispatch", key, "failed", error["reason"])
                return base.DispatchResult("failed", error=error)
            self._log("dispatch", key, "unknown", error["reason"])
            return base.DispatchResult("unknown", error=error)
        code = resp.status_code
        response, ref = self._body(resp)
        if code in self.success_codes or code == self.duplicate_code:
            self._log("dispatch", key, "confirmed", f"http {code}")
            return base.DispatchResult("confirmed", external_ref=ref, response=response)
        error = {"type": "HTTPError", "status_code": code, "message": f"HTTP {code}"}
        if 400 <= code < 500:
            self._log("dispatch", key, "failed", f"http {code}")
            retryable = code in _RETRYABLE_4XX
            error["retryable"] = retryable
            retry_at_ms = _retry_after_ms(resp) if retryable else 0
            return base.DispatchResult("failed", "", response, error, retry_at_ms)
        self._log("dispatch", key, "unknown", f"http {code}")
        return base.DispatchResult("unknown", response=response, error=error)

    def observe(self, effect: records.EffectRecord) -> base.ObservationResult:
        """Ask the upstream whether the effect's call happened.

        GETs ``observe_endpoint?key=<business_key or idempotency_key>&idempotency_key=<key>``.
        A JSON ``status`` field (``confirmed | absent | duplicate | failed | stuck`` or an
        alias) is taken as is; a ``count`` field maps 0/1/more to absent/confirmed/duplicate;
        404 is absent; ``duplicate_code`` (409) is duplicate; anything else, or no answer, is
        stuck. With no ``observe_endpoint`` nobody can look: the result is ``unobservable``
        (never ``absent``, which would send a non-idempotent effect again on a guess).
        """
        if not self.observe_endpoint:
            return base.ObservationResult(
                "unobservable",
                response={"reason": f"connector {self.name!r} has no observe_endpoint"},
            )
        key = effect.idempotency_key
        params = {"key": effect.business_key or key, "idempotency_key": key}
        tape_headers = {"X-Tape-Run-Id": effect.run_id, "X-Tape-Effect-Key": key}
        try:
            resp = self._request("GET", self.observe_endpoint, tape_headers, params=params)
        except requests.RequestException as exc:
            error = self._error(exc, self.observe_endpoint)
            self._log("observe", key, "stuck", error["reason"])
            return base.ObservationResult("stuck", response={"error": error})
        response, ref = self._body(resp)
        result = _observation(resp.status_code, response, ref, self.duplicate_code)
        self._log("observe", key, result.status, f"http {resp.status_code}")
        return result

    def compensate(self, obligation: records.ObligationRecord) -> base.CompensationResult:
        """POST ``obligation.payload_json`` to ``compensate_endpoint``.

        The ``Idempotency-Key`` is ``<run_id>/<seq>/compensate``, stable across retries. A 2xx
        (or ``duplicate_code``: the inverse already ran) is compensated; anything else failed.
        """
        if not self.compensate_endpoint:
            message = f"connector {self.name!r} has no compensate_endpoint"
            error: dict[str, Any] = {"type": "NotConfigured", "message": message}
            return base.CompensationResult("failed", error={**error, "retryable": False})
        key = f"{obligation.run_id}/{obligation.seq}/compensate"
        tape_headers = {
            "Idempotency-Key": key,
            "X-Tape-Run-Id": obligation.run_id,
            "X-Tape-Effect-Key": obligation.effect_key,
            "X-Tape-Attempt": str(obligation.attempts),
        }
        url = self.compensate_endpoint
        try:
            resp = self._request("POST", url, tape_headers, obligation.payload_json)
        except requests.RequestException as exc:
            error = self._error(exc, url)
            error["retryable"] = True  # the retry carries the same Idempotency-Key
            self._log("compensate", key, "failed", error["reason"])
            return base.CompensationResult("failed", error=error)
        code = resp.status_code
        response, _ = self._body(resp)
        if 200 <= code < 300 or code == self.duplicate_code:
            self._log("compensate", key, "compensated", f"http {code}")
            return base.CompensationResult("compensated", response=response)
        self._log("compensate", key, "failed", f"http {code}")
        retryable = not 400 <= code < 500 or code in _RETRYABLE_4XX
        error = {"type": "HTTPError", "status_code": code, "message": f"HTTP {code}"}
        return base.CompensationResult("failed", response, {**error, "retryable": retryable})

    def close(self) -> None:
        """Close this process's pooled connections."""
        session, self._session = self._session, None
        if session is not None and self._session_pid == os.getpid():
            session.close()

    # ---- helpers -------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        url: str,
        tape_headers: Mapping[str, str],
        body: str | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        headers: CaseInsensitiveDict[str] = CaseInsensitiveDict(
            {"Content-Type": "application/json", "Accept": "application/json"}
        )
        headers.update(self.headers or {})
        headers.update({k: _header_value(v) for k, v in tape_headers.items()})
        data = None if body is None else (body or "{}").encode("utf-8")
        return self._http().request(
            method,
            url,
            data=data,
            headers=headers,
            timeout=self.timeout_s,
            allow_redirects=False,  # a redirected POST is not the call we journaled
            **kwargs,
        )

    def _http(self) -> requests.Session:
        # One session per connector per process: a pooled socket inherited across fork would
        # be shared with the parent. The old session is dropped, not closed, in the child:
        # closing it could shut a TLS stream the parent is still using.
        pid = os.getpid()
        session = self._session
        if session is None or self._session_pid != pid:
            session = requests.Session()
            session.cookies.set_policy(_NoCookies())  # stateless between calls
            # max_retries=0: never resend a request on our own; the journal decides.
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=64, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._session, self._session_pid = session, pid
        return session

    def _scrub(self, value: Any) -> Any:
        return redaction.scrub(value, redaction.secret_values(self.headers))

    def _body(self, resp: requests.Response) -> tuple[dict[str, Any], str]:
        """The reply as a JSON-able dict (secrets scrubbed), and the external ref in it."""
        content = resp.content or b""
        parsed: Any = None
        if content and len(content) <= _JSON_LIMIT:
            try:
                parsed = json.loads(content)
            except ValueError:
                parsed = None
        if isinstance(parsed, dict):
            body: dict[str, Any] = self._scrub(parsed)
            ref = body.get("external_ref") or body.get("id") or ""
            return body, str(ref) if isinstance(ref, str | int) else ""
        if parsed is not None:
            return {"status_code": resp.status_code, "json": self._scrub(parsed)}, ""
        text = content[:_TEXT_LIMIT].decode("utf-8", errors="replace")
        return {"status_code": resp.status_code, "text": self._scrub(text)}, ""

    def _error(self, exc: BaseException, url: str) -> dict[str, Any]:
        """A secret-free description of a request exception, with its classification."""
        classification, reason = _classify(exc)
        return {
            "type": type(exc).__name__,
            "message": redaction.redact_text(str(exc), redaction.secret_values(self.headers)),
            "classification": classification.__name__,
            "reason": reason,
            "retryable": classification is errors.DefinitelyNotApplied
            and reason != "invalid_request",
            "url": redact_url(url),
        }

    def _log(self, op: str, key: str, outcome: str, why: str) -> None:
        level = logging.DEBUG if outcome in ("confirmed", "compensated") else logging.WARNING
        extra = {"action": f"connector.{op}", "connector": self.name, "outcome": outcome}
        logger.log(level, "%s %s %s -> %s (%s)", self.name, op, key, outcome, why, extra=extra)


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes, and what urllib3/requests wrapped inside it."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = (current.__cause__, current.__context__, getattr(current, "reason", None))
        stack.extend(e for e in (*nested, *current.args) if isinstance(e, BaseException))


def _classify(exc: BaseException) -> tuple[type[errors.ConnectorError], str]:
    """What a requests exception tells us about whether the request reached the upstream."""
    chain = list(_chain(exc))

    def caused_by(*types: type[BaseException]) -> bool:
        return any(isinstance(e, types) for e in chain)

    not_applied, unknown = errors.DefinitelyNotApplied, errors.OutcomeUnknown
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return unknown, "read_timeout"
    if isinstance(exc, _NOT_SENT_REQUEST_ERRORS):
        return not_applied, "invalid_request"
    # urllib3 raises these only while opening a new connection, before a byte is written.
    if caused_by(urllib3.exceptions.NameResolutionError):
        return not_applied, "dns"
    if caused_by(urllib3.exceptions.NewConnectionError):
        refused = caused_by(ConnectionRefusedError)
        return not_applied, "connection_refused" if refused else "connect_failed"
    if isinstance(exc, requests.exceptions.ConnectTimeout) or caused_by(
        urllib3.exceptions.ConnectTimeoutError
    ):
        return not_applied, "connect_timeout"
    if caused_by(ssl.SSLCertVerificationError):  # the handshake fails before the request
        return not_applied, "tls_verify"
    if caused_by(urllib3.exceptions.ReadTimeoutError):
        return unknown, "read_timeout"
    if isinstance(exc, _PROTOCOL_ERRORS):
        return unknown, "protocol_error"
    if caused_by(ConnectionResetError, BrokenPipeError):
        return unknown, "connection_reset"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return unknown, "connection_aborted"
    return unknown, "request_error"


def _observation(
    code: int, body: dict[str, Any], ref: str, duplicate_code: int
) -> base.ObservationResult:
    if code == 404:
        return base.ObservationResult("absent", external_ref=ref, response=body)
    # docs/design.md decision 10: the idempotency-conflict code means "more than one"
    if code == duplicate_code:
        return base.ObservationResult("duplicate", external_ref=ref, response=body)
    # a "result" field is the upstream's record of the call: the tool's result (tape.reconciled)
    record = body.get("result")
    details = {k: v for k, v in body.items() if k != "result"}
    if 200 <= code < 300 and "status" in body:
        try:
            return base.ObservationResult(body["status"], ref, details, result=record)
        except ValueError:
            return base.ObservationResult(
                "stuck", response={**body, "reason": f"unrecognised status {body['status']!r}"}
            )
    if 200 <= code < 300 and "count" in body:
        count = body["count"]
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            status = "absent" if count == 0 else "confirmed" if count == 1 else "duplicate"
            return base.ObservationResult(status, ref, details, result=record)
    return base.ObservationResult(
        "stuck", response={**body, "status_code": code, "reason": "inconclusive reply"}
    )


def _retry_after_ms(resp: requests.Response) -> int:
    """The absolute retry time a ``Retry-After`` header asks for, or 0."""
    value = resp.headers.get("Retry-After", "").strip()
    if not value:
        return 0
    try:
        delay_s = float(value)
    except ValueError:
        try:
            delay_s = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return 0
    return int((time.time() + max(0.0, min(delay_s, 3600.0))) * 1000)
