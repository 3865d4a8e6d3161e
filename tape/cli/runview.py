"""One run, everything the journal holds about it: shared by ``tape inspect RUN_ID`` and
``tape doctor --dump-run RUN_ID``.

:func:`run_dump` reads it as plain data (the ``--json`` output); :func:`render_dump` draws it.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from tape import errors
from tape.cli import attention, render
from tape.journal import Journal, divergence, triage

#: Journal entries read for one run (a run with more is shown truncated, and says so).
MAX_ENTRIES = 10_000


def run_dump(journal: Journal, run_id: str) -> dict[str, Any]:
    """The run, its decisions, effects, obligations, budget, journal and lease history.

    Raises:
        RunNotFound: no such run.
    """
    run = journal.get_run(run_id=run_id)
    decisions = []
    for index in range(journal.count_decisions(run_id=run_id)):
        decision = journal.get_decision(run_id=run_id, decision_index=index)
        if decision is not None:
            decisions.append(render.record_dict(decision))
    entries = journal.read_journal(run_id=run_id, limit=MAX_ENTRIES)
    entries.sort(key=lambda e: e.seq)
    rows = [render.record_dict(e) for e in entries]  # payloads redacted
    leases = [
        {"seq": e["seq"], "ts_ms": e["ts_ms"], **e["payload"]}
        for e in rows
        if e["kind"] == "run" and isinstance(e["payload"], dict)
    ]
    return {
        "run": triage.run_row(run),  # no end time unless it is over
        "decisions": decisions,
        "effects": [render.record_dict(e) for e in journal.list_effects(run_id=run_id)],
        "obligations": [render.record_dict(o) for o in journal.list_obligations(run_id=run_id)],
        "budget": render.record_dict(journal.get_budget(run_id=run_id)),
        "lease_history": leases,
        "reused": reused_effects(rows),
        "divergence": divergence.summary(run),
        "tree": run_tree(journal, run_id),
        "journal": rows,
        "truncated": len(entries) >= MAX_ENTRIES,
    }


def run_tree(journal: Journal, run_id: str) -> dict[str, Any] | None:
    """How the run composes (parent, children, forks, pending deadline), or None from a
    tape server older than its ``RunTree`` RPC."""
    try:
        return journal.run_tree(run_id=run_id)
    except errors.RemoteError:
        return None


def _tree_table(tree: dict[str, Any]) -> Any:
    rows: list[list[Any]] = []
    if tree.get("parent"):
        rows.append([tree["parent"]["kind"] + " of", tree["parent"]["run_id"], "-"])
    rows += [["child", c["run_id"], c["status"]] for c in tree.get("children", [])]
    rows += [["fork", f["run_id"], f["status"]] for f in tree.get("forks", [])]
    if tree.get("deadline_at_ms"):
        rows.append(["deadline", render.fmt_ms(tree["deadline_at_ms"]), "pending"])
    return render.table("Composed runs (newest first)", ["link", "run", "status"], rows)


def reused_effects(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The run's reuse rows (:mod:`tape.store.reuse`): effects it got from another run with
    the same (connector, business key), and runs that got one of its effects.

    Args:
        rows: the run's journal entries as :func:`tape.cli.render.record_dict` gives them.
    """
    return [
        {"seq": e["seq"], **e["payload"]}
        for e in rows
        if e["kind"] == "effect"
        and isinstance(e["payload"], dict)
        and e["payload"].get("transition") in ("reused", "reused-by")
    ]


def _input_and_result(run: dict[str, Any]) -> Text:
    """The run's input and how it ended (``{"result": ...}`` or the error), one line each."""
    detail = run.get("detail")
    lines = Text(f"input:  {render.text(render.compact(run.get('input'), 200))}")
    if isinstance(detail, dict) and "result" in detail:
        lines.append(f"\nresult: {render.text(render.compact(detail['result'], 200))}")
    elif detail:
        lines.append(f"\ndetail: {render.text(render.compact(detail, 200))}")
    return lines


