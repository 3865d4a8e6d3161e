"""libpq's multi-host database URLs (docs/replication.md): parsed into what SQLAlchemy's psycopg
dialects hand libpq, shown with the password hidden, and refused with a named error when
malformed (the password never in the message)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import URL

from tape import errors, redaction
from tape.store import multihost
from tape.store.engine import parse_url, safe_url

SECRET = "s3cret-Pa55word"


def libpq_args(url: URL) -> dict[str, object]:
    """What the dialect passes to ``psycopg2.connect`` / ``psycopg.connect`` (no connection)."""
    _, kwargs = url.get_dialect()().create_connect_args(url)
    return dict(kwargs)


@pytest.mark.parametrize(
    ("url", "hosts", "ports"),
    [
        ("postgresql://app@h1:5433,h2:5434/ledger", "h1,h2", "5433,5434"),
        ("postgresql://app@h1,h2:5434/ledger", "h1,h2", ",5434"),  # libpq: h1 on the default
        ("postgresql://app@h1,h2,h3/ledger", "h1,h2,h3", ",,"),  # empty: the default
        ("postgresql://app@[::1]:5433,h2:5434/ledger", "::1,h2", "5433,5434"),
        ("postgresql+psycopg://app@h1:5433,h2:5434/ledger", "h1,h2", "5433,5434"),
        # SQLAlchemy's own query forms pass through as they are.
        ("postgresql://app@/ledger?host=h1:5433&host=h2:5434", "h1,h2", "5433,5434"),
        ("postgresql://app@/ledger?host=h1,h2&port=5433,5434", "h1,h2", "5433,5434"),
    ],
)
def test_multi_host_urls_reach_libpq_as_host_and_port_lists(
    url: str, hosts: str, ports: str | None
) -> None:
    args = libpq_args(parse_url(url))
    assert args["host"] == hosts
    assert args.get("port") == ports
    assert args["dbname"] == "ledger"
    assert args["user"] == "app"


def test_the_query_and_the_password_survive_the_rewrite() -> None:
    url = f"postgresql://app:{SECRET}@h1:5433,h2:5434/ledger?target_session_attrs=read-write&connect_timeout=3"
    args = libpq_args(parse_url(url))
    assert args["target_session_attrs"] == "read-write"
    assert args["connect_timeout"] == "3"
    assert args["password"] == SECRET


def test_one_host_urls_are_untouched() -> None:
    for url in (
        "postgresql://app@db:5432/ledger",
        "postgresql://app@db/ledger?sslmode=require",
        "sqlite:///./.tape/dev.db",
        "redis://a,b/0",  # not Postgres: not ours to rewrite
    ):
        assert multihost.to_query_form(url) == url
    args = libpq_args(parse_url("postgresql://app@db:5433/ledger"))
    assert (args["host"], args["port"]) == ("db", 5433)


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://app:{SECRET}@h1:5433,h2:5434/ledger?target_session_attrs=read-write",
        f"postgresql://app:{SECRET}@/ledger?host=h1:5433&host=h2:5434&target_session_attrs=read-write",
    ],
)
def test_shown_in_libpq_form_without_the_password(url: str) -> None:
    expected = "postgresql://app:***@h1:5433,h2:5434/ledger?target_session_attrs=read-write"
    assert safe_url(url) == expected
    shown_parsed = safe_url(parse_url(url))
    assert SECRET not in shown_parsed
    assert "h1:5433,h2:5434/ledger?target_session_attrs=read-write" in shown_parsed
    # The CLI scrubs the URL's password from any message (tape/cli/__init__.py's _fail).
    assert redaction.url_secrets(url) == (SECRET,)
    assert SECRET not in redaction.redact_url(url, keep_user=True)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"postgresql://app:{SECRET}@h1:x,h2/ledger", "port 'x' of host 'h1'"),
        (f"postgresql://app:{SECRET}@h1,,h2/ledger", "empty host"),
        (f"postgresql://app:{SECRET}@h1,h2/ledger?host=h3", "not both"),
        (f"postgresql://app:{SECRET}@[::1,h2/ledger", "malformed host"),
    ],
)
def test_malformed_multi_host_urls_are_a_named_error(url: str, says: str) -> None:
    with pytest.raises(errors.InvalidDatabaseURL) as caught:
        parse_url(url)
    assert says in str(caught.value)
    assert SECRET not in str(caught.value)
    assert safe_url(url) == "<unparseable database URL>"


def test_hosts_of_lists_every_host() -> None:
    url = parse_url("postgresql://app@h1:5433,h2/ledger")
    assert multihost.hosts_of(url) == [("h1", 5433), ("h2", None)]
    assert multihost.hosts_of(parse_url("postgresql://app@h1:5433/ledger")) is None
    assert multihost.hosts_of(parse_url("postgresql://app@/ledger?host=/run/postgresql")) is None
