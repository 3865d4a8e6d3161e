"""Issue 21, item 8 on the dashboard and ``tape resolve``: bad input is a 4xx page or one
line on stderr, never a 500 or a traceback, and the journal is unchanged.

The dashboard is the real ASGI app under uvicorn (tests/support/ui_server.py), over Postgres
and SQLite.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from tape import cli
from tests.integration.test_bad_input import dump, world
from tests.support import ui_server

PATHS = ("/", "/triage", "/runs/no-such-run", "/metrics", "/login")
#: Session cookies no dashboard set: Latin-1, UTF-8 and undecodable bytes.
COOKIES = ("é|abc".encode("latin-1"), "名前|x".encode(), b"\xff\x80|\xfe")


def _get(url: str, cookie: bytes | None = None) -> requests.Response:
    headers: dict[str, Any] = {"Accept": "text/html"}
    if cookie is not None:
        headers["Cookie"] = b"tape_ui_session=" + cookie
    return requests.get(url, headers=headers, timeout=10, allow_redirects=False)


def test_a_non_ascii_session_cookie_is_not_logged_in(journal: Any) -> None:
    token = uuid.uuid4().hex
    with ui_server.serving(journal, token=token) as base:
        for path in PATHS:
            anonymous = _get(base + path)
            assert anonymous.status_code < 500, path
            for cookie in COOKIES:
                reply = _get(base + path, cookie)
                # Exactly what a visitor without a cookie gets (a page, or the login page).
                assert reply.status_code == anonymous.status_code, (path, cookie, reply.text)
                assert reply.headers.get("location") == anonymous.headers.get("location")
        resolve = requests.post(
            f"{base}/triage/resolve",
            data={"kind": "effect", "run_id": "r", "key": "k", "action": "fail"},
            headers={"Cookie": b"tape_ui_session=" + COOKIES[0]},
            timeout=10,
            allow_redirects=False,
        )
    assert resolve.status_code == 403
    assert "log in" in resolve.text


@pytest.mark.parametrize(
    ("seq", "status"),
    [
        ("9" * 19, 400),  # beyond 64 bits
        ("9" * 20, 400),
        ("9" * 5000, 400),  # int() of it would raise ValueError (more than 4300 digits)
        ("²", 400),  # str.isdigit() says yes, int() says no
        ("-1", 400),
        ("", 400),
        ("424242", 404),  # a seq, but no such obligation
    ],
)
def test_a_bad_obligation_seq_on_the_dashboard_is_a_4xx(
    journal: Any, seq: str, status: int
) -> None:
    token = uuid.uuid4().hex
    w = world(journal)
    before = dump(journal)
    with ui_server.serving(journal, token=token) as base:
        reply = requests.post(
            f"{base}/triage/resolve",
            data={"kind": "obligation", "run_id": w["run"], "seq": seq, "action": "compensated"},
            headers={"Authorization": f"Bearer {token}", "X-Tape-Operator": "oncall"},
            timeout=10,
            allow_redirects=False,
        )
    assert reply.status_code == status, reply.text[:300]
    assert "Not resolved" in reply.text
    assert dump(journal) == before


def test_bad_search_input_and_run_ids_on_the_dashboard_are_4xx(journal: Any) -> None:
    token = uuid.uuid4().hex
    world(journal)
    with ui_server.serving(journal, token=token) as base:
        login = requests.Session()
        login.post(f"{base}/login", data={"operator": "bob", "token": token}, timeout=10)
        bad_query = login.get(f"{base}/", params={"q": "a\x00b"}, timeout=10)
        bad_app = login.get(f"{base}/", params={"app": "x" * 300}, timeout=10)
        bad_run = login.get(f"{base}/runs/a%00b", timeout=10)
    assert bad_query.status_code == 400 and "bad filter" in bad_query.text
    assert bad_app.status_code == 400 and "bad filter" in bad_app.text
    assert bad_run.status_code == 404


@pytest.mark.parametrize(
    ("seq", "code", "says"),
    [
        ("9" * 19, 1, "obligation_seq is out of range"),
        ("9" * 5000, 2, "must look like RUN_ID:SEQ"),
        ("²", 2, "must look like RUN_ID:SEQ"),
    ],
)
def test_tape_resolve_with_a_bad_seq_says_so_in_one_line(
    journal: Any, journal_url: str, seq: str, code: int, says: str
) -> None:
    w = world(journal)
    before = dump(journal)

    result = CliRunner().invoke(
        cli.tape,
        [
            "resolve",
            "--obligation",
            f"{w['run']}:{seq}",
            "--compensated",
            "--database-url",
            journal_url,
        ],
        env={"TAPE_OPERATOR": "alice"},
    )

    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)  # no exception escaped: no traceback
    assert result.stderr.startswith("tape: error: ") and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(journal) == before
