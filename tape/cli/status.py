"""``tape status``: recent runs, runs needing recovery, effects not yet settled, and what
needs a human (STUCK runs counted, stuck effects marked, the ``tape resolve`` command for each;
runs STUCK on a divergence with their diff and ``tape resolve-divergence`` command:
:mod:`tape.cli.attention`). Run ids and effect keys are shown in full, to be copied.

``--follow`` redraws every ``--interval`` seconds until Ctrl-C (with ``--json``: one JSON
document per line per refresh).
"""

from __future__ import annotations

import time
from typing import Any

import click
from rich.console import Group
from rich.live import Live
from rich.text import Text

from tape.cli import attention, database_url_option, errors_to_exit, render
from tape.journal import Journal, triage


def snapshot(journal: Journal, limit: int) -> dict[str, Any]:
    """What ``tape status`` shows, as plain data."""
    runs = []
    for run in journal.list_runs(limit=limit):
        effects = journal.list_effects(run_id=run.run_id)
        runs.append(
            {
                "run_id": run.run_id,
                "app_name": run.app_name,
                "status": run.status.name,
                "decisions": journal.count_decisions(run_id=run.run_id),
                "effects": len(effects),
                "lease_owner": run.lease_owner,
                "lease_expires_at_ms": run.lease_expires_at_ms,
                "started_at_ms": run.started_at_ms,
                # A STUCK run waits for a human: it has not ended (the read model's rule).
                "ended_at_ms": triage.run_row(run)["ended_at_ms"],
            }
        )
    recover = [
        {
            "run_id": run.run_id,
            "status": run.status.name,
            "lease_owner": run.lease_owner,
            "lease_expires_at_ms": run.lease_expires_at_ms,
        }
        for run in journal.list_runs_to_recover(limit=limit)
    ]
    # The triage read model's rows: what each asks (amount), business key, last error and
    # the reconciler's last look, the same as `tape doctor --live` and the dashboard show.
    unsettled = triage.effect_rows(journal, journal.list_pending_effects(limit=limit))
    for effect in unsettled:
        effect["tool"] = effect["tool_name"]
        if effect["stuck"]:
            effect["resolve"] = attention.resolve_command(
                effect["run_id"], effect["idempotency_key"]
            )
    return {
        "runs": runs,
        "runs_needing_recovery": recover,
        "effects_unsettled": unsettled,
        "runs_stuck": len(attention.stuck_runs(journal)),
        "runs_diverged": attention.diverged_runs(journal),
    }


def _tables(data: dict[str, Any]) -> Group:
    runs = render.table(
        "Runs",
        ["run_id", "app", "status", "decisions", "effects", "lease_owner", "started"],
        (
            [
                r["run_id"],
                r["app_name"],
                r["status"],
                r["decisions"],
                r["effects"],
                r["lease_owner"] or "-",
                render.fmt_ms(r["started_at_ms"]),
            ]
            for r in data["runs"]
        ),
    )
    recover = render.table(
        "Runs needing recovery",
        ["run_id", "status", "lease_owner", "lease_expires"],
        (
            [
                r["run_id"],
                r["status"],
                r["lease_owner"] or "-",
                render.fmt_ms(r["lease_expires_at_ms"]),
            ]
            for r in data["runs_needing_recovery"]
        ),
    )
    effects = attention.effects_table("Effects (PENDING/UNKNOWN)", data["effects_unsettled"])
    human = attention.lines(data["runs_stuck"], data["effects_unsettled"])
    human += attention.connector_lines(data["effects_unsettled"])
    diverged = attention.divergence_views(data.get("runs_diverged", []))
    return Group(runs, recover, effects, *([Text("\n".join(human))] if human else []), *diverged)


@click.command("status")
@database_url_option
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("-f", "--follow", is_flag=True, help="Refresh until Ctrl-C.")
@click.option("--interval", default=1.0, show_default=True, type=click.FloatRange(min=0.1))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(database_url: str, limit: int, follow: bool, interval: float, as_json: bool) -> None:
    """Recent runs, runs needing recovery, and effects not yet settled."""
    with errors_to_exit(database_url):
        journal = render.open_journal(database_url)
        try:
            if not follow:
                data = snapshot(journal, limit)
                if as_json:
                    render.echo_json(data)
                else:
                    render.console().print(_tables(data))
                return
            try:
                if as_json:
                    while True:
                        render.echo_json(snapshot(journal, limit))
                        time.sleep(interval)
                with Live(
                    _tables(snapshot(journal, limit)), console=render.console(), auto_refresh=False
                ) as live:
                    while True:
                        time.sleep(interval)
                        live.update(_tables(snapshot(journal, limit)), refresh=True)
            except KeyboardInterrupt:
                return
        finally:
            journal.close()
