"""``TAPE_LOG_FORMAT=json`` rendering (tape.observability.logs): field order, empty fields
dropped, secrets never written."""

from __future__ import annotations

import io
import json
import logging

import pytest

from tape.observability import logs


def _render(secrets: tuple[str, ...] = (), **extra: object) -> dict[str, object]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.TapeJsonFormatter(secrets))
    logger = logging.getLogger("tests.json-logs")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.warning(
            "dispatch to https://bob:hunter22@bank.example/wires?api_key=k-123 failed: %s",
            "pw-9f8e7d",
            extra=extra,
        )
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert text.count("\n") == 1
    return dict(json.loads(text))


def test_fields_come_in_the_original_order_then_the_rest_and_empty_ones_are_dropped() -> None:
    record = _render(
        action="dispatch-unknown",
        lease_owner="w1",
        effect_key="r1/decision-0/wire/0",
        run_id="r1",
        app_name="treasury",
        seq=7,
        tenant_id="",
        session_id=None,
        connector="bank.wire",
    )
    assert list(record) == [
        "ts",
        "level",
        "msg",
        "app_name",
        "run_id",
        "seq",
        "effect_key",
        "lease_owner",
        "logger",
        "action",
        "connector",
    ]
    assert record["level"] == "WARNING"
    assert str(record["ts"]).startswith("20")


def test_no_url_password_secret_query_value_or_configured_secret_is_written() -> None:
    record = _render(("pw-9f8e7d",), url="postgresql://tape:pw-9f8e7d@db/tape")
    text = json.dumps(record)
    assert "hunter22" not in text and "k-123" not in text and "pw-9f8e7d" not in text
    assert "https://***@bank.example/wires?api_key=***" in str(record["msg"])
    assert record["url"] == "postgresql://***@db/tape"


def test_the_database_and_broker_passwords_are_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAPE_DATABASE_URL", "postgresql://tape:db-secret-1@db/tape")
    monkeypatch.setenv("TAPE_BROKER_URL", "redis://:broker-secret-2@redis:6379/0")
    assert set(logs.configured_secrets()) == {"db-secret-1", "broker-secret-2"}
