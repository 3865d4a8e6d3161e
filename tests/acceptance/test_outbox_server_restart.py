"""``python -m tape.reactors.outbox --url tape://...`` rides out its ``tape server`` dying.

A real ``tape server`` process on a fixed port and a real dispatcher process draining the
``log`` connector through it, on Postgres. The server is SIGKILLed: the dispatcher says so on
stderr and keeps passing instead of exiting; the server comes back on the same port, and an
effect journaled meanwhile is dispatched once. (``make soak`` does the same under load.)
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tape import EffectStatus, Journal
from tests.support import celery_procs, tape_server
from tests.support.outbox_effects import new_run, outbox_effect
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _confirmed(journal: Journal, run_id: str, key: str) -> bool:
    effect = journal.get_effect(run_id=run_id, idempotency_key=key)
    return effect is not None and effect.status == EffectStatus.CONFIRMED


def test_the_dispatcher_keeps_passing_while_its_server_is_down(
    pg_url: str, pg_journal: Journal, tmp_path: Path
) -> None:
    listen = f"127.0.0.1:{_free_port()}"
    sent, err = tmp_path / "sent.jsonl", tmp_path / "dispatcher.err"
    server = tape_server.start_process(pg_url, tmp_path / "server-1.log", listen=listen)
    errors = err.open("w")
    dispatcher = subprocess.Popen(
        [
            *(sys.executable, "-m", "tape.reactors.outbox", "--url", f"tape://{listen}"),
            *("--connector", "log", "--register-log-connector", "--log-connector-path", str(sent)),
            *("--interval", "100"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=errors,
        env=celery_procs.process_env({}),
    )
    try:
        run_id = new_run(pg_journal)
        first = outbox_effect(pg_journal, run_id, 0, connector="log").idempotency_key
        wait_until(lambda: _confirmed(pg_journal, run_id, first), timeout=30, message="first")

        server.process.kill()
        server.process.wait(10)
        wait_until(
            lambda: "server unavailable, passing again" in err.read_text(),
            timeout=30,
            message="the dispatcher noticing its server is gone",
        )
        second = outbox_effect(pg_journal, run_id, 1, connector="log").idempotency_key
        assert dispatcher.poll() is None, err.read_text()

        server = tape_server.start_process(pg_url, tmp_path / "server-2.log", listen=listen)
        wait_until(lambda: _confirmed(pg_journal, run_id, second), timeout=30, message="second")
        assert dispatcher.poll() is None, err.read_text()
    finally:
        dispatcher.terminate()
        dispatcher.wait(10)
        errors.close()
        server.stop()
    keys = [json.loads(line)["idempotency_key"] for line in sent.read_text().splitlines()]
    assert sorted(keys) == sorted([first, second])  # each sent once
