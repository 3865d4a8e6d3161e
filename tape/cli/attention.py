"""What needs a human, as ``tape status`` and ``tape doctor --live`` print it: STUCK runs
counted, stuck effects marked, and the ``tape resolve`` command that settles each one with what
an operator decides with (amount, business key, last error, the reconciler's last look: the
rows of the triage read model, :mod:`tape.journal.triage`, which the dashboard and ``/metrics``
read too); effects waiting on a connector no worker registers (:mod:`tape.unregistered`), one
line per connector.

Kept apart from the commands' tables so the lines read the same in both, and so the
commands can grow other views (watch, summary) without touching these.
"""

from __future__ import annotations

import shlex
from typing import Any

from tape import unregistered
from tape.cli import render
from tape.cli.resolve import run_of
from tape.enums import EffectStatus
from tape.journal import Journal, divergence, triage

#: STUCK runs counted (a journal with more says "10000+").
LIMIT = 10_000
RESOLVE_ACTIONS = "--confirm | --absent | --fail | --compensate"


def stuck_runs(journal: Journal) -> list[dict[str, Any]]:
    """The STUCK runs (newest first), as the triage read model shows them."""
    return triage.read(journal, limit=LIMIT, categories=["runs_stuck"])["runs_stuck"]


def request_cell(effect: dict[str, Any]) -> str:
    """What the effect asks: its amount when the request has one, else the request on one
    short line (both redacted by the read model)."""
    return str(effect.get("amount") or effect.get("request_summary") or "-")


def observation_cell(effect: dict[str, Any]) -> str:
    """The reconciler's last look: ``stuck by connector at <time>: <why>``, or ``-``."""
    return triage.observation_text(effect.get("last_observation")) or "-"


def effects_table(title: str, effects: list[dict[str, Any]]) -> Any:
    """The triage table of effects: what each asks (amount), its business key, its last
    error and the reconciler's last look (the triage read model's rows). Keys are never
    folded: they are copied into ``tape resolve``."""
    table = render.table(
        title,
        [
            "idempotency_key",
            "tool",
            "status",
            "amount / request",
            "business_key",
            "connector",
            "attempts",
            "last_error",
            "last_observation",
        ],
        (
            [
                e["idempotency_key"],
                e["tool_name"],
                status_cell(e),
                request_cell(e),
                e.get("business_key") or "-",
                e.get("connector") or "-",
                e.get("dispatch_attempts", 0),
                e.get("last_error") or "-",
                observation_cell(e),
            ]
            for e in effects
        ),
    )
    widest = max((len(render.text(e["idempotency_key"])) for e in effects), default=0)
    table.columns[0].min_width = widest
    return table


def status_cell(effect: dict[str, Any]) -> str:
    """``UNKNOWN (stuck)``, ``PENDING (waiting: connector X not registered in any worker)``,
    or the bare status."""
    wait = effect.get("waiting_on_connector")
    if wait:
        return f"{effect['status']} ({unregistered.describe(wait['connector'])})"
    return effect_status(effect["status"], is_stuck(effect))


def effect_status(status: str, stuck: bool) -> str:
    """An effect's status cell: ``UNKNOWN (stuck)`` for one only a human can settle."""
    return f"{status} (stuck)" if stuck else status


def is_stuck(effect: dict[str, Any]) -> bool:
    """Whether an effect (a record dict or a ``tape status`` row) is UNKNOWN and stuck."""
    status = effect.get("status")
    unknown = status in (EffectStatus.UNKNOWN.name, EffectStatus.UNKNOWN)
    return bool(unknown and (effect.get("stuck") or effect.get("stuck_at_ms")))


def resolve_command(run_id: str, idempotency_key: str) -> str:
    """The ``tape resolve`` line for a stuck effect (``--run`` for a custom key); the key and
    run id are shell-quoted, so a journaled key never makes the line run something else."""
    run = "" if run_of(idempotency_key) == run_id else f" --run {shlex.quote(run_id)}"
    return f"tape resolve {shlex.quote(idempotency_key)}{run} {RESOLVE_ACTIONS}"


