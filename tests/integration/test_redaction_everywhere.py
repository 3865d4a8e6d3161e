"""One redaction, everywhere (issue 21, test 7): a table of secret shapes, each journaled (real
Postgres) or logged or raised the way a careless caller would, and every place tape shows text:
log lines (text and JSON formatters, Celery-style handlers), dashboard pages (a real ``tape ui``
server), CLI output (tables, ``--json``, ``--raw``, ``tail``) and error messages. None of the
secret values appears anywhere.

(The server's log on a forced database error is covered with ``tape server``'s own tests.)
"""

from __future__ import annotations

import base64
import io
import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from tape import EffectStatus, Journal, ObligationStatus, RunStatus, errors
from tape.cli import tape as tape_cli
from tape.observability import logs
from tests.support import databases, ui_server
from tests.support.redis_server import free_port

pytestmark = pytest.mark.postgres_only


@dataclass(frozen=True)
class Shape:
    """A secret in one shape: as a JSON value (a payload) and as free text (a message)."""

    name: str
    secret: str
    value: Any
    text: str


#: Names a secret hides under, as callers spell them.
SECRET_KEYS = (
    "authorization",
    "Authorization",
    "Proxy-Authorization",
    "token",
    "api_key",
    "API-KEY",
    "apiKey",
    "X-Api-Key",
    "password",
    "pw",
    "passwd",
    "secret",
    "ssh_key",
    "sshKey",
    "private_key",
    "cookie",
    "Set-Cookie",
    "client_secret",
    "clientSecret",
    "access_token",
    "refreshToken",
)


def _secret(index: int) -> str:
    return f"sk{index:02d}x{uuid.uuid4().hex[:14]}"


def _shapes() -> list[Shape]:
    shapes: list[Shape] = []

    def add(name: str, build: Any) -> None:
        secret = _secret(len(shapes))
        value, text = build(secret)
        shapes.append(Shape(name, secret, value, text))

    for key in SECRET_KEYS:
        add(f"key:{key}", lambda s, k=key: ({k: s, "amount": 5}, f"{k}={s}"))
    add(
        "header-pairs",
        lambda s: (
            {"headers": [["Authorization", f"Bearer {s}"], ["Accept", "*/*"]]},
            json.dumps([["Authorization", f"Bearer {s}"]]),
        ),
    )
    add(
        "header-tuples",
        lambda s: ({"headers": [("X-Api-Key", s)]}, repr([("X-Api-Key", s)])),
    )
    add(
        "named-entry",
        lambda s: (
            {"env": [{"name": "DB_PASSWORD", "value": s}, {"name": "REGION", "value": "eu"}]},
            json.dumps({"name": "DB_PASSWORD", "value": s}),
        ),
    )
    add(
        "authorization-string",
        lambda s: ({"raw": f"Authorization: Bearer {s}"}, f"sent Authorization: Bearer {s}"),
    )
    add(
        "bearer-in-text",
        lambda s: ({"log": f"retry with Bearer {s} after 401"}, f"got 401 for Bearer {s}"),
    )
    add(
        "basic-credentials",
        lambda s: (
            {"raw": f"Authorization: Basic {_b64(s)}"},
            f"upstream echoed Basic {_b64(s)}",
        ),
    )
    add(
        "json-in-string",
        lambda s: (
            {"body": json.dumps({"password": s, "amount": 5})},
            f"body was {json.dumps({'api_key': s})}",
        ),
    )
    add(
        "json-in-json-in-string",
        lambda s: (
            {"body": json.dumps({"inner": json.dumps({"token": s})})},
            json.dumps({"inner": json.dumps({"token": s})}),
        ),
    )
    add(
        "url-credentials",
        lambda s: (
            {"dsn": f"postgresql://app:{s}@db.internal:5432/ledger"},
            f"cannot reach postgresql://app:{s}@db.internal:5432/ledger",
        ),
    )
    add(
        "url-password-with-slash",
        lambda s: (
            {"dsn": f"postgresql://app:{s}/x@db.internal/ledger"},
            f"cannot reach postgresql://app:{s}/x@db.internal/ledger",
        ),
    )
    add(
        "url-user-is-the-key",
        lambda s: ({"url": f"https://{s}@api.example/v1"}, f"GET https://{s}@api.example/v1"),
    )
    add(
        "url-query",
        lambda s: (
            {"callback": f"https://hooks.example/cb?access_token={s}&page=2"},
            f"POST https://hooks.example/cb?signature={s} failed",
        ),
    )
    add(
        "curl-u",
        lambda s: (
            {"cmd": f"curl -u alice:{s} https://api.example"},
            f"ran curl -u 'alice:{s}' https://api.example",
        ),
    )
    add(
        "curl-user",
        lambda s: (
            {"cmd": f"curl --user alice:{s} https://api.example"},
            f"ran curl --user=alice:{s} https://api.example",
        ),
    )
    add(
        "key-value-text",
        lambda s: ({"line": f"login user=bob password={s} ok"}, f"host=db pw={s} dbname=x"),
    )
    add(
        "python-repr",
        lambda s: ({"repr": str({"api_key": s, "n": 1})}, str({"client_secret": s})),
    )
    add(
        "cookie-header",
        lambda s: (
            {"raw": f"Cookie: theme=dark; session={s}"},
            f"Set-Cookie: sid={s}; Path=/",
        ),
    )
    add(
        "secret-flag",
        lambda s: ({"cmd": f"deploy --api-token {s} --verbose"}, f"deploy --password {s}"),
    )
    return shapes


