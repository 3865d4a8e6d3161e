"""Where PUBLISH reactions send their rows: a Redis Stream or a signed webhook.

Both are at least once: a task is completed only after the sink accepted the message, and a
redelivery sends it again with the same task id, which consumers dedupe on.

- ``redis-stream:<name>``: ``XADD <name> * task_id ... payload_json ...`` on
  ``TAPE_STREAM_REDIS_URL`` (default: the broker URL when it is Redis). The Pub/Sub analogue;
  the entry's ``task_id`` field is the consumer's dedupe key.
- ``http(s)://...``: ``POST`` of the envelope as JSON with ``X-Tape-Task-Id`` (the dedupe key),
  ``X-Tape-Reaction-Id``, ``X-Tape-Subject``, ``X-Tape-Global-Seq``, ``X-Tape-Timestamp`` and
  ``X-Tape-Signature: sha256=<hex>``, an HMAC-SHA256 with ``TAPE_WEBHOOK_SECRET`` of
  ``"<timestamp>.<body>"``. Any 2xx accepts it; anything else (or no answer, or a redirect,
  which is not followed) is retried with the reaction's backoff. The secret never reaches the
  journal or the logs. Only public addresses are posted to, unless
  ``TAPE_WEBHOOK_ALLOW_PRIVATE=1`` (:mod:`tape.events.egress`): a refused address fails
  the task with :class:`~tape.errors.WebhookAddressRefused`, and no request is sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from typing import Any, Protocol
from urllib.parse import urlsplit

from tape import errors
from tape.events import egress
from tape.events.spec import STREAM_PREFIX
from tape.reactions.declare import Envelope

WEBHOOK_TIMEOUT_S = 10.0


class Sink(Protocol):
    def send(self, envelope: Envelope) -> None:
        """Deliver one envelope; raise to have the task retried."""


def body(envelope: Envelope) -> dict[str, Any]:
    return envelope.as_dict()


def sign(secret: str, timestamp: str, payload: bytes) -> str:
    """The ``X-Tape-Signature`` value for ``payload`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + payload, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class RedisStreamSink:
    def __init__(self, stream: str, url: str) -> None:
        import redis

        self.stream = stream
        self._client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)

    def send(self, envelope: Envelope) -> None:
        fields = {
            "task_id": envelope.task_id,
            "reaction_id": envelope.reaction_id,
            "subject": envelope.subject,
            "source_run_id": envelope.source_run_id,
            "source_global_seq": str(envelope.source_global_seq),
            "payload_json": envelope.payload_json,
        }
        self._client.xadd(self.stream, fields)  # type: ignore[arg-type]


class WebhookSink:
    def __init__(self, url: str, secret: str, *, allow_private: bool = False) -> None:
        self.url = url
        self._secret = secret
        self._allow_private = allow_private

    def send(self, envelope: Envelope) -> None:
        import requests

        from tape.events import egress_http

        payload = json.dumps(body(envelope), separators=(",", ":"), sort_keys=True).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Tape-Task-Id": envelope.task_id,
            "X-Tape-Reaction-Id": envelope.reaction_id,
            "X-Tape-Subject": envelope.subject,
            "X-Tape-Global-Seq": str(envelope.source_global_seq),
            "X-Tape-Timestamp": timestamp,
            "X-Tape-Signature": sign(self._secret, timestamp, payload),
        }
        parts = urlsplit(self.url)
        if not self._allow_private:
            # The reaction's URL is journal data: look where it leads before sending anything.
            default_port = 443 if parts.scheme == "https" else 80
            egress.check_resolved(parts.hostname or "", parts.port or default_port)
        try:
            with egress_http.session(public_only=not self._allow_private) as client:
                response = client.post(
                    self.url,
                    data=payload,
                    headers=headers,
                    timeout=WEBHOOK_TIMEOUT_S,
                    allow_redirects=False,
                )
        except requests.RequestException as exc:
            raise errors.ConnectorError(f"webhook not reached: {type(exc).__name__}") from None
        if not 200 <= response.status_code < 300:
            raise errors.ConnectorError(f"webhook answered HTTP {response.status_code}")


def for_target(target: str, environ: dict[str, str] | None = None) -> Sink:
    """The sink of a reaction's ``publish_target``.

    Raises:
        ConfigurationError: the sink needs settings that are missing.
    """
    env = dict(os.environ if environ is None else environ)
    if target.startswith(STREAM_PREFIX):
        url = env.get("TAPE_STREAM_REDIS_URL") or env.get("TAPE_BROKER_URL", "")
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise errors.ConfigurationError(
                "a redis-stream: sink needs TAPE_STREAM_REDIS_URL (or a Redis TAPE_BROKER_URL)"
            )
        return RedisStreamSink(target[len(STREAM_PREFIX) :], url)
    secret = env.get("TAPE_WEBHOOK_SECRET", "")
    if not secret:
        raise errors.ConfigurationError("a webhook sink needs TAPE_WEBHOOK_SECRET to sign with")
    return WebhookSink(target, secret, allow_private=egress.allow_private(env))
