"""The compaction pass: zero the payloads of settled runs that ended before the hot window.

Off unless ``TAPE_COMPACT_AFTER`` is set (the hot window, e.g. ``7d``): runs that ended less
than that long ago keep everything. Each run is its own short transaction, and compacting is
a conditional UPDATE, so two passes at once (two beats, a redelivered tick) do no harm: the
second finds the run compacted already.
"""

from __future__ import annotations

import logging

from tape import errors
from tape.journal import Journal
from tape.pass_result import PassOutcome, PassResult

logger = logging.getLogger(__name__)


def run_once(
    journal: Journal, *, hot_window_ms: int, limit: int = 100, dry_run: bool = False
) -> list[PassResult]:
    """Compact (or, ``dry_run``, only list) settled runs that ended ``hot_window_ms`` ago."""
    before = journal.database.now_ms() - hot_window_ms
    results: list[PassResult] = []
    for run in journal.list_compactable_runs(before_ms=before, limit=limit):
        if dry_run:
            size = journal.compactable_bytes(run_id=run.run_id)
            results.append({"run_id": run.run_id, "result": PassOutcome.COMPACTABLE, "bytes": size})
            continue
        try:
            done = journal.compact_run(run_id=run.run_id)
        except errors.IllegalTransition as exc:  # it moved since it was listed
            results.append(
                {"run_id": run.run_id, "result": PassOutcome.SKIPPED, "reason": str(exc)}
            )
            continue
        result = PassOutcome.ALREADY_COMPACTED if done.already_compacted else PassOutcome.COMPACTED
        results.append({"run_id": run.run_id, "result": result, "bytes": done.bytes_saved})
    compacted = [r for r in results if r["result"] == PassOutcome.COMPACTED]
    if compacted:
        logger.info(
            "compacted %d runs, %d bytes saved",
            len(compacted),
            sum(r["bytes"] for r in compacted),
            extra={"action": "compacted", "runs": len(compacted)},
        )
    return results