def _b64(secret: str) -> str:
    return base64.b64encode(f"alice:{secret}".encode()).decode()


SHAPES = _shapes()


def _hidden(shape: Shape, *texts: str) -> None:
    """None of the shape's secret material (the value, its base64 form) in ``texts``."""
    found = [t for t in texts if shape.secret in t or _b64(shape.secret) in t]
    assert found == [], f"{shape.name}: secret shown in {found[0][:2000]}"


def _ids(shapes: list[Shape]) -> list[str]:
    return [s.name for s in shapes]


# -- logs ------------------------------------------------------------------------------------


def _log(formatter: logging.Formatter | None, shape: Shape, *, filtered: bool = False) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    if formatter is not None:
        handler.setFormatter(formatter)
    if filtered:
        handler.addFilter(logs.RedactingFilter())
    logger = logging.getLogger(f"tests.redaction.{uuid.uuid4().hex}")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.warning("call failed: %s (payload %s)", shape.text, shape.value)
        logger.error("request", extra={"request": shape.value, "note": shape.text})
        try:
            raise RuntimeError(f"upstream refused: {shape.text}")
        except RuntimeError:
            logger.exception("dispatch crashed")
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


@pytest.mark.parametrize("shape", SHAPES, ids=_ids(SHAPES))
def test_log_lines_never_show_a_secret(shape: Shape) -> None:
    text = _log(logs.TapeTextFormatter(), shape)
    as_json = _log(logs.TapeJsonFormatter(), shape)
    # A handler tape does not format (Celery's, in text mode) gets the filter.
    celery_like = _log(
        logging.Formatter("[%(asctime)s: %(levelname)s] %(message)s"), shape, filtered=True
    )
    assert "dispatch crashed" in text and "RuntimeError" in text  # the traceback is kept
    assert [json.loads(line)["level"] for line in as_json.splitlines()] == [
        "WARNING",
        "ERROR",
        "ERROR",
    ]
    _hidden(shape, text, as_json, celery_like)


# -- error messages --------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=_ids(SHAPES))
def test_error_messages_never_show_a_secret(shape: Shape) -> None:
    raised = [
        errors.ServerUnavailable(f"GetRun: the journal said {shape.text}"),
        errors.InvalidDatabaseURL(f"cannot use {shape.text}"),
        errors.IllegalTransition(f"effect refused: {json.dumps(shape.value)}"),
    ]
    _hidden(shape, *(str(e) for e in raised))


def test_a_database_url_in_an_error_is_shown_without_its_secrets() -> None:
    password, key = _secret(90), _secret(91)
    with pytest.raises(errors.InvalidDatabaseURL) as bad_scheme:
        Journal(f"mysql://app:{password}@db.internal/ledger?api_key={key}")
    assert password not in str(bad_scheme.value) and key not in str(bad_scheme.value)
    assert "mysql://app:***@db.internal/ledger?api_key=***" in str(bad_scheme.value)


def test_an_unreachable_server_error_shows_no_secret_of_its_url() -> None:
    password, token = _secret(92), _secret(93)
    url = f"tape://app:{password}@127.0.0.1:{free_port()}/?token={token}"
    journal = Journal(url)
    try:
        with pytest.raises(errors.ServerUnavailable) as down:
            journal.list_runs(limit=1)
        shown = f"{down.value} {journal!r}"
    finally:
        journal.close()
    assert password not in shown and token not in shown


def test_the_cli_hides_the_database_password_by_url_structure_not_substring() -> None:
    # A two-letter password replaced as a substring showed itself ("databa*** error").
    short = CliRunner().invoke(
        tape_cli, ["status", "--database-url", "postgresql://tape:se@127.0.0.1:1/database"]
    )
    assert short.exit_code == 1
    assert "databa***" not in short.stderr
    assert short.stderr.startswith(
        "tape: error: database error (postgresql://tape:***@127.0.0.1:1/database)"
    )
    password = _secret(94)
    long = CliRunner().invoke(
        tape_cli, ["status", "--database-url", f"postgresql://tape:{password}@127.0.0.1:1/db"]
    )
    assert long.exit_code == 1 and password not in long.stderr + long.stdout


# -- the journal's views: dashboard and CLI ---------------------------------------------------


@dataclass
class Journaled:
    url: str
    runs: dict[str, tuple[str, str]]  # shape name -> (the run, a run that ended with it)