def lines(runs_stuck: int, effects: list[dict[str, Any]]) -> list[str]:
    """The "needs a human" lines: the STUCK count, then one resolve command per stuck effect
    (journaled keys and run ids shown through :func:`tape.cli.render.text`)."""
    stuck = [e for e in effects if is_stuck(e)]
    if not runs_stuck and not stuck:
        return []
    noun = "run" if runs_stuck == 1 else "runs"
    out = [f"{runs_stuck} {noun} STUCK, {len(stuck)} stuck effect(s): settle each with"]
    for effect in stuck:
        key = effect.get("idempotency_key", "")
        out.append("  " + render.text(resolve_command(str(effect.get("run_id", "")), str(key))))
        out.append("    " + render.text(facts(effect)))
    if runs_stuck and not stuck:
        out.append("  (no stuck effect: see `tape doctor --live` for STUCK obligations)")
    out.append("  (--confirm takes --response JSON / --external-ref REF: what the upstream shows)")
    return out


def facts(effect: dict[str, Any]) -> str:
    """One line of what an operator decides with: the tool, what it asks (amount), its
    business key, its last error and the reconciler's last look."""
    parts = [
        str(effect.get("tool_name") or effect.get("tool") or "?"),
        f"amount {effect['amount']}" if effect.get("amount") else request_cell(effect),
    ]
    if effect.get("business_key"):
        parts.append(f"business key {effect['business_key']}")
    if effect.get("last_error"):
        parts.append(f"last error: {effect['last_error']}")
    parts.append(f"last look: {observation_cell(effect)}")
    return " · ".join(parts)


def diverged_runs(journal: Journal) -> list[dict[str, Any]]:
    """The runs STUCK on a divergence, each with where, the diff and its resolve command
    (:func:`tape.journal.divergence.summary`)."""
    return divergence.diverged(journal, LIMIT)


def divergence_views(diverged: list[dict[str, Any]]) -> list[Any]:
    """One table per run STUCK on a divergence (the diff, path by path), then its resolve
    command. Journaled text is shown literally: a request holding ``[red]`` prints as written."""
    parts: list[Any] = []
    for item in diverged:
        parts.append(
            render.literal(
                f"Run {item['run_id']} ({item['app_name']}) STUCK on a divergence: {item['where']}"
            )
        )
        parts.append(
            render.table(
                "Divergence: what was recorded, what is asked now",
                ["path", "recorded", "asked now"],
                (
                    [
                        str(d.get("path", "")) or "(whole request)",
                        render.compact(d.get("recorded"), 80),
                        render.compact(d.get("asked"), 80),
                    ]
                    for d in item["diff"]
                ),
            )
        )
        parts.append(render.literal(f"  resolve with: {item['resolve']}"))
    return parts


def connector_lines(effects: list[dict[str, Any]]) -> list[str]:
    """One "waiting: connector X not registered in any worker" line per connector, over rows
    that carry ``waiting_on_connector`` (a :func:`connector_wait` or None), then how to fix."""
    waits: dict[str, list[dict[str, Any]]] = {}
    for effect in effects:
        wait = effect.get("waiting_on_connector")
        if wait:
            waits.setdefault(str(wait["connector"]), []).append(effect)
    out = []
    for connector, items in sorted(waits.items()):
        since = min(int(e["waiting_on_connector"]["since_ms"]) for e in items)
        out.append(
            render.text(
                f"{unregistered.describe(connector)}: {len(items)} effect(s) since "
                f"{render.fmt_ms(since)}, e.g. {items[0].get('idempotency_key', '')}"
            )
        )
    if out:
        out.append(f"  ({unregistered.HOW_TO_REGISTER})")
    return out
