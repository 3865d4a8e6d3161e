"""Divergence: a re-driven run that asks something else than its journal recorded stops for a
human (:mod:`tape.store.divergence`)."""

from __future__ import annotations

from typing import Any

from tape import errors, validate
from tape.journal.base import JournalBase
from tape.records import RunState
from tape.store import divergence as store


class DivergenceMixin(JournalBase):
    """``DivergeRun``, ``ResolveDivergence``, ``AcceptedDivergences``."""

    def diverge_run(
        self, *, run_id: str, detail_json: dict[str, Any], lease_epoch: int | None = None
    ) -> RunState:
        """Stop a running run STUCK with the reason ``divergence``.

        ``detail_json`` says where and what: ``kind`` (``decision`` or ``tool_call``),
        ``decision_index``, the tool's ``idempotency_key``, ``recorded`` and ``asked``
        (``{"digest", "request"}`` each) and their ``diff``; it is journaled on the run's STUCK
        row and shown by ``tape status`` / ``tape inspect`` and the dashboard.

        Raises:
            StaleLease, IllegalTransition, RunNotFound.
        """
        if not isinstance(detail_json, dict):
            raise errors.InvalidArgument("detail_json must be a JSON object")
        validate.payload(detail_json, "detail_json")
        return store.diverge(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            detail_json,
            lease_epoch=lease_epoch,
        )

    def resolve_divergence(
        self, *, run_id: str, choice: str, operator: str, note: str = ""
    ) -> RunState:
        """An operator's way out of a divergence: ``accept`` (replay the recorded answer and
        go on), ``redecide`` (drop the recorded decisions from that position on and ask
        again; their effects stay on record under superseded keys) or ``abandon``
        (COMPENSATING: what was done is undone, then the run ends FAILED). Journaled with
        ``operator`` and ``note``.

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
        return store.resolve(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            choice,
            operator=validate.required(operator, "operator"),
            note=validate.optional(note, "note", max_chars=2000),
        )

    def accepted_divergences(self, *, run_id: str) -> list[dict[str, Any]]:
        """The divergences an operator accepted for this run (their STUCK details)."""
        return store.accepted(self._db, validate.required(run_id, "run_id", max_chars=64))