def _reused_table(reused: list[dict[str, Any]]) -> Any:
    return render.table(
        "Reused effects (same connector + business key as another run)",
        ["seq", "tool", "this run's key", "", "run", "effect key"],
        (
            [
                r["seq"],
                r.get("tool", "-"),
                r.get("idempotency_key", "-") if r["transition"] == "reused" else "-",
                "from" if r["transition"] == "reused" else "reused by",
                r.get("reused_from_run") or r.get("reused_by_run", "-"),
                r.get("reused_effect_key") or r.get("reused_by_key", "-"),
            ]
            for r in reused
        ),
    )


def render_dump(dump: dict[str, Any]) -> Group:
    """Rich tables for :func:`run_dump`'s data."""
    run = dump["run"]
    shown = render.text
    header = Text.assemble(
        ("RUN ", "bold"),
        (shown(run["run_id"]), "bold cyan"),
        f"  app={shown(run['app_name'])} status=",
        (run["status"], "bold"),
        f" seq={run['seq_cursor']} epoch={run['lease_epoch']}"
        f" owner={shown(run['lease_owner'] or '-')} redrives={run['redrive_count']}"
        f" started={render.fmt_ms(run['started_at_ms'])} ended={render.fmt_ms(run['ended_at_ms'])}",
    )
    decisions = render.table(
        "Decisions",
        ["index", "seq", "model", "request", "response"],
        (
            [
                d["decision_index"],
                d["seq"],
                d["model"],
                render.compact(d["request"]),
                render.compact(d["response"]),
            ]
            for d in dump["decisions"]
        ),
    )
    effects = render.table(
        "Effects",
        ["seq", "tool", "status", "semantics", "mode", "connector", "business_key", "response"],
        (
            [
                e["seq"],
                e["tool_name"],
                e["status"],
                e["semantics"],
                e["dispatch_mode"],
                e["connector"] or "-",
                e["business_key"] or "-",
                render.compact(e["response"]) if e["response"] is not None else "-",
            ]
            for e in dump["effects"]
        ),
    )
    obligations = render.table(
        "Obligations",
        ["seq", "effect_key", "kind", "status", "attempts", "last_error"],
        (
            [
                o["seq"],
                o["effect_key"],
                o["kind"],
                # held: owed only if the run is undone, so not work anyone is waiting on
                f"{o['status']} (held)" if o.get("held") else o["status"],
                o["attempts"],
                o["last_error"],
            ]
            for o in dump["obligations"]
        ),
    )
    budget = dump["budget"]
    budget_table = render.table(
        "Budget",
        ["usd_cap", "usd_spent", "token_cap", "tokens_spent"],
        [
            [
                budget["usd_cap"] or "none",
                budget["usd_spent"],
                budget["token_cap"] or "none",
                budget["tokens_spent"],
            ]
        ],
    )
    leases = render.table(
        "Lease history",
        ["seq", "time", "transition", "status", "lease_owner", "epoch"],
        (
            [
                item["seq"],
                render.fmt_ms(item["ts_ms"]),
                item.get("transition", "-"),
                item.get("status", "-"),
                item.get("lease_owner", "-") or "-",
                item.get("lease_epoch", "-"),
            ]
            for item in dump["lease_history"]
        ),
    )
    journal = render.table(
        "Journal" + (" (truncated)" if dump["truncated"] else ""),
        ["seq", "time", "kind", "subject", "payload"],
        (
            [
                e["seq"],
                render.fmt_ms(e["ts_ms"]),
                e["kind"],
                e["subject"],
                render.compact(e["payload"]),
            ]
            for e in dump["journal"]
        ),
    )
    parts: list[Any] = [header, _input_and_result(run)]
    if dump.get("divergence"):
        parts.extend(attention.divergence_views([dump["divergence"]]))
    parts += [decisions, effects]
    if dump.get("reused"):
        parts.append(_reused_table(dump["reused"]))
    tree = dump.get("tree") or {}
    if (
        tree.get("parent")
        or tree.get("children")
        or tree.get("forks")
        or tree.get("deadline_at_ms")
    ):
        parts.append(_tree_table(tree))
    return Group(*parts, obligations, budget_table, leases, journal)
