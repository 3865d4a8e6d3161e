"""``tape inspect RUN --summary`` / ``--follow`` and ``tape doctor --live --watch``."""

from __future__ import annotations

import _thread
import contextlib
import io
import json
import signal
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from tape import EffectStatus, Journal, RunStatus
from tape.cli import live
from tape.cli import tape as tape_cli
from tape.reactors import reconcile
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


class _Lines(io.StringIO):
    """A stdout whose lines the test can read while another thread writes them."""

    def lines(self) -> list[str]:
        return self.getvalue().splitlines()


def test_follow_prints_the_journal_as_it_is_written_until_the_run_is_over(
    pg: Journal, pg_url: str
) -> None:
    run_id = new_run(pg)
    out = _Lines()
    follower = Journal(pg_url)
    runner = threading.Thread(
        target=lambda: live.follow_run(follower, run_id, raw=True, interval=0.05), daemon=True
    )
    with contextlib.redirect_stdout(out):  # click.echo writes to sys.stdout as it is then
        runner.start()
        wait_until(out.lines, timeout=20, message="the run's first entry")
        pg.end_run(run_id=run_id, status=RunStatus.TERMINAL, detail_json={"result": "done"})
        runner.join(timeout=20)
    follower.close()
    assert not runner.is_alive(), "follow did not stop when the run was over"
    entries = [json.loads(line) for line in out.lines()]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[-1]["payload"]["status"] == "terminal", entries[-1]
    assert len(entries) >= 2


def test_doctor_watch_refreshes_until_ctrl_c_and_exits_with_the_triage_code(
    pg: Journal,
) -> None:
    _stuck(pg)
    out = _Lines()

    def ctrl_c_after_two_refreshes() -> None:
        wait_until(lambda: out.getvalue().count("operational triage") >= 2, timeout=20)
        _thread.interrupt_main()  # what Ctrl-C does: KeyboardInterrupt in the main thread

    helper = threading.Thread(target=ctrl_c_after_two_refreshes, daemon=True)
    # Ctrl-C raises KeyboardInterrupt only where Python's own SIGINT handler is installed, as
    # in a terminal. A test run started in the background by a non-interactive shell inherits
    # SIGINT ignored, and interrupt_main() then does nothing: the watch never stopped and the
    # test hung until its timeout. The handler is this test's precondition, so it sets it.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with contextlib.redirect_stdout(out):
            helper.start()
            code = live.watch_triage(pg, pending_threshold_ms=60_000, interval=0.05)
    finally:
        signal.signal(signal.SIGINT, previous)
    helper.join(timeout=5)
    assert code == 1  # an effect UNKNOWN
    assert out.getvalue().count("effects UNKNOWN") >= 2


def test_doctor_watch_goes_with_live(pg_url: str) -> None:
    result = CliRunner().invoke(tape_cli, ["doctor", "--watch", "--database-url", pg_url])
    assert result.exit_code == 2
    assert "--watch goes with --live" in result.output
