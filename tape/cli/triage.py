"""``tape doctor --live``: the operational triage of a running tape.

Counts what needs attention, shows the rows, and sets the exit code: 2 when an obligation is
STUCK (a human must look), else 3 when an effect has waited longer than the pending threshold
on a connector no worker registers (:mod:`tape.unregistered`: its run waits forever until one
does), else 1 when an effect is UNKNOWN, else 0.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from tape.cli import attention, render
from tape.journal import Journal
from tape.journal import triage as read_model

#: Rows read per category.
LIMIT = 10_000

EXIT_CLEAN = 0
EXIT_UNKNOWN_EFFECT = 1
EXIT_STUCK_OBLIGATION = 2
EXIT_CONNECTOR_MISSING = 3

#: Category -> count above which it is shown in red (0: any is red).
THRESHOLDS = {
    "runs_needing_recovery": 0,
    "runs_stuck": 0,
    "runs_diverged": 0,
    "effects_unknown": 0,
    "effects_pending_old": 0,
    "effects_waiting_on_connector": 0,
    "obligations_stuck": 0,
    "obligations_pending_or_expired": 10,
    "outbox_dispatch_ready": 20,
    "timers_overdue": 5,
}


def triage(journal: Journal, pending_threshold_ms: int) -> dict[str, Any]:
    """The counts and rows of :data:`THRESHOLDS`' categories (the triage read model,
    :mod:`tape.journal.triage`), and the exit code."""
    rows = read_model.read(journal, limit=LIMIT, pending_threshold_ms=pending_threshold_ms)
    too_long = journal.database.now_ms() - pending_threshold_ms
    code = EXIT_CLEAN
    if rows["obligations_stuck"]:
        code = EXIT_STUCK_OBLIGATION
    elif any(
        w["waiting_on_connector"]["since_ms"] <= too_long
        for w in rows["effects_waiting_on_connector"]
    ):
        code = EXIT_CONNECTOR_MISSING
    elif rows["effects_unknown"]:
        code = EXIT_UNKNOWN_EFFECT
    return {
        "counts": {name: len(rows[name]) for name in THRESHOLDS},
        "rows": {name: rows[name] for name in THRESHOLDS},
        "pending_threshold_ms": pending_threshold_ms,
        "exit_code": code,
    }


def render_triage(report: dict[str, Any]) -> Group:
    """The panel of counts, then a table per non-empty category."""
    lines = []
    labels = {
        "runs_needing_recovery": "runs needing recovery",
        "runs_stuck": "runs STUCK",
        "runs_diverged": "runs STUCK on a divergence",
        "effects_unknown": "effects UNKNOWN",
        "effects_pending_old": f"effects PENDING > {report['pending_threshold_ms'] // 1000}s",
        "effects_waiting_on_connector": "effects waiting on an unregistered connector",
        "obligations_stuck": "obligations STUCK",
        "obligations_pending_or_expired": "obligations PENDING/expired",
        "outbox_dispatch_ready": "outbox dispatch-ready",
        "timers_overdue": "timers overdue",
    }
    for name, label in labels.items():
        count = report["counts"][name]
        style = "red" if count > THRESHOLDS[name] else "green"
        lines.append(f"[{style}]{count:>6}[/{style}]  {label}")
    parts: list[Any] = [
        Panel("\n".join(lines), title="tape doctor --live", subtitle="operational triage")
    ]
    rows = report["rows"]
    if rows["runs_needing_recovery"]:
        parts.append(
            render.table(
                "Runs needing recovery",
                ["run_id", "status", "lease_owner", "lease_expires"],
                (
                    [
                        r["run_id"],
                        r["status"],
                        r["lease_owner"] or "-",
                        render.fmt_ms(r["lease_expires_at_ms"]),
                    ]
                    for r in rows["runs_needing_recovery"]
                ),
            )
        )
    effects = rows["effects_unknown"] + rows["effects_pending_old"]
    if effects:
        parts.append(attention.effects_table("Effects UNKNOWN / PENDING too long", effects))
    waits = rows["effects_waiting_on_connector"]
    if waits:
        parts.append(
            render.table(
                "Effects waiting on a connector no worker registers",
                ["run_id", "tool", "connector", "since", "idempotency_key"],
                (
                    [
                        e["run_id"],
                        e["tool_name"],
                        e["waiting_on_connector"]["connector"],
                        render.fmt_ms(e["waiting_on_connector"]["since_ms"]),
                        e["idempotency_key"],
                    ]
                    for e in waits
                ),
            )
        )
        parts.append(Text("\n".join(attention.connector_lines(waits))))
    parts.extend(_needs_a_human(report))
    parts.extend(attention.divergence_views(rows["runs_diverged"]))
    obligations = rows["obligations_stuck"] + rows["obligations_pending_or_expired"]
    if obligations:
        parts.append(
            render.table(
                "Obligations",
                ["run_id", "effect_key", "kind", "status", "attempts", "last_error"],
                (
                    [
                        o["run_id"],
                        o["effect_key"],
                        o["kind"],
                        o["status"],
                        o["attempts"],
                        o["last_error"],
                    ]
                    for o in obligations
                ),
            )
        )
    return Group(*parts)


def _needs_a_human(report: dict[str, Any]) -> list[Text]:
    """The STUCK count and the ``tape resolve`` command per stuck effect (may be none)."""
    human = attention.lines(report["counts"]["runs_stuck"], report["rows"]["effects_unknown"])
    return [Text("\n".join(human))] if human else []
