"""Issue 28, item 8: practise the triage loop under a real ``tape dev``.

``docs/triage.md`` is run as written: every ``$ tape ...`` line of its ``console`` blocks, in
order, against a real ``tape dev --bank-fault lookup-down`` (built-in demo, SQLite journal,
filesystem broker, real worker and beat subprocesses) in an empty folder; ``<RUN_ID>`` and
``<KEY>`` stand for the STUCK run and its wire. The one change: ``tape ui`` gets a free
``--port`` (the machine is shared; the page's default is 7880). The dashboard steps the page
describes in prose (log in, response JSON, confirm) are made over HTTP against that real
``tape ui`` subprocess. The fake bank's own counters (``GET /stats``) show one wire per run:
nobody sent a wire again on a guess.

``--bank-fault lost-ack`` and ``timeout`` end CONFIRMED by the reconciler's look, with no human.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tape.enums import EffectStatus, RunStatus
from tape.journal import Journal
from tests.support import ui_server
from tests.support.waiting import wait_until

TAPE = str(Path(sys.executable).parent / "tape")
DOC = Path(__file__).resolve().parents[2] / "docs" / "triage.md"
READY = "Start a run from another shell: tape run pay_invoice"
_STARTED = re.compile(r"✓ worker started \(pid (\d+)\), beat started \(pid (\d+)\)")
_BANK = re.compile(r"✓ fake bank listening on (\S+)")
_RUN = re.compile(r"^run (\S+) started", re.MULTILINE)
ARGS = "--arg account=ACME-001 --arg amount=40 --arg date=2026-01-31"

pytestmark = pytest.mark.slow


def doc_commands() -> list[str]:
    """The ``$ `` lines of the page's ``console`` blocks, in order."""
    commands, inside = [], False
    for line in DOC.read_text().splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if inside and line.startswith("$ "):
            commands.append(line[2:])
    return commands


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAPE_")}
    # `tape` on the PATH, as in a shell with this venv activated.
    path = os.pathsep.join([str(Path(TAPE).parent), env.get("PATH", "")])
    env.update(PATH=path, PYTHONUNBUFFERED="1", TAPE_OPERATOR="alice")
    return env


class Dev:
    """A ``tape dev`` subprocess in ``folder``, its output in a file."""

    def __init__(self, folder: Path, args: list[str]) -> None:
        self.folder = folder
        self.out = folder / "tape-dev.out"
        with self.out.open("wb") as sink:
            self.proc = subprocess.Popen(
                [TAPE, *args], cwd=folder, env=_env(), stdout=sink, stderr=subprocess.STDOUT
            )

    def output(self) -> str:
        return self.out.read_text(errors="replace")

    def detail(self) -> str:
        log = self.folder / ".tape" / "logs" / "worker.log"
        worker = log.read_text(errors="replace")[-6000:] if log.exists() else ""
        return f"{self.output()}\n--- worker.log ---\n{worker}"

    def ready(self) -> None:
        wait_until(lambda: READY in self.output(), timeout=120, message=self.detail)

    def bank_stats(self) -> dict[str, Any]:
        found = _BANK.search(self.output())
        assert found, self.output()
        stats: dict[str, Any] = requests.get(found[1] + "/stats", timeout=10).json()
        return stats

    def stop(self) -> None:
        """Ctrl-C; its worker and beat (started for this test, by pid) are killed at once."""
        self.proc.send_signal(signal.SIGINT)
        started = _STARTED.search(self.output())
        if started is not None:
            for pid in (int(started[1]), int(started[2])):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)
        self.proc.wait(timeout=60)


@contextlib.contextmanager
def tape_dev(folder: Path, args: list[str]) -> Iterator[Dev]:
    dev = Dev(folder, args)
    try:
        dev.ready()
        yield dev
    finally:
        dev.stop()


def _run(folder: Path, command: str, env: dict[str, str] | None = None) -> Any:
    return subprocess.run(
        shlex.split(command),
        cwd=folder,
        env=env or _env(),
        capture_output=True,
        text=True,
        timeout=180,
    )


def _journal(folder: Path) -> Journal:
    return Journal(f"sqlite:///{folder / '.tape' / 'dev.db'}")


