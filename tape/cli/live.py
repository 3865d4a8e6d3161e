"""The live and summary views of the operator commands, kept apart from their snapshots:

- ``tape doctor --live --watch``: the triage redrawn every ``--interval`` seconds until Ctrl-C
  (exit code: the last triage's); piped, each refresh is printed after the last;
- ``tape inspect RUN --summary``: one run's counts, exit 1 when an effect is UNKNOWN;
- ``tape inspect RUN --follow``: the run's journal printed as it is written, until the run is
  over (TERMINAL, FAILED, CANCELLED) or Ctrl-C.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

import click
from rich.console import Group
from rich.live import Live
from rich.text import Text

from tape import state
from tape.cli import render, triage
from tape.enums import EffectStatus
from tape.journal import Journal

EXIT_UNKNOWN = 1
#: Journal rows read per poll while following.
FOLLOW_PAGE = 500


def watch_triage(journal: Journal, pending_threshold_ms: int, interval: float) -> int:
    """Redraw the triage until Ctrl-C; returns the last report's exit code."""
    report = triage.triage(journal, pending_threshold_ms)

    def view() -> Group:
        stamp = Text(f"refreshed {render.fmt_ms(journal.database.now_ms())} · Ctrl-C stops")
        return Group(triage.render_triage(report), stamp)

    console = render.console()
    try:
        if not console.is_terminal:  # piped: one full triage per refresh, one after another
            while True:
                console.print(view())
                console.file.flush()
                time.sleep(interval)
                report = triage.triage(journal, pending_threshold_ms)
        with Live(view(), console=console, auto_refresh=False) as live:
            while True:
                time.sleep(interval)
                report = triage.triage(journal, pending_threshold_ms)
                live.update(view(), refresh=True)
    except KeyboardInterrupt:
        pass
    return int(report["exit_code"])


def run_summary(journal: Journal, run_id: str) -> dict[str, Any]:
    """One run's counts, and ``clean`` (no effect UNKNOWN).

    Raises:
        RunNotFound: no such run.
    """
    run = journal.get_run(run_id=run_id)
    effects = journal.list_effects(run_id=run_id)
    obligations = journal.list_obligations(run_id=run_id)
    unknown = [e for e in effects if e.status == EffectStatus.UNKNOWN]
    return {
        "run_id": run.run_id,
        "app_name": run.app_name,
        "status": run.status.name,
        "decisions": journal.count_decisions(run_id=run_id),
        "effects": dict(Counter(e.status.name for e in effects)),
        "effects_stuck": sum(1 for e in unknown if e.stuck_at_ms),
        "obligations": dict(Counter(o.status.name for o in obligations)),
        "journal_entries": run.seq_cursor,
        "unknown": [e.idempotency_key for e in unknown],
        "clean": not unknown,
    }


def print_summary(summary: dict[str, Any], as_json: bool) -> int:
    """Print :func:`run_summary`'s data; returns the exit code (1 when an effect is UNKNOWN)."""
    if as_json:
        render.echo_json(summary)
    else:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(summary["effects"].items())) or "none"
        obligations = ", ".join(f"{n} {s}" for s, n in sorted(summary["obligations"].items()))
        run, app = render.text(summary["run_id"]), render.text(summary["app_name"])
        click.echo(f"run {run} ({app}) is {summary['status']}")
        click.echo(f"  decisions: {summary['decisions']}")
        click.echo(f"  effects: {counts}")
        click.echo(f"  obligations: {obligations or 'none'}")
        click.echo(f"  journal entries: {summary['journal_entries']}")
        if summary["clean"]:
            click.echo("clean: no effect UNKNOWN")
        else:
            click.echo(
                f"UNKNOWN: {len(summary['unknown'])} effect(s), {summary['effects_stuck']} stuck:"
            )
            for key in summary["unknown"]:
                click.echo(f"  {render.text(key)}")
    return 0 if summary["clean"] else EXIT_UNKNOWN


def follow_run(
    journal: Journal, run_id: str, *, raw: bool, interval: float, from_seq: int = 0
) -> None:
    """Print the run's journal entries as they are written, from ``from_seq``, until the run
    is over and nothing more is left to read, or Ctrl-C.

    Raises:
        RunNotFound: no such run.
    """
    journal.get_run(run_id=run_id)
    next_seq = from_seq
    try:
        while True:
            over = journal.get_run(run_id=run_id).status in state.RUN_FINAL
            entries = journal.read_journal(run_id=run_id, from_seq=next_seq, limit=FOLLOW_PAGE)
            for entry in sorted(entries, key=lambda e: e.seq):
                click.echo(_entry_line(entry, raw))
                next_seq = max(next_seq, entry.seq + 1)
            if len(entries) < FOLLOW_PAGE and over:
                return
            if len(entries) < FOLLOW_PAGE:
                time.sleep(interval)
    except KeyboardInterrupt:
        return


def _entry_line(entry: Any, raw: bool) -> str:
    data = render.record_dict(entry)
    if raw:
        return json.dumps(data, default=str)
    payload = render.text(render.compact(data.get("payload"), limit=120))
    kind, subject = render.text(entry.kind), render.text(entry.subject)
    return f"{entry.seq:>5} {render.fmt_ms(entry.ts_ms)} {kind:<10} {subject} {payload}"
