"""What the dashboard pages show, as plain data: runs, one run's timeline, the triage queue.

Every payload goes through :func:`safe` before it reaches a template, and every other journaled
text that may hold one (errors, operator notes) through :func:`tape.redaction.redact_text`:
secrets in any shape :mod:`tape.redaction` knows become ``***``.
"""

from __future__ import annotations

import json
from typing import Any

from tape import redaction, unregistered
from tape.enums import EffectStatus, ObligationStatus
from tape.journal import Journal, triage
from tape.records import EffectRecord, ObligationRecord, RunState

#: Journal rows shown on one run page.
MAX_ENTRIES = 2_000
#: Age filter choices on the runs page: label -> milliseconds.
AGES = {"any": 0, "1h": 3_600_000, "24h": 86_400_000, "7d": 604_800_000}


def safe(value: Any) -> Any:
    """A copy of a JSON value with secrets replaced by ``***`` (strings cut at 100,000)."""
    return redaction.redact(value, limit=100_000)


def _text(value: str, limit: int = 2000) -> str:
    return redaction.redact_text(value, limit=limit)


def _said(payload: Any, field: str) -> str:
    """An operator's name or note from a journal row's payload, redacted ("" for none)."""
    return _text(str(payload.get(field) or "")) if isinstance(payload, dict) else ""


def pretty(value: Any) -> str:
    """A JSON value, redacted and indented ("" for nothing)."""
    if value is None or value == "":
        return ""
    return json.dumps(safe(value), indent=2, sort_keys=False, default=str)


