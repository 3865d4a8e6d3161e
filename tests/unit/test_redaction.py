"""The rules of tape.redaction that the everywhere-table (tests/integration/
test_redaction_everywhere.py) does not spell out: URLs judged by their structure, literal
secrets never searched as short substrings, and what is not a secret staying visible; and
tape.terminal's control-character filter, and the filter Celery's text-mode handlers get."""

from __future__ import annotations

import io
import logging

import pytest

from tape import redaction, terminal


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://app:pw@db/ledger", "postgresql://***@db/ledger"),
        # A password holding "/", "?" or "@" (not percent-encoded) is still all hidden.
        ("postgresql://app:pa/ss@db/ledger", "postgresql://***@db/ledger"),
        ("postgresql://app:12/34@db/ledger", "postgresql://***@db/ledger"),
        ("https://app:pa?ss@h.example/x", "https://***@h.example/x"),
        ("https://app:p@ss@h.example:8443/x", "https://***@h.example:8443/x"),
        ("redis://:pw@redis:6379/0", "redis://***@redis:6379/0"),
        (
            "https://h.example/cb?access_token=t&page=2#frag",
            "https://h.example/cb?access_token=***&page=2",
        ),
        ("http://[::1/x?token=t", "http://[::1/x?token=***"),  # the host does not parse
        # Nothing to hide: unchanged (an "@" in a web URL's query is no userinfo).
        ("sqlite:///./.tape/dev.db", "sqlite:///./.tape/dev.db"),
        (
            "http://localhost:8000/invite?to=bob@example.com",
            "http://localhost:8000/invite?to=bob@example.com",
        ),
        ("tape://127.0.0.1:7878", "tape://127.0.0.1:7878"),
    ],
)
def test_urls_are_redacted_by_structure(url: str, shown: str) -> None:
    assert redaction.redact_url(url) == shown


def test_keep_user_shows_the_user_and_an_already_hidden_password_stays_hidden() -> None:
    assert redaction.redact_url("postgresql://tape:pw@db/x", keep_user=True) == (
        "postgresql://tape:***@db/x"
    )
    assert redaction.redact_text("(postgresql://tape:***@db/x)") == "(postgresql://tape:***@db/x)"


def test_a_short_password_is_never_replaced_as_a_substring() -> None:
    # Replacing "se" inside "database" would show the password: "databa*** error".
    message = "database error (postgresql://tape:se@127.0.0.1:1/database): refused"
    shown = redaction.redact_text(message, redaction.url_secrets("postgresql://tape:se@h/db"))
    assert shown == "database error (postgresql://***@127.0.0.1:1/database): refused"
    assert redaction.url_secrets("postgresql://tape:se@h/db") == ()
    long = "pw-9f8e7d6c"
    assert redaction.url_secrets(f"postgresql://tape:{long}@h/db") == (long,)
    assert redaction.redact_text(f"echoed {long}", (long,)) == "echoed ***"


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "X-Api-Key",
        "apiKey",
        "API_KEY",
        "pw",
        "PWD",
        "passwd",
        "ssh-key",
        "sshKey",
        "private_key",
        "Set-Cookie",
        "client_secret",
        "clientSecret",
        "refresh_token",
        "db_pass",
        "basic_auth",
    ],
)
def test_secret_looking_names(name: str) -> None:
    assert redaction.is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "session_id",
        "idempotency_key",
        "business_key",
        "effect_key",
        "author",
        "amount",
        "tokenizer",
        "passenger",
        "keyboard",
        "status",
    ],
)
def test_names_that_are_not_secrets(name: str) -> None:
    assert not redaction.is_secret_name(name)


def test_what_carries_no_credential_stays_visible() -> None:
    value = {
        "usage": {"prompt_tokens": 12, "max_tokens": 256},
        "token_cap": 1000,
        "auth_required": True,
        "password": None,
        "session_id": "s-1",
        "fields": ["amount", "currency"],
    }
    assert redaction.redact(value) == value
    for text in (
        "outbox pass: 3 effects confirmed",
        "needs a bearer token",
        "sort -u names.txt",
        "tokens_spent=12 token_cap: 100",
        "idempotency_key=r1/decision-0/wire/0",
    ):
        assert redaction.redact_text(text) == text


def test_secret_keys_hide_their_whole_value_and_keep_the_rest() -> None:
    assert redaction.redact(
        {"password": {"nested": "x"}, "pin_count": 3, "api_key": 12345, "amount": 5}
    ) == {"password": "***", "pin_count": 3, "api_key": "***", "amount": 5}


def test_printable_shows_every_control_character_as_an_escape() -> None:
    hostile = "a\x1b[31mb\x1b]8;;http://evil\x1b\\c\x07\x9b\r\u202e\x00"
    shown = terminal.printable(hostile)
    assert shown == ("a\\x1b[31mb\\x1b]8;;http://evil\\x1b\\c\\x07\\x9b\\r\\u202e\\x00")
    assert terminal.printable("line\n\tnext") == "line\\n\\tnext"
    assert terminal.printable("line\n\tnext", one_line=False) == "line\n\tnext"


def test_celery_text_mode_handlers_get_the_redacting_filter() -> None:
    from celery.signals import after_setup_logger

    from tape.observability import celery_signals, logs

    celery_signals.connect()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))  # Celery's kind
    logger = logging.getLogger("tests.redaction.celery-like")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        after_setup_logger.send(
            sender=None,
            logger=logger,
            loglevel=logging.INFO,
            logfile=None,
            format="",
            colorize=False,
        )
        logger.warning("wire failed: %s", "Authorization: Bearer sk-live-0123456789")
    finally:
        logger.removeHandler(handler)
    assert any(isinstance(f, logs.RedactingFilter) for f in handler.filters)
    assert stream.getvalue() == "[WARNING] wire failed: Authorization: Bearer ***\n"
