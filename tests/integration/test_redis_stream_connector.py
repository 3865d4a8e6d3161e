"""RedisStreamConnector against a real Redis (``TAPE_TEST_REDIS_URL``; missing Redis fails)."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis

from tape.connectors.redis_stream import RedisStreamConnector
from tests.integration.connector_fixtures import make_effect, make_obligation

REDIS_URL = os.environ.get("TAPE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def client() -> Iterator[redis.Redis]:
    conn = redis.Redis.from_url(REDIS_URL, decode_responses=True, socket_timeout=5)
    try:
        conn.ping()
    except redis.RedisError as exc:  # never skip: a missing service is a failure
        pytest.fail(f"Redis is required at {REDIS_URL} (TAPE_TEST_REDIS_URL): {exc}")
    yield conn
    conn.close()


@pytest.fixture
def stream(client: redis.Redis) -> Iterator[str]:
    name = f"tape-test-{uuid.uuid4().hex}"
    yield name
    keys = [name, f"{name}:compensations", *client.scan_iter(f"tape:dedupe:{name}:*")]
    client.delete(*keys)


@pytest.fixture
def connector(stream: str) -> Iterator[RedisStreamConnector]:
    conn = RedisStreamConnector(name="events", url=REDIS_URL, stream=stream)
    yield conn
    conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_dispatch_appends_the_effect(
    client: redis.Redis, connector: RedisStreamConnector, stream: str
) -> None:
    effect = make_effect(dispatch_attempts=2)
    result = connector.dispatch(effect)
    assert result.status == "confirmed"
    entries: Any = client.xrange(stream)
    ((entry_id, fields),) = entries
    assert result.external_ref == entry_id
    assert result.response == {"stream": stream, "entry_id": entry_id, "deduplicated": False}
    assert fields == {
        "idempotency_key": effect.idempotency_key,
        "run_id": effect.run_id,
        "business_key": effect.business_key,
        "tool_name": effect.tool_name,
        "request_json": effect.request_json,
        "attempt": "2",
    }


def test_same_key_twice_is_one_entry(
    client: redis.Redis, connector: RedisStreamConnector, stream: str
) -> None:
    effect = make_effect()
    first, second = connector.dispatch(effect), connector.dispatch(effect)
    assert first.status == second.status == "confirmed"
    assert first.external_ref == second.external_ref
    assert second.response["deduplicated"] is True
    assert client.xlen(stream) == 1
    connector.dispatch(make_effect())
    assert client.xlen(stream) == 2


def test_concurrent_dispatches_of_one_key_append_once(
    client: redis.Redis, connector: RedisStreamConnector, stream: str
) -> None:
    effect = make_effect()
    refs: list[str] = []

    def work() -> None:
        for _ in range(20):
            refs.append(connector.dispatch(effect).external_ref)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert client.xlen(stream) == 1
    assert len(set(refs)) == 1 and len(refs) == 160


def test_observe_reads_the_dedupe_key(connector: RedisStreamConnector) -> None:
    effect = make_effect()
    assert connector.observe(effect).status == "absent"
    dispatched = connector.dispatch(effect)
    observed = connector.observe(effect)
    assert (observed.status, observed.external_ref) == ("confirmed", dispatched.external_ref)


def test_dedupe_key_layout_and_ttl(client: redis.Redis, stream: str) -> None:
    connector = RedisStreamConnector("events", REDIS_URL, stream, dedupe_ttl_s=600)
    effect = make_effect()
    result = connector.dispatch(effect)
    key = f"tape:dedupe:{stream}:{effect.idempotency_key}"
    assert client.get(key) == result.external_ref
    assert 0 < client.pttl(key) <= 600_000


def test_maxlen_trims_the_stream(client: redis.Redis, stream: str) -> None:
    connector = RedisStreamConnector("events", REDIS_URL, stream, maxlen=10)
    for _ in range(300):
        assert connector.dispatch(make_effect()).status == "confirmed"
    assert client.xlen(stream) < 300  # MAXLEN ~ trims whole nodes


def test_compensate_appends_once_per_obligation(
    client: redis.Redis, connector: RedisStreamConnector, stream: str
) -> None:
    obligation = make_obligation()
    first, second = connector.compensate(obligation), connector.compensate(obligation)
    assert first.status == second.status == "compensated"
    assert second.response["deduplicated"] is True
    entries: Any = client.xrange(f"{stream}:compensations")
    ((_, fields),) = entries
    assert fields["run_id"] == obligation.run_id
    assert fields["seq"] == str(obligation.seq)
    assert fields["effect_key"] == obligation.effect_key
    assert fields["payload_json"] == obligation.payload_json


def test_connection_refused_is_failed_retryable(stream: str) -> None:
    url = f"redis://:hunter2-password@127.0.0.1:{free_port()}/15"
    connector = RedisStreamConnector("events", url, stream, timeout_s=1)
    result = connector.dispatch(make_effect())
    assert result.status == "failed"
    assert result.error["reason"] == "connection_refused"
    assert result.retryable
    observed = connector.observe(make_effect())
    compensated = connector.compensate(make_obligation())
    assert observed.status == "stuck"
    assert compensated.status == "failed"
    for text in (repr(result), repr(observed), repr(compensated), repr(connector)):
        assert "hunter2" not in text


class ReplyHoldingProxy:
    """A TCP proxy to Redis that forwards commands at once and can hold replies back.

    After :meth:`hold`, the command reaches Redis and runs, but its reply stays in the proxy
    until :meth:`close`: the client times out whatever its timeout and however loaded the
    machine is (the "sent, reply lost" case). ``reply_held`` is set once a reply is held, which
    proves Redis ran the command.
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 6379)
        self.listener = socket.create_server(("127.0.0.1", 0))
        port = self.listener.getsockname()[1]
        netloc = parts.netloc.rpartition("@")[0]
        netloc = f"{netloc}@127.0.0.1:{port}" if netloc else f"127.0.0.1:{port}"
        self.url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        self._holding = threading.Event()
        self._released = threading.Event()
        self.reply_held = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for src, dst, delayed in ((client, upstream, False), (upstream, client, True)):
                threading.Thread(target=self._pump, args=(src, dst, delayed), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, delayed: bool) -> None:
        try:
            while data := src.recv(65536):
                if delayed and self._holding.is_set():
                    self.reply_held.set()
                    self._released.wait()
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def hold(self) -> None:
        self._holding.set()

    def close(self) -> None:
        self._released.set()
        self.listener.close()


