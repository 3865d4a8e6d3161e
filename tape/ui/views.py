"""What the dashboard pages show, as plain data: runs, one run's timeline, the triage queue.

Every payload goes through :func:`safe` before it reaches a template, and every other journaled
text that may hold one (errors, operator notes) through :func:`tape.redaction.redact_text`:
secrets in any shape :mod:`tape.redaction` knows become ``***``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tape import redaction, unregistered
from tape.enums import EffectStatus, ObligationStatus, RunStatus
from tape.journal import Journal, divergence
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
    """Epoch milliseconds as UTC time, "-" for 0."""
    if not ms:
        return "-"
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")


def run_row(run: RunState) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "app_name": run.app_name,
        "status": run.status.name,
        "started": fmt_ms(run.started_at_ms),
        "ended": fmt_ms(run.ended_at_ms),
        "lease_owner": run.lease_owner,
        "business_key": "",
    }


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


def triage_page(journal: Journal, limit: int = 500) -> dict[str, Any]:
    """The triage queue: UNKNOWN and STUCK effects, effects waiting on a connector no worker
    registers (:mod:`tape.unregistered`), failed (STUCK) obligations, runs needing recovery,
    runs STUCK on a divergence (with their diff), and STUCK runs."""
    unknown = journal.list_pending_effects(include_unknown=True, limit=limit)
    stuck_obligations = journal.list_unresolved_obligations(include_stuck=True, limit=limit)
    waiting = []
    for effect in journal.list_pending_effects(include_pending=True, limit=limit):
        wait = unregistered.waiting(effect)
        if wait is not None:
            waiting.append(
                {
                    **effect_row(effect),
                    "waiting": unregistered.describe(str(wait.get("connector", ""))),
                    "since": fmt_ms(int(wait.get("since_ms") or 0)),
                }
            )
    return {
        "effects": [effect_row(e) for e in unknown],
        "connector_waits": waiting,
        "obligations": [obligation_row(o) for o in stuck_obligations],
        "recover": [run_row(r) for r in journal.list_runs_to_recover(limit=limit)],
        "stuck_runs": [
            run_row(r) for r in journal.list_runs(statuses=[RunStatus.STUCK], limit=limit)
        ],
        "diverged": [divergence_row(d) for d in divergence.diverged(journal, limit)],
    }


def summary(journal: Journal) -> dict[str, int]:
    """Header counts: runs STUCK, effects UNKNOWN / stuck, obligations STUCK."""
    runs = journal.count_runs_by_status()
    effects = journal.count_effects_by_status()
    obligations = journal.count_obligations_by_status()
    return {
        "runs": sum(runs.values()),
        "runs_stuck": runs[RunStatus.STUCK],
        "effects_unknown": effects[EffectStatus.UNKNOWN],
        "effects_stuck": journal.count_stuck_effects(),
        "obligations_stuck": obligations[ObligationStatus.STUCK],
    }
