"""HTTPConnector against a real local server (FakeUpstream), one outcome at a time."""

from __future__ import annotations

import email.utils
import json
import logging
import multiprocessing
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import pytest
import requests

from tape.connectors.http import HTTPConnector, redact_url
from tape.testing import FakeUpstream
from tests.integration.connector_fixtures import make_effect, make_obligation

SECRET = "Bearer sekrit-token-0123456789"


@pytest.fixture
def bank() -> Iterator[FakeUpstream]:
    with FakeUpstream() as upstream:
        yield upstream


@pytest.fixture
def connector(bank: FakeUpstream) -> Iterator[HTTPConnector]:
    # Generous: a loaded machine must not turn a prompt answer into a timeout. Timeout tests
    # use impatient_connector against a reply held until the bank stops.
    conn = bank.http_connector(headers={"Authorization": SECRET}, timeout_s=5)
    yield conn
    conn.close()


@pytest.fixture
def impatient_connector(bank: FakeUpstream) -> Iterator[HTTPConnector]:
    conn = bank.http_connector(headers={"Authorization": SECRET}, timeout_s=0.5)
    yield conn
    conn.close()


#: Longer than any test: the reply is held until the bank stops (stop() wakes it).
HELD = 3600.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def assert_no_secret(*values: Any) -> None:
    for value in values:
        text = repr(value) + str(value)
        assert "sekrit" not in text, text
        assert "hunter2" not in text, text


# ---- dispatch ------------------------------------------------------------------------------


def test_2xx_is_confirmed_with_external_ref(bank: FakeUpstream, connector: HTTPConnector) -> None:
    result = connector.dispatch(make_effect())
    assert result.status == "confirmed"
    assert result.external_ref == "wire-1"
    assert result.response == {"external_ref": "wire-1"}
    assert bank.count() == 1


def test_dispatch_sends_body_and_headers(bank: FakeUpstream, connector: HTTPConnector) -> None:
    effect = make_effect(dispatch_attempts=3)
    connector.dispatch(effect)
    (request,) = bank.requests
    assert request.body.decode() == effect.request_json
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Idempotency-Key"] == effect.idempotency_key
    assert request.headers["X-Tape-Run-Id"] == effect.run_id
    assert request.headers["X-Tape-Effect-Key"] == effect.idempotency_key
    assert request.headers["X-Tape-Business-Key"] == effect.business_key
    assert request.headers["X-Tape-Attempt"] == "3"
    assert request.headers["Authorization"] == SECRET  # sent, never returned


