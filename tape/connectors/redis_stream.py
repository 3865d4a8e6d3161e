"""A connector that appends each effect to a Redis Stream, exactly once per idempotency key.

A bare ``XADD`` is non-idempotent: a dispatch whose reply was lost and is then retried would
append twice. This connector dedupes atomically in one Lua script, so it gives the guarantees
an idempotent upstream gives::

    tape:dedupe:<stream>:<idempotency_key>  ->  <entry id>      (written with the XADD)

A second dispatch with the same key appends nothing and returns the first entry's id, and
:meth:`RedisStreamConnector.observe` answers "did it happen?" from the dedupe key alone.
Compensations go to ``<stream>:compensations``, deduped the same way on
``<run_id>/<seq>/compensate``.

Outcomes: appended or deduplicated → confirmed; the connection could not be opened (refused,
DNS, connect timeout, auth) → failed and retryable; a timeout or drop after the command was
sent → unknown.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import redis
import redis.backoff
import redis.exceptions
import redis.retry

from tape import errors, redaction
from tape.connectors import base

if TYPE_CHECKING:
    from tape import records

__all__ = ["RedisStreamConnector"]

# The existence check, the XADD and the dedupe SET run as one atomic script. The SET comes
# after the XADD (not "SET NX, then XADD") because scripts are not rolled back: an XADD that
# errors must not leave a dedupe key pointing at an entry that was never written.
_DEDUPED_XADD = """
local existing = redis.call('GET', KEYS[1])
if existing then
  return {0, existing}