def parsed(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def fmt_ms(ms: int) -> str:
    """Epoch milliseconds as ISO-8601 UTC with its zone (``2026-01-31T09:15:02Z``), "-" for 0."""
    return triage.iso_ms(ms)


def run_view(row: dict[str, Any]) -> dict[str, Any]:
    """A run as the runs list and the triage page show it, from the triage read model's row
    (:func:`tape.journal.triage.run_row`): no end time while it is not over, its effects'
    business keys and its input on one short line (redacted)."""
    return {
        "run_id": row["run_id"],
        "app_name": row["app_name"],
        "status": row["status"],
        "started": row["started"],
        "ended": row["ended"],
        "lease_owner": row["lease_owner"],
        "business_key": ", ".join(row["business_keys"]),
        "input": row["input_summary"],
    }


def run_row(run: RunState) -> dict[str, Any]:
    """One run, without its business keys (the run page shows its effects instead)."""
    return run_view(triage.run_row(run))


def runs_list(journal: Journal, runs: list[RunState]) -> list[dict[str, Any]]:
    """The rows of the runs list, business keys read in one go."""
    return [run_view(row) for row in triage.run_rows(journal, runs)]


def effect_row(e: EffectRecord) -> dict[str, Any]:
    stuck = e.status == EffectStatus.UNKNOWN and e.stuck_at_ms > 0
    return {
        "run_id": e.run_id,
        "key": e.idempotency_key,
        "seq": e.seq,
        "tool": e.tool_name,
        "status": "STUCK" if stuck else e.status.name,
        "stuck": stuck,
        "unknown": e.status == EffectStatus.UNKNOWN,
        "attempts": e.dispatch_attempts,
        "reconcile_attempts": e.reconcile_attempts,
        "semantics": e.semantics.name,
        "mode": e.dispatch_mode.name,
        "connector": e.connector,
        "business_key": e.business_key,
        "external_ref": e.external_ref,
        "last_error": _text(e.last_dispatch_error),
        "request": pretty(parsed(e.request_json)),
        "response": pretty(parsed(e.response_json)),
        "error": pretty(parsed(e.error_json)),
        "updated": fmt_ms(e.ts_ms),
    }


def obligation_row(o: ObligationRecord) -> dict[str, Any]:
    return {
        "run_id": o.run_id,
        "seq": o.seq,
        "effect_key": o.effect_key,
        "kind": o.kind,
        "status": o.status.name + (" (held)" if o.held else ""),
        "stuck": o.status == ObligationStatus.STUCK,
        "attempts": o.attempts,
        "last_error": _text(o.last_error),
        "payload": pretty(parsed(o.payload_json)),
        "updated": fmt_ms(o.ts_ms),
    }


def run_page(journal: Journal, run_id: str) -> dict[str, Any]:
    """Everything the run page shows.

    Raises:
        RunNotFound: no such run.
    """
    run = journal.get_run(run_id=run_id)
    decisions = []
    for index in range(journal.count_decisions(run_id=run_id)):
        d = journal.get_decision(run_id=run_id, decision_index=index)
        if d is not None:
            decisions.append(
                {
                    "index": d.decision_index,
                    "seq": d.seq,
                    "model": d.model,
                    "request": pretty(parsed(d.request_json)),
                    "response": pretty(parsed(d.response_json)),
                }
            )
    entries = sorted(journal.read_journal(run_id=run_id, limit=MAX_ENTRIES), key=lambda e: e.seq)
    timeline = [
        {
            "seq": e.seq,
            "time": fmt_ms(e.ts_ms),
            "kind": e.kind,
            "subject": e.subject,
            "payload": pretty(e.payload),
            "operator": _said(e.payload, "operator"),
            "note": _said(e.payload, "note"),
        }
        for e in entries
    ]
    budget = journal.get_budget(run_id=run_id)
    return {
        "run": run_row(run),
        "run_detail": {
            "user_id": run.user_id,
            "session_id": run.session_id,
            "invocation_id": run.invocation_id,
            "lease_epoch": run.lease_epoch,
            "lease_expires": fmt_ms(run.lease_expires_at_ms),
            "waiting_on_gate": run.waiting_on_gate,
            "redrives": run.redrive_count,
            "input": pretty(parsed(run.input_json)),
            "detail": pretty(parsed(run.detail_json)),
        },
        "decisions": decisions,
        "effects": [effect_row(e) for e in journal.list_effects(run_id=run_id)],
        "obligations": [obligation_row(o) for o in journal.list_obligations(run_id=run_id)],
        "gates": [t for t in timeline if t["kind"] in ("gate", "signal")],
        "leases": [t for t in timeline if t["kind"] == "run"],
        "budget": {
            "usd_cap": budget.usd_cap,
            "usd_spent": budget.usd_spent,
            "token_cap": budget.token_cap,
            "tokens_spent": budget.tokens_spent,
        },
        "timeline": timeline,
        "truncated": len(entries) >= MAX_ENTRIES,
    }


def divergence_row(item: dict[str, Any]) -> dict[str, Any]:
    """A run STUCK on a divergence (:func:`tape.journal.divergence.summary`), redacted: each
    differing path with the recorded and the asked value as indented JSON."""
    return {
        **{k: item[k] for k in ("run_id", "app_name", "kind", "where", "idempotency_key")},
        "diff": [
            {
                "path": str(d.get("path", "")) or "(whole request)",
                "recorded": pretty(d.get("recorded")) or "null",
                "asked": pretty(d.get("asked")) or "null",
            }
            for d in item["diff"]
        ],
        "recorded": pretty(item["recorded"]),
        "asked": pretty(item["asked"]),
    }


def triage_effect(row: dict[str, Any]) -> dict[str, Any]:
    """An effect of the triage read model (:func:`tape.journal.triage.effect_row`) as the
    triage page shows it."""
    wait = row["waiting_on_connector"]
    return {
        "run_id": row["run_id"],
        "key": row["idempotency_key"],
        "seq": row["seq"],
        "tool": row["tool_name"],
        "status": "STUCK" if row["stuck"] else row["status"],
        "stuck": row["stuck"],
        "attempts": row["dispatch_attempts"],
        "reconcile_attempts": row["reconcile_attempts"],
        "connector": row["connector"],
        "business_key": row["business_key"],
        "amount": row["amount"],
        "request_summary": row["request_summary"],
        "last_error": row["last_error"],
        "observation": triage.observation_text(row["last_observation"]),
        "request": pretty(row["request"]),
        "waiting": unregistered.describe(wait["connector"]) if wait else "",
        "since": fmt_ms(wait["since_ms"]) if wait else "",
    }


#: What the triage page reads of the triage read model on each refresh.
TRIAGE_CATEGORIES = (
    "effects_unknown",
    "effects_waiting_on_connector",
    "obligations_stuck",
    "runs_needing_recovery",
    "runs_stuck",
    "runs_diverged",
)


def triage_page(journal: Journal, limit: int = 500) -> dict[str, Any]:
    """The triage queue, from the triage read model (:mod:`tape.journal.triage`): UNKNOWN
    and STUCK effects (with amount, business key, last error and last observation), effects
    waiting on a connector no worker registers, failed (STUCK) obligations, runs needing
    recovery, runs STUCK on a divergence (with their diff), and STUCK runs."""
    rows = triage.read(journal, limit=limit, categories=TRIAGE_CATEGORIES)
    return {
        "effects": [triage_effect(e) for e in rows["effects_unknown"]],
        "connector_waits": [triage_effect(e) for e in rows["effects_waiting_on_connector"]],
        "obligations": [
            {**o, "status": o["status"] + (" (held)" if o["held"] else "")}
            for o in rows["obligations_stuck"]
        ],
        "recover": [run_view(r) for r in rows["runs_needing_recovery"]],
        "stuck_runs": [run_view(r) for r in rows["runs_stuck"]],
        "diverged": [divergence_row(d) for d in rows["runs_diverged"]],
    }


def summary(journal: Journal) -> dict[str, int]:
    """Header counts (:func:`tape.journal.triage.counts`): runs, runs STUCK, effects UNKNOWN
    and stuck, obligations STUCK, and what the triage badge counts."""
    return triage.counts(journal)