def _journal_shape(j: Journal, shape: Shape) -> tuple[str, str]:
    """One run holding the shape everywhere a payload or text goes: input, decision, effect
    request/response, dispatch error, obligation payload/error/note, resolution note/response;
    and one that ended with it as its result."""
    started = j.begin_run(
        app_name="redaction",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w",
        input_json=shape.value,
    )
    run_id = started.run_id
    j.record_decision(
        run_id=run_id,
        decision_index=0,
        model="m",
        request_json=shape.value,
        response_json=shape.value,
    )
    paid = j.begin_effect(
        run_id=run_id, decision_index=0, tool_name="pay", request_json=shape.value
    )
    j.complete_effect(
        run_id=run_id,
        idempotency_key=paid.idempotency_key,
        status=EffectStatus.CONFIRMED,
        response_json=shape.value,
    )
    owed = j.register_compensation(
        run_id=run_id,
        effect_key=paid.idempotency_key,
        kind="refund",
        payload_json=shape.value,
        due=True,
    )
    j.claim_obligation_now(run_id=run_id, obligation_seq=owed.seq, claimer="c")
    j.record_obligation_attempt(
        run_id=run_id,
        obligation_seq=owed.seq,
        error=shape.text,
        next_attempt_at_ms=j.database.now_ms(),
        claimer="c",
    )
    j.resolve_obligation(
        run_id=run_id,
        obligation_seq=owed.seq,
        status=ObligationStatus.STUCK,
        operator="op",
        note=shape.text,
    )
    wire = j.begin_effect(
        run_id=run_id,
        decision_index=0,
        call_index=1,
        tool_name="wire",
        request_json=shape.value,
        dispatch_mode="OUTBOX",
        connector="bank",
    )
    j.record_dispatch_attempt(
        run_id=run_id, idempotency_key=wire.idempotency_key, error=shape.text, next_dispatch_at_ms=0
    )
    j.complete_effect(
        run_id=run_id, idempotency_key=wire.idempotency_key, status=EffectStatus.UNKNOWN
    )
    note = j.begin_effect(run_id=run_id, decision_index=0, call_index=2, tool_name="note")
    j.complete_effect(
        run_id=run_id, idempotency_key=note.idempotency_key, status=EffectStatus.UNKNOWN
    )
    j.resolve_effect(
        run_id=run_id,
        idempotency_key=note.idempotency_key,
        action="confirm",
        operator="op",
        note=shape.text,
        response_json=shape.value,
    )
    done = j.begin_run(
        app_name="redaction",
        user_id="u",
        session_id="s",
        invocation_id=uuid.uuid4().hex,
        lease_owner="w",
    )
    j.end_run(run_id=done.run_id, status=RunStatus.TERMINAL, detail_json={"result": shape.value})
    return run_id, done.run_id


@pytest.fixture(scope="module")
def journaled(pg_template: databases.PostgresTemplate) -> Iterator[Journaled]:
    """Every shape journaled once, in one database (the views are read-only)."""
    url = pg_template.clone()
    journal = Journal(url)
    try:
        runs = {shape.name: _journal_shape(journal, shape) for shape in SHAPES}
    finally:
        journal.close()
    yield Journaled(url, runs)
    from tape.store import engine

    for db in list(engine._databases):
        if db.url.database == url.rsplit("/", 1)[-1]:
            db.dispose()
    pg_template.drop_clone(url)


@pytest.fixture(scope="module")
def dashboard(journaled: Journaled) -> Iterator[str]:
    journal = Journal(journaled.url)
    try:
        with ui_server.serving(journal) as base:
            yield base
    finally:
        journal.close()


@pytest.mark.parametrize("shape", SHAPES, ids=_ids(SHAPES))
def test_dashboard_pages_never_show_a_secret(
    journaled: Journaled, dashboard: str, shape: Shape
) -> None:
    run_id, done = journaled.runs[shape.name]
    pages = {}
    for path in ("/", "/triage", f"/runs/{run_id}", f"/runs/{done}"):
        reply = requests.get(f"{dashboard}{path}", timeout=10)
        assert reply.status_code == 200, (path, reply.text[:500])
        pages[path] = reply.text
    assert run_id in pages["/triage"]  # its STUCK obligation and UNKNOWN effect are listed
    _hidden(shape, *pages.values())


@pytest.mark.parametrize("shape", SHAPES, ids=_ids(SHAPES))
def test_cli_output_never_shows_a_secret(journaled: Journaled, shape: Shape) -> None:
    run_id, done = journaled.runs[shape.name]
    commands = [
        ["inspect", run_id],
        ["inspect", run_id, "--json"],
        ["inspect", run_id, "--raw"],
        ["inspect", done],
        ["inspect", done, "--follow", "--interval", "0.05"],
        ["doctor", "--dump-run", run_id],
        ["doctor", "--dump-run", done, "--json"],
        ["doctor", "--live"],
        ["doctor", "--live", "--json"],
        ["status", "--json"],
        ["tail", "--from-seq", "0", "--run", run_id, "--idle-exit", "0.1"],
        ["tail", "--from-seq", "0", "--run", run_id, "--idle-exit", "0.1", "--raw"],
    ]
    printed = []
    for args in commands:
        result = CliRunner().invoke(
            tape_cli, [*args, "--database-url", journaled.url], catch_exceptions=False
        )
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert result.stdout.strip(), args
        printed.append(result.stdout + result.stderr)
    _hidden(shape, *printed)
