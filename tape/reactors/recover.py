"""The recovery pass: claim runs that nobody drives and hand them to a re-drive.

The recoverable set (docs/compensation.md, Recovery): RUNNABLE runs, RUNNING runs whose lease
expired (their worker died), and WAITING runs whose gate was answered: a delivered signal, or an
``effect:`` gate whose effect is already final (docs/design.md decision 12's safety net).
CANCELLED, TERMINAL, FAILED and STUCK runs are never listed, so never touched.

Each run is claimed by compare-and-swap before anything else happens: the pass takes the
run's lease as ``recovery:<claimer>`` at the epoch it listed, which bumps the fencing epoch
(docs/design.md decision 5). Of two passes racing for a run exactly one wins; the other gets
:class:`~tape.errors.LeaseHeld` / :class:`~tape.errors.StaleLease` and skips it, and the
run's previous holder, if it is still alive somewhere, is fenced off.

The winner calls the installed :data:`Redrive` with the claimed run. The agent layer installs
one (:func:`set_redrive`) that enqueues the agent task; that task takes the lease over with
``journal.resume_run(lease_owner=me, lease_epoch=run.lease_epoch,
takeover_from="recovery:<claimer>")``. If the re-drive raises, or the task never comes, the
recovery lease expires (``lease_ms``) and a later pass claims the run again: at least once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tape import errors, pass_result
from tape.config import default_claimer
from tape.journal import Journal
from tape.observability import tracing
from tape.pass_result import PassOutcome, PassResult
from tape.records import RunState

logger = logging.getLogger(__name__)

Result = PassResult
#: ``fn(journal, run, lease_owner)``: re-drive ``run``, claimed by recovery as ``lease_owner``.
Redrive = Callable[[Journal, RunState, str], None]

_lock = threading.Lock()
_redrive: Redrive | None = None
_warned = False


def set_redrive(fn: Redrive | None) -> Redrive | None:
    """Install how recovered runs are re-driven (None uninstalls); returns the previous one.

    Args:
        fn: called as ``fn(journal, run, lease_owner)`` after recovery claimed ``run`` (at
            ``run.lease_epoch``) as ``lease_owner``. It should hand the run to an agent
            worker, which takes the lease over with ``takeover_from=lease_owner``.
    """
    global _redrive, _warned
    with _lock:
        previous, _redrive = _redrive, fn
        _warned = False
    return previous


def get_redrive() -> Redrive | None:
    """The installed re-drive, if any."""
    return _redrive


@dataclass(frozen=True)
class RecoverOptions:
    """How one recovery pass behaves."""

    claimer: str = ""
    limit: int = 100
    lease_ms: int = 60_000


def run_once(journal: Journal, options: RecoverOptions | None = None) -> list[Result]:
    """One recovery pass; returns one result dict per recoverable run it looked at."""
    global _warned
    opts = options or RecoverOptions()
    runs = journal.list_runs_to_recover(limit=opts.limit)
    fn = _redrive
    if fn is None:
        # Claiming without a way to re-drive would only churn fencing epochs.
        if runs and not _warned:
            _warned = True
            logger.warning(
                "runs need recovery but no re-drive is installed (tape.reactors.recover."
                "set_redrive); they are left as they are",
                extra={"action": "no-redrive", "runs": len(runs)},
            )
        return [_row(run, PassOutcome.NO_REDRIVE) for run in runs]
    owner = f"recovery:{opts.claimer or default_claimer()}"
    return [_recover(journal, run, owner, opts, fn) for run in runs]


@tracing.run_span("tape.redrive")
def _recover(
    journal: Journal, run: RunState, owner: str, opts: RecoverOptions, fn: Redrive
) -> Result:
    try:
        claimed = journal.resume_run(
            run_id=run.run_id,
            lease_owner=owner,
            lease_ttl_ms=opts.lease_ms,
            lease_epoch=run.lease_epoch,
        )
    except (errors.LeaseHeld, errors.StaleLease, errors.IllegalTransition, errors.RunNotFound):
        return _row(run, PassOutcome.SKIPPED, "claimed elsewhere or no longer recoverable")
    if claimed.lease_epoch == run.lease_epoch:
        # Renewed our own live lease (this claimer took it in an earlier pass that is still
        # handing it over): not a new claim, so no second re-drive.
        return _row(claimed, PassOutcome.SKIPPED, "already claimed by this recovery")
    journal.count_redrive(run_id=claimed.run_id, lease_epoch=claimed.lease_epoch)
    try:
        fn(journal, claimed, owner)
    except Exception as exc:  # the lease expires and a later pass retries the re-drive
        logger.error(
            "re-drive failed; the run is retried when the recovery lease expires",
            exc_info=True,
            extra={"action": "redrive-failed", "run_id": run.run_id},
        )
        return _row(claimed, PassOutcome.REDRIVE_FAILED, f"{type(exc).__name__}: {str(exc)[:500]}")
    return _row(claimed, PassOutcome.REDRIVEN, previous_status=run.status.name)


def _row(run: RunState, result: PassOutcome, reason: str = "", **extra: Any) -> Result:
    return pass_result.row(
        {
            "run_id": run.run_id,
            "status": run.status.name,
            "lease_epoch": run.lease_epoch,
        },
        result,
        reason,
        **extra,
    )