end
local args = {'XADD', KEYS[2]}
if ARGV[1] ~= '' then
  args[#args + 1] = 'MAXLEN'
  args[#args + 1] = '~'
  args[#args + 1] = ARGV[1]
end
args[#args + 1] = '*'
for i = 3, #ARGV do
  args[#args + 1] = ARGV[i]
end
local id = redis.call(unpack(args))
if ARGV[2] ~= '0' then
  redis.call('SET', KEYS[1], id, 'PX', ARGV[2])
else
  redis.call('SET', KEYS[1], id)
end
return {1, id}
"""


@dataclass(repr=False)
class RedisStreamConnector:
    """Append effects to a Redis Stream with ``XADD``, deduplicated by idempotency key.

    Args:
        name: match key for ``@tape.effect(connector=...)``.
        url: a ``redis://`` or ``rediss://`` URL (its password is never logged).
        stream: the stream key.
        maxlen: approximate cap on the stream's length (``MAXLEN ~``); None keeps everything.
        timeout_s: socket connect and read timeout, in seconds.
        dedupe_ttl_s: lifetime of the dedupe keys; None keeps them forever. A finite TTL must
            outlast every retry and reconciliation of an effect.
    """

    name: str
    url: str
    stream: str
    maxlen: int | None = None
    timeout_s: float = 5.0
    dedupe_ttl_s: int | None = None
    #: The dedupe key is written with the XADD, atomically: reading it is a real look.
    can_observe: ClassVar[bool] = True
    _client: redis.Redis | None = field(default=None, init=False, compare=False)
    _script: Any = field(default=None, init=False, compare=False)
    _client_pid: int = field(default=0, init=False, compare=False)

    def __post_init__(self) -> None:
        if not (self.name and self.url and self.stream):
            raise ValueError("RedisStreamConnector needs a name, a url and a stream")
        if self.maxlen is not None and self.maxlen <= 0:
            raise ValueError(f"RedisStreamConnector {self.name!r}: maxlen must be > 0")

    def __repr__(self) -> str:
        return (
            f"RedisStreamConnector(name={self.name!r}, url={redaction.redact_url(self.url)!r}, "
            f"stream={self.stream!r}, maxlen={self.maxlen!r})"
        )

    def dedupe_key(self, idempotency_key: str, stream: str | None = None) -> str:
        """The Redis key that records the entry written for ``idempotency_key``."""
        return f"tape:dedupe:{stream or self.stream}:{idempotency_key}"

    def dispatch(self, effect: records.EffectRecord) -> base.DispatchResult:
        """Append the effect to the stream unless its idempotency key was appended before.

        Returns:
            ``confirmed`` with the entry id as ``external_ref`` (the first entry's id for a
            repeated key), ``failed`` (retryable) when Redis could not be reached, ``unknown``
            when the command may have run but its reply was lost.
        """
        fields = {
            "idempotency_key": effect.idempotency_key,
            "run_id": effect.run_id,
            "business_key": effect.business_key,
            "tool_name": effect.tool_name,
            "request_json": effect.request_json,
            "attempt": str(effect.dispatch_attempts),
        }
        try:
            created, entry_id = self._append(self.stream, effect.idempotency_key, fields)
        except redis.exceptions.RedisError as exc:
            error = self._error(exc)
            status = "failed" if error["classification"] == "DefinitelyNotApplied" else "unknown"
            return base.DispatchResult(status, error=error)
        response = {"stream": self.stream, "entry_id": entry_id, "deduplicated": not created}
        return base.DispatchResult("confirmed", external_ref=entry_id, response=response)

    def observe(self, effect: records.EffectRecord) -> base.ObservationResult:
        """``confirmed`` (with the entry id) if the key's dedupe record exists, else ``absent``.

        A Redis error is ``stuck``.
        """
        key = self.dedupe_key(effect.idempotency_key)
        try:
            entry_id = self._redis().get(key)
        except redis.exceptions.RedisError as exc:
            return base.ObservationResult("stuck", response={"error": self._error(exc)})
        if entry_id is None:
            return base.ObservationResult("absent", response={"stream": self.stream})
        response = {"stream": self.stream, "entry_id": str(entry_id)}
        return base.ObservationResult("confirmed", external_ref=str(entry_id), response=response)

    def compensate(self, obligation: records.ObligationRecord) -> base.CompensationResult:
        """Append a compensation record to ``<stream>:compensations``, once per obligation."""
        stream = f"{self.stream}:compensations"
        fields = {
            "run_id": obligation.run_id,
            "seq": str(obligation.seq),
            "effect_key": obligation.effect_key,
            "kind": obligation.kind,
            "payload_json": obligation.payload_json,
            "attempt": str(obligation.attempts),
        }
        key = f"{obligation.run_id}/{obligation.seq}/compensate"
        try:
            created, entry_id = self._append(stream, key, fields)
        except redis.exceptions.RedisError as exc:
            return base.CompensationResult("failed", error={**self._error(exc), "retryable": True})
        response = {"stream": stream, "entry_id": entry_id, "deduplicated": not created}
        return base.CompensationResult("compensated", response=response)

    def close(self) -> None:
        """Disconnect this process's pooled connections."""
        client, self._client = self._client, None
        if client is not None and self._client_pid == os.getpid():
            client.close()

    def _redis(self) -> redis.Redis:
        # One client per process. redis-py also resets its pool after fork, but rebuilding
        # the client keeps the registered script bound to a live connection pool.
        pid = os.getpid()
        client = self._client
        if client is None or self._client_pid != pid:
            client = redis.Redis.from_url(
                self.url,
                decode_responses=True,
                socket_timeout=self.timeout_s,
                socket_connect_timeout=self.timeout_s,
                # No silent resend: a failure must reach _error() to be classified. (The
                # script is deduplicated, so a retry would be safe, but it would blur
                # "never connected" with "sent, reply lost".)
                retry=redis.retry.Retry(redis.backoff.NoBackoff(), 0),
            )
            self._script = client.register_script(_DEDUPED_XADD)
            self._client, self._client_pid = client, pid
        return client

    def _append(self, stream: str, key: str, fields: dict[str, str]) -> tuple[bool, str]:
        self._redis()
        ttl_ms = 0 if self.dedupe_ttl_s is None else int(self.dedupe_ttl_s * 1000)
        args: list[str] = ["" if self.maxlen is None else str(self.maxlen), str(ttl_ms)]
        for name, value in fields.items():
            args += [name, value]
        created, entry_id = self._script(keys=[self.dedupe_key(key, stream), stream], args=args)
        return bool(created), str(entry_id)

    def _error(self, exc: redis.exceptions.RedisError) -> dict[str, Any]:
        classification, reason = _classify(exc)
        return {
            "type": type(exc).__name__,
            "message": redaction.redact_text(str(exc), redaction.url_secrets(self.url)),
            "classification": classification.__name__,
            "reason": reason,
            "retryable": classification is errors.DefinitelyNotApplied,
            "url": redaction.redact_url(self.url),
        }


def _classify(exc: redis.exceptions.RedisError) -> tuple[type[errors.ConnectorError], str]:
    """Whether a redis-py error proves the command never reached the server."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    not_applied, unknown = errors.DefinitelyNotApplied, errors.OutcomeUnknown
    if isinstance(exc, redis.exceptions.AuthenticationError):
        return not_applied, "auth"
    if isinstance(exc, redis.exceptions.ResponseError):
        # The server parsed and rejected the script before it wrote anything.
        return not_applied, "response_error"
    if isinstance(exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        # redis-py words connect failures "Error <n> connecting to <host>" and "Timeout
        # connecting to server"; the socket error it wraps is the surer sign.
        if any(isinstance(e, socket.gaierror) for e in chain):
            return not_applied, "dns"
        if any(isinstance(e, ConnectionRefusedError) for e in chain):
            return not_applied, "connection_refused"
        if "connecting to" in str(exc):
            return not_applied, "connect_failed"
        if isinstance(exc, redis.exceptions.TimeoutError):
            return unknown, "read_timeout"
        return unknown, "connection_lost"
    return unknown, "redis_error"