def test_unicode_business_key_is_sent_percent_encoded(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    effect = make_effect(business_key="konto-ü:100\r\nX-Evil: 1")
    assert connector.dispatch(effect).status == "confirmed"
    header = bank.requests[0].headers["X-Tape-Business-Key"]
    assert "\n" not in header and "X-Evil" not in bank.requests[0].headers
    assert unquote(header) == effect.business_key


def test_non_json_2xx_body_is_kept_as_text(bank: FakeUpstream, connector: HTTPConnector) -> None:
    bank.respond(200, "accepted, thanks", commit=True)
    result = connector.dispatch(make_effect())
    assert result.status == "confirmed"
    assert result.response == {"status_code": 200, "text": "accepted, thanks"}


def test_409_with_external_ref_is_confirmed(bank: FakeUpstream, connector: HTTPConnector) -> None:
    bank.respond(409, {"external_ref": "wire-77", "error": "duplicate"})
    result = connector.dispatch(make_effect())
    assert (result.status, result.external_ref) == ("confirmed", "wire-77")


def test_idempotent_provider_409_confirms_the_first_wire() -> None:
    with FakeUpstream(dedupe=True) as bank:
        connector = bank.http_connector(timeout_s=2)
        effect = make_effect()
        first, second = connector.dispatch(effect), connector.dispatch(effect)
        assert (first.status, first.external_ref) == ("confirmed", "wire-1")
        assert (second.status, second.external_ref) == ("confirmed", "wire-1")
        assert bank.count(effect.idempotency_key) == 1


def test_400_is_failed_and_not_retryable(bank: FakeUpstream, connector: HTTPConnector) -> None:
    bank.respond(400, {"error": "insufficient funds"})
    result = connector.dispatch(make_effect())
    assert result.status == "failed"
    assert result.error["status_code"] == 400
    assert result.error["retryable"] is False
    assert not result.retryable
    assert result.response == {"error": "insufficient funds"}
    assert bank.count() == 0


def test_429_without_retry_after_leaves_the_schedule_to_the_dispatcher(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    bank.respond(429, {"error": "slow down"})
    result = connector.dispatch(make_effect())
    assert result.status == "failed" and result.retryable
    assert result.retry_at_ms == 0  # no Retry-After: the outbox's own backoff applies


def test_429_with_retry_after_seconds_schedules_the_retry(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    bank.respond(429, {"error": "slow down"}, headers={"Retry-After": "7"})
    before_ms = int(time.time() * 1000)
    result = connector.dispatch(make_effect())
    after_ms = int(time.time() * 1000)
    assert result.status == "failed" and result.retryable
    assert before_ms + 7000 <= result.retry_at_ms <= after_ms + 7000


def test_503_with_retry_after_http_date_is_still_unknown_but_429_honours_the_date(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    when = int(time.time()) + 30  # HTTP-dates have whole seconds
    date = email.utils.formatdate(when, usegmt=True)
    bank.respond(429, {"error": "slow down"}, headers={"Retry-After": date})
    started = time.monotonic()
    result = connector.dispatch(make_effect())
    elapsed_ms = int((time.monotonic() - started) * 1000) + 1
    assert result.status == "failed" and result.retryable
    assert when * 1000 - 1 <= result.retry_at_ms <= when * 1000 + elapsed_ms
    # A 503 may have landed: unknown, whatever Retry-After says (it is never re-sent blindly).
    bank.respond(503, "busy", headers={"Retry-After": date}, commit=True)
    assert connector.dispatch(make_effect()).status == "unknown"


def test_503_is_unknown(bank: FakeUpstream, connector: HTTPConnector) -> None:
    bank.respond(503, "upstream overloaded", commit=True)
    result = connector.dispatch(make_effect())
    assert result.status == "unknown"
    assert result.error["status_code"] == 503
    assert bank.count() == 1  # why 5xx must never be retried blindly


def test_read_timeout_after_commit_is_unknown(
    bank: FakeUpstream, impatient_connector: HTTPConnector
) -> None:
    effect = make_effect()
    bank.delay(HELD)
    started = time.monotonic()
    result = impatient_connector.dispatch(effect)
    assert time.monotonic() - started < 60  # it gave up: the reply was held for an hour
    assert result.status == "unknown"
    assert result.error["reason"] == "read_timeout"
    assert result.error["type"] == "ReadTimeout"
    assert bank.count(effect.idempotency_key) == 1
    assert bank.count(effect.business_key) == 1


def test_connection_refused_is_failed_and_retryable(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    bank.refuse()
    result = connector.dispatch(make_effect())
    assert result.status == "failed"
    assert result.error["reason"] == "connection_refused"
    assert result.error["retryable"] is True
    assert result.retry_at_ms == 0  # the dispatcher's backoff decides
    bank.resume()
    assert connector.dispatch(make_effect()).status == "confirmed"
    assert bank.count() == 1


def test_refused_on_a_port_nobody_listens_on() -> None:
    connector = HTTPConnector(name="x", endpoint=f"http://127.0.0.1:{free_port()}/wires")
    result = connector.dispatch(make_effect())
    assert (result.status, result.error["reason"]) == ("failed", "connection_refused")


def test_dns_failure_is_failed_and_retryable() -> None:
    connector = HTTPConnector(name="x", endpoint="http://no-such-host.invalid/wires", timeout_s=2)
    result = connector.dispatch(make_effect())
    assert (result.status, result.error["reason"]) == ("failed", "dns")
    assert result.retryable


def test_connection_reset_after_commit_is_unknown(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    effect = make_effect()
    bank.reset_connection()
    result = connector.dispatch(effect)
    assert result.status == "unknown"
    assert result.error["reason"] in ("connection_reset", "connection_aborted")
    assert "retryable" not in result.error or result.error["retryable"] is False
    assert bank.count(effect.idempotency_key) == 1


def test_keep_alive_connection_survives_faults(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    bank.reset_connection()
    connector.dispatch(make_effect())
    for _ in range(5):
        assert connector.dispatch(make_effect()).status == "confirmed"
    assert bank.count() == 6


# ---- secrets -------------------------------------------------------------------------------


def test_authorization_never_leaks(bank: FakeUpstream, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    connector = bank.http_connector(
        headers={"Authorization": SECRET, "X-Api-Key": "hunter2-api-key"}, timeout_s=0.3
    )
    results: list[Any] = [repr(connector)]
    faults: list[Callable[[], object]] = [
        lambda: None,
        lambda: bank.respond(400, {"echo": SECRET}),  # an upstream that echoes our header
        lambda: bank.respond(503, f"bad token {SECRET}"),
        lambda: bank.delay(HELD),
        lambda: bank.reset_connection(),
    ]
    for fault in faults:
        fault()
        effect = make_effect()
        results += [connector.dispatch(effect), connector.observe(effect)]
        results.append(connector.compensate(make_obligation()))
    bank.refuse()
    results += [connector.dispatch(make_effect()), connector.observe(make_effect())]
    results.append(connector.compensate(make_obligation()))
    assert_no_secret(*results, caplog.text)
    assert all(r.headers.get("Authorization") == SECRET for r in bank.requests)


def test_url_secrets_are_redacted_in_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    port = free_port()
    connector = HTTPConnector(
        name="x",
        endpoint=f"http://alice:hunter2@127.0.0.1:{port}/wires?api_key=hunter2key&v=1",
        observe_endpoint=f"http://127.0.0.1:{port}/lookup?token=hunter2tok",
    )
    effect = make_effect()
    dispatched = connector.dispatch(effect)
    assert_no_secret(dispatched, connector.observe(effect), repr(connector), caplog.text)
    assert "v=1" in dispatched.error["url"]


def test_redact_url() -> None:
    assert redact_url("https://u:p@h.example:8443/a?x=1&token=t#frag") == (
        "https://***@h.example:8443/a?x=1&token=***"
    )
    assert redact_url("http://h/a?api_key=k&key=g&idempotency_key=i") == (
        "http://h/a?api_key=***&key=***&idempotency_key=i"
    )
    assert redact_url("http://h/plain") == "http://h/plain"
    assert redact_url("") == ""


# ---- observe -------------------------------------------------------------------------------


def test_observe_counts_at_the_upstream(bank: FakeUpstream, connector: HTTPConnector) -> None:
    effect = make_effect()
    assert connector.observe(effect).status == "absent"
    connector.dispatch(effect)
    first = connector.observe(effect)
    assert (first.status, first.external_ref) == ("confirmed", "wire-1")
    connector.dispatch(effect)
    assert connector.observe(effect).status == "duplicate"
    lookup = [r for r in bank.requests if r.path == "/wires/lookup"][-1]
    assert lookup.query == {"key": effect.business_key, "idempotency_key": effect.idempotency_key}


def test_observe_by_idempotency_key_without_business_key(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    effect = make_effect(business_key="")
    connector.dispatch(effect)
    assert connector.observe(effect).status == "confirmed"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, {"status": "confirmed", "external_ref": "w-9"}, "confirmed"),
        (200, {"status": "present"}, "confirmed"),
        (200, {"status": "inconclusive"}, "stuck"),
        (200, {"status": "failed"}, "failed"),
        (200, {"status": "weird"}, "stuck"),
        (200, {"count": 0}, "absent"),
        (200, {"count": 1}, "confirmed"),
        (200, {"count": 2}, "duplicate"),
        (200, {"count": "many"}, "stuck"),
        (200, {"other": 1}, "stuck"),
        (200, "not json", "stuck"),
        (404, {"error": "no such wire"}, "absent"),
        (500, {"error": "down"}, "stuck"),
        (503, None, "stuck"),
    ],
)
def test_observe_mapping(
    bank: FakeUpstream, connector: HTTPConnector, status: int, body: Any, expected: str
) -> None:
    bank.respond(status, body, path="/wires/lookup")
    result = connector.observe(make_effect())
    assert result.status == expected
    if expected == "confirmed" and isinstance(body, dict) and "external_ref" in body:
        assert result.external_ref == "w-9"


def test_observe_server_down_is_stuck(bank: FakeUpstream, connector: HTTPConnector) -> None:
    bank.refuse()
    result = connector.observe(make_effect())
    assert result.status == "stuck"
    assert result.response["error"]["reason"] == "connection_refused"


def test_observe_timeout_is_stuck(bank: FakeUpstream, impatient_connector: HTTPConnector) -> None:
    bank.delay(HELD, path="/wires/lookup")
    assert impatient_connector.observe(make_effect()).status == "stuck"


def test_observe_without_endpoint_is_unobservable_never_absent() -> None:
    connector = HTTPConnector(name="x", endpoint="http://127.0.0.1:1/wires")
    assert connector.can_observe is False
    assert connector.observe(make_effect()).status == "unobservable"


# ---- compensate ----------------------------------------------------------------------------


def test_compensate_posts_the_payload(bank: FakeUpstream, connector: HTTPConnector) -> None:
    obligation = make_obligation(seq=12, attempts=2)
    result = connector.compensate(obligation)
    assert result.status == "compensated"
    assert result.response == {"reversal_ref": "rev-1"}
    (request,) = bank.reversals
    assert json.loads(request.body) == obligation.payload
    assert request.headers["Idempotency-Key"] == f"{obligation.run_id}/12/compensate"
    assert request.headers["X-Tape-Effect-Key"] == obligation.effect_key
    assert request.headers["X-Tape-Attempt"] == "2"


@pytest.mark.parametrize(
    ("status", "expected"), [(200, "compensated"), (409, "compensated"), (500, "failed")]
)
def test_compensate_status_mapping(
    bank: FakeUpstream, connector: HTTPConnector, status: int, expected: str
) -> None:
    bank.respond(status, {}, path="/wires/reverse")
    assert connector.compensate(make_obligation()).status == expected


def test_compensate_400_is_failed_not_retryable(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    bank.respond(400, {"error": "already settled"}, path="/wires/reverse")
    result = connector.compensate(make_obligation())
    assert result.status == "failed" and result.error["retryable"] is False


def test_compensate_unreachable_is_failed(bank: FakeUpstream, connector: HTTPConnector) -> None:
    bank.refuse()
    result = connector.compensate(make_obligation())
    assert result.status == "failed" and result.error["retryable"] is True


def test_compensate_without_endpoint_is_failed() -> None:
    connector = HTTPConnector(name="x", endpoint="http://127.0.0.1:1/wires")
    result = connector.compensate(make_obligation())
    assert result.status == "failed"
    assert "no compensate_endpoint" in result.error["message"]


# ---- processes -----------------------------------------------------------------------------


def _dispatch_many(connector: HTTPConnector, n: int, tag: str) -> None:
    for i in range(n):
        result = connector.dispatch(make_effect(business_key=f"{tag}-{i}"))
        assert result.status == "confirmed", result


def test_forked_processes_share_one_connector_and_the_counters_over_http(
    bank: FakeUpstream, connector: HTTPConnector
) -> None:
    connector.dispatch(make_effect())  # the parent's session exists before the fork
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_dispatch_many, args=(connector, 50, f"p{i}")) for i in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    stats = requests.get(f"{bank.url}/stats", timeout=5).json()
    assert stats["total"] == 201
    assert stats["per_business_key"]["p3-49"] == 1
    # The parent still works, and a refusal still refuses although children forked.
    assert connector.dispatch(make_effect()).status == "confirmed"
    bank.refuse()
    assert connector.dispatch(make_effect()).error["reason"] == "connection_refused"


def test_connector_validates_its_configuration() -> None:
    with pytest.raises(ValueError, match="endpoint"):
        HTTPConnector(name="x", endpoint="")
    with pytest.raises(ValueError, match="timeout_s"):
        HTTPConnector(name="x", endpoint="http://h/", timeout_s=0)