def _settled(dev: Dev, run_id: str, key: str) -> Any:
    """The run's wire once the run is TERMINAL (re-driven after the operator settled it)."""
    with _journal(dev.folder) as journal:
        wait_until(
            lambda: journal.get_run(run_id=run_id).status == RunStatus.TERMINAL,
            timeout=60,
            message=dev.detail,
        )
        effect = journal.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None
    return effect


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_docs_triage_walkthrough_runs_as_written(tmp_path: Path) -> None:
    commands = doc_commands()
    assert commands[0] == "tape dev --bank-fault lookup-down", commands
    subcommands = [[w for w in c.split() if "=" not in w][1] for c in commands[1:]]
    assert subcommands == [
        "run",
        "status",
        "doctor",
        "inspect",
        "resolve",
        "inspect",
        "run",
        "ui",
    ], commands
    folder = tmp_path / "practise"
    folder.mkdir()
    with tape_dev(folder, shlex.split(commands[0])[1:]) as dev:
        out = dev.output()
        assert "! bank fault lookup-down: the bank books every wire and drops the answer" in out
        assert "✓ run lease 5s (tape dev's default; production's default is 60s)" in out

        stuck = _run(folder, commands[1])
        assert stuck.returncode == 1, stuck.stdout + stuck.stderr + dev.detail()
        run_id = _RUN.search(stuck.stdout)[1]  # type: ignore[index]
        assert f"run {run_id} STUCK" in stuck.stdout
        key = f"{run_id}/decision-0/wire_money/0"

        def fill(command: str) -> str:
            return command.replace("<RUN_ID>", run_id).replace("<KEY>", key)

        status = _run(folder, commands[2])
        assert status.returncode == 0, status.stderr
        for shown in (
            "UNKNOWN (stuck)",
            "amount 1250",
            "business key ACME-001:INV-1",
            "last error: connection_reset (ConnectionError)",
            'inconclusive reply (HTTP 503): {"error": "lookup unavailable"}',
            f"tape resolve {key} --confirm",
        ):
            assert shown in status.stdout, (shown, status.stdout)
        assert re.search(r"last look: stuck at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", status.stdout)

        doctor = _run(folder, commands[3])
        assert doctor.returncode == 1, doctor.stdout + doctor.stderr  # an effect UNKNOWN
        assert "amount 1250" in doctor.stdout and "lookup unavailable" in doctor.stdout

        inspected = _run(folder, fill(commands[4]))
        assert inspected.returncode == 0, inspected.stderr
        assert "status=STUCK" in inspected.stdout and "ended=-" in inspected.stdout

        resolved = _run(folder, fill(commands[5]))
        assert resolved.returncode == 0, resolved.stdout + resolved.stderr
        assert f"effect {key} is CONFIRMED (confirm, by alice)" in resolved.stdout

        effect = _settled(dev, run_id, key)
        assert effect.status == EffectStatus.CONFIRMED and effect.external_ref == "wire-1"
        done = _run(folder, fill(commands[6]))
        assert "status=TERMINAL" in done.stdout and "ended=-" not in done.stdout, done.stdout

        second = _run(folder, commands[7])
        assert second.returncode == 1 and "STUCK" in second.stdout, second.stdout
        second_run = _RUN.search(second.stdout)[1]  # type: ignore[index]
        second_key = f"{second_run}/decision-0/wire_money/0"

        variable, _, ui_command = commands[8].partition(" ")
        name, _, token = variable.partition("=")
        assert name == "TAPE_UI_TOKEN", commands[8]
        port = _free_port()
        ui_log = tmp_path / "tape-ui.out"
        with ui_log.open("wb") as sink:
            ui = subprocess.Popen(
                [*shlex.split(ui_command), "--port", str(port)],
                cwd=folder,
                env={**_env(), name: token},
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        try:
            base = f"http://127.0.0.1:{port}"

            def up() -> bool:
                try:
                    return requests.get(base + "/healthz", timeout=2).ok
                except requests.ConnectionError:
                    return False

            wait_until(up, timeout=30, message=lambda: ui_log.read_text(errors="replace"))
            _resolve_in_the_dashboard(base, token, second_run, second_key)
        finally:
            ui.send_signal(signal.SIGINT)
            ui.wait(timeout=30)
        effect = _settled(dev, second_run, second_key)
        assert effect.status == EffectStatus.CONFIRMED and effect.external_ref == "wire-2"
        assert effect.response == {"external_ref": "wire-2", "status": "booked"}
        # One wire per run reached the bank: nothing was sent again on a guess.
        assert dev.bank_stats()["total"] == 2


def _resolve_in_the_dashboard(base: str, token: str, run_id: str, key: str) -> None:
    session, csrf = ui_server.login(base, token)
    page = session.get(f"{base}/triage", timeout=10).text
    row = page.split(f'data-key="{key}"')[1].split("</tr>")[0]
    assert "990" in row and "ACME-001:INV-2" in row and "lookup unavailable" in row, row
    form = {
        "csrf": csrf,
        "kind": "effect",
        "run_id": run_id,
        "key": key,
        "action": "confirm",
        "note": "wire-2 on the statement",
        "external_ref": "wire-2",
    }
    bad = session.post(f"{base}/triage/resolve", data={**form, "response": "{booked"}, timeout=10)
    assert bad.status_code == 400 and "response is not JSON" in bad.text, bad.text
    response = json.dumps({"external_ref": "wire-2", "status": "booked"})
    asked = session.post(f"{base}/triage/resolve", data={**form, "response": response}, timeout=10)
    assert asked.status_code == 200 and 'id="confirm-button"' in asked.text, asked.text
    assert "990" in asked.text and "wire-2" in asked.text
    done = session.post(
        f"{base}/triage/resolve",
        data={**form, "response": response, "confirm": "yes"},
        timeout=10,
    )
    assert done.status_code == 200 and 'id="message"' in done.text, done.text
    assert f"effect {key} is CONFIRMED (confirm, by alice)" in done.text


@pytest.mark.parametrize("fault", ["lost-ack", "timeout"])
def test_a_lost_or_late_answer_is_reconciled_without_a_human(tmp_path: Path, fault: str) -> None:
    folder = tmp_path / fault
    folder.mkdir()
    with tape_dev(folder, ["dev", "--bank-fault", fault]) as dev:
        ran = _run(folder, f"tape run pay_invoice --arg invoice=INV-{fault} {ARGS} --wait")
        assert ran.returncode == 0, ran.stdout + ran.stderr + dev.detail()
        run_id = _RUN.search(ran.stdout)[1]  # type: ignore[index]
        assert f"run {run_id} TERMINAL" in ran.stdout
        key = f"{run_id}/decision-0/wire_money/0"
        with _journal(folder) as journal:
            effect = journal.get_effect(run_id=run_id, idempotency_key=key)
            assert effect is not None and effect.status == EffectStatus.CONFIRMED
            moves = [
                e.payload.get("transition")
                for e in journal.read_journal(run_id=run_id, kind="effect", limit=100)
                if e.payload.get("idempotency_key") == key
            ]
        assert "observed-confirmed" in moves, moves  # the reconciler's look, not a human
        assert "operator-resolved" not in moves
        assert dev.bank_stats()["total"] == 1
