"""``tape inspect RUN --summary`` / ``--follow`` and ``tape doctor --live --watch``."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from tape import EffectStatus, Journal, RunStatus
from tape.cli import tape as tape_cli
from tape.reactors import reconcile
from tests.support import celery_procs
from tests.support.runs import lost_ack_effect, new_run
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def pg(pg_url: str) -> Iterator[Journal]:
    journal = Journal(pg_url)
    yield journal
    journal.close()


def _stuck(journal: Journal) -> str:
    run_id = new_run(journal)
    lost_ack_effect(journal, run_id, connector="bank.unobservable")
    reconcile.run_once(journal)
    return run_id


def test_summary_is_clean_with_no_unknown_effect_and_exits_1_with_one(
    pg: Journal, pg_url: str
) -> None:
    clean = new_run(pg)
    effect = pg.begin_effect(run_id=clean, decision_index=0, tool_name="note")
    pg.complete_effect(
        run_id=clean, idempotency_key=effect.idempotency_key, status=EffectStatus.CONFIRMED
    )
    ok = CliRunner().invoke(tape_cli, ["inspect", clean, "--summary", "--database-url", pg_url])
    assert ok.exit_code == 0, ok.output
    assert "effects: 1 CONFIRMED" in ok.output and "clean: no effect UNKNOWN" in ok.output
    stuck = _stuck(pg)
    bad = CliRunner().invoke(
        tape_cli, ["inspect", stuck, "--summary", "--json", "--database-url", pg_url]
    )
    assert bad.exit_code == 1, bad.output
    data = json.loads(bad.output)
    assert data["clean"] is False and data["effects_stuck"] == 1 and data["status"] == "STUCK"


def _tape(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tape", *args],
        cwd=celery_procs.REPO_ROOT,
        env=celery_procs.process_env({}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _collect(proc: subprocess.Popen[str], lines: list[str]) -> threading.Thread:
    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_follow_prints_the_journal_as_it_is_written_until_the_run_is_over(
    pg: Journal, pg_url: str
) -> None:
    run_id = new_run(pg)
    proc = _tape("inspect", run_id, "--follow", "--raw", "--database-url", pg_url)
    lines: list[str] = []
    reader = _collect(proc, lines)
    try:
        wait_until(lambda: lines, timeout=20, message="the run's first entry")
        pg.end_run(run_id=run_id, status=RunStatus.TERMINAL, detail_json={"result": "done"})
        assert proc.wait(timeout=20) == 0, proc.stderr.read() if proc.stderr else ""
    finally:
        proc.kill()
    reader.join(timeout=5)
    entries = [json.loads(line) for line in lines]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[-1]["payload"]["status"] == "terminal", entries[-1]


def test_doctor_watch_refreshes_until_ctrl_c_and_exits_with_the_triage_code(
    pg: Journal, pg_url: str
) -> None:
    _stuck(pg)
    proc = _tape("doctor", "--live", "--watch", "--interval", "0.2", "--database-url", pg_url)
    lines: list[str] = []
    reader = _collect(proc, lines)
    try:
        wait_until(lambda: any("operational triage" in line for line in lines), timeout=20)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 1  # an effect UNKNOWN
    finally:
        proc.kill()
    reader.join(timeout=5)
    assert any("effects UNKNOWN" in line for line in lines)
