"""Divergence: a re-driven run that asks something else than its journal recorded stops for a
human (:mod:`tape.store.divergence`)."""

from __future__ import annotations

import json
from typing import Any

from tape import errors, validate
from tape.enums import RunStatus
from tape.journal.base import JournalBase
from tape.records import RunState
from tape.store import divergence as store


class DivergenceMixin(JournalBase):
    """``DivergeRun``, ``ResolveDivergence``, ``AcceptedDivergences``."""

    def diverge_run(
        self, *, run_id: str, detail_json: Any, lease_epoch: int | None = None
    ) -> RunState:
        """Stop a running run STUCK with the reason ``divergence``.

        ``detail_json`` says where and what: ``kind`` (``decision`` or ``tool_call``),
        ``decision_index``, the tool's ``idempotency_key``, ``recorded`` and ``asked``
        (``{"digest", "request"}`` each) and their ``diff``; it is journaled on the run's STUCK
        row and shown by ``tape status`` / ``tape inspect`` and the dashboard.

        Raises:
            StaleLease, IllegalTransition, RunNotFound.
        """
        detail = json.loads(validate.payload(detail_json, "detail_json", default="null"))
        if not isinstance(detail, dict):
            raise errors.InvalidArgument("detail_json must be a JSON object")
        return store.diverge(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            detail,
            lease_epoch=lease_epoch,
        )

    def resolve_divergence(
        self, *, run_id: str, choice: str, operator: str, note: str = "", effects: str = ""
    ) -> RunState:
        """An operator's way out of a divergence: ``accept`` (replay the recorded answer and
        go on), ``redecide`` (drop the recorded decisions from that position on and ask
        again; their effects stay on record under superseded keys) or ``abandon``
        (COMPENSATING: what was done is undone, then the run ends FAILED). Journaled with
        ``operator`` and ``note``.

        ``effects`` (``redecide`` only) says what becomes of the CONFIRMED effects from that
        position on: ``keep`` (default: moved aside, owed if the run is undone),
        ``compensate`` (moved aside, their inverses run now) or ``reuse`` (left under their
        keys: the same call asked again replays them).

        Raises:
            InvalidArgument: an unknown choice, or no operator.
            IllegalTransition: the run is not STUCK on a divergence; ``accept`` of a tool
                call whose effect is not final; ``redecide`` while one of the effects it
                would drop is PENDING or UNKNOWN.
            RunNotFound.
        """
        if choice not in store.CHOICES:
            raise errors.InvalidArgument(
                f"choice must be one of {', '.join(store.CHOICES)}, not {choice!r}"
            )
        effects = effects or store.KEEP
        if effects not in store.EFFECT_CHOICES:
            raise errors.InvalidArgument(
                f"effects must be one of {', '.join(store.EFFECT_CHOICES)}, not {effects!r}"
            )
        if effects != store.KEEP and choice != "redecide":
            raise errors.InvalidArgument("effects= goes with choice='redecide' only")
        return store.resolve(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            choice,
            operator=validate.required(operator, "operator"),
            note=validate.optional(note, "note", max_chars=2000),
            effects_choice=effects,
        )

    def accepted_divergences(self, *, run_id: str) -> list[dict[str, Any]]:
        """The divergences an operator accepted for this run (their STUCK details)."""
        return store.accepted(self._db, validate.required(run_id, "run_id", max_chars=64))


def summary(run: RunState) -> dict[str, Any] | None:
    """What the operator views show of a run STUCK on a divergence (``None`` for any other
    run): where it diverged, the diff, and the command that resolves it.

    Plain journaled data, not escaped: each view escapes it for its medium (rich markup in a
    terminal, HTML on the dashboard).
    """
    detail = run.detail
    if run.status != RunStatus.STUCK or not isinstance(detail, dict):
        return None
    if detail.get("reason") != store.DIVERGENCE:
        return None
    kind = str(detail.get("kind", ""))
    index = detail.get("decision_index", "-")
    recorded = _object(detail.get("recorded"))
    asked = _object(detail.get("asked"))
    if kind in ("tool_call", "business_key"):
        where = f"tool call {detail.get('tool', '?')} #{detail.get('call_index', '?')}"
        where += f" (decision {index})" if index != -1 else " (before any decision)"
        if recorded.get("tool") and recorded.get("tool") != detail.get("tool"):
            where += f", where {recorded['tool']} was called"
        if kind == "business_key":
            where += (
                f": business key {detail.get('business_key', '?')!r} is held by run "
                f"{detail.get('recorded_run', '?')} for another request"
            )
    else:
        model = asked.get("model") or recorded.get("model") or "?"
        where = f"decision {index} (model {model})"
    raw = detail.get("diff")
    diff: list[Any] = raw if isinstance(raw, list) else []
    return {
        "run_id": run.run_id,
        "app_name": run.app_name,
        "kind": kind,
        "where": where,
        "decision_index": index,
        "tool": detail.get("tool", ""),
        "idempotency_key": detail.get("idempotency_key", ""),
        "recorded_status": detail.get("recorded_status", ""),
        "diff": [d for d in diff if isinstance(d, dict)],
        "recorded": recorded.get("request"),
        "asked": asked.get("request"),
        "resolve": f"tape resolve-divergence {run.run_id} {RESOLVE_CHOICES}",
    }


#: How ``tape resolve-divergence`` is told the operator's choice.
RESOLVE_CHOICES = "--accept | --redecide | --abandon"


def diverged(journal: Any, limit: int = 500) -> list[dict[str, Any]]:
    """:func:`summary` of each run STUCK on a divergence (newest first), up to ``limit`` STUCK
    runs looked at."""
    found = (summary(run) for run in journal.list_runs(statuses=[RunStatus.STUCK], limit=limit))
    return [s for s in found if s is not None]


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
