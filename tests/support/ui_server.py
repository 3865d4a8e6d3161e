"""A real ``tape ui`` server (uvicorn) on a free loopback port, in a thread of the test."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Iterator

import requests
import uvicorn

from tape.journal import Journal
from tape.ui import create_app
from tests.support.waiting import wait_until


@contextlib.contextmanager
def serving(
    journal: Journal, *, token: str = "", refresh_s: float = 3, public_reads: bool = False
) -> Iterator[str]:
    """Serve the dashboard over ``journal``; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(journal, token=token, refresh_s=refresh_s, public_reads=public_reads),
        log_config=None,
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        wait_until(lambda: server.started, timeout=15, interval=0.05, message="tape ui started")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def login(base: str, token: str, operator: str = "alice") -> tuple[requests.Session, str]:
    """A session logged in to the dashboard at ``base`` as ``operator``, and the CSRF value of
    its triage page's forms ("" when the page has nothing to resolve)."""
    session = requests.Session()
    done = session.post(
        f"{base}/login", data={"operator": operator, "token": token}, allow_redirects=False
    )
    assert done.status_code == 303, done.text
    page = session.get(f"{base}/triage", timeout=10).text
    found = re.search(r'name="csrf" value="([^"]*)"', page)
    return session, found[1] if found else ""