def test_timeout_after_the_command_was_sent_is_unknown(
    client: redis.Redis, connector: RedisStreamConnector, stream: str
) -> None:
    proxy = ReplyHoldingProxy(REDIS_URL)
    # The timeout must cover the first dispatch's round trips on a loaded machine; the held
    # reply never arrives in time, whatever it is.
    slow = RedisStreamConnector("events", proxy.url, stream, timeout_s=5.0)
    try:
        assert slow.dispatch(make_effect()).status == "confirmed"  # connected, script loaded
        effect = make_effect()
        proxy.hold()
        result = slow.dispatch(effect)
        assert proxy.reply_held.wait(30), "Redis never answered the held command"
    finally:
        slow.close()
        proxy.close()
    assert result.status == "unknown"
    assert result.error["reason"] == "read_timeout"
    # It landed: the reconciler's observe() sees it, and a re-dispatch cannot append again.
    observed = connector.observe(effect)
    assert observed.status == "confirmed"
    again = connector.dispatch(effect)
    assert again.external_ref == observed.external_ref and again.response["deduplicated"]
    assert client.xlen(stream) == 2


def test_repr_hides_the_password(stream: str) -> None:
    connector = RedisStreamConnector("events", "redis://:s3cret-pw@localhost:6379/15", stream)
    assert "s3cret" not in repr(connector)
