"""Composed runs: undoing a run that is still going (a deadline, a cancelled parent)
(:mod:`tape.store.children`, docs/composing.md)."""

from __future__ import annotations

from typing import Any

from tape import errors, validate
from tape.journal.base import JournalBase
from tape.records import RunState
from tape.store import children as store
from tape.store import compensation, forks, run_links
from tape.store import runs as store_runs


class ChildrenMixin(JournalBase):
    """``undo_run``, ``link_run``, ``run_tree``, ``fork_run``."""

    def fork_run(
        self,
        *,
        run_id: str,
        from_decision: int,
        policy: str = "keep",
        operator: str,
        note: str = "",
    ) -> RunState:
        """A new run that keeps ``run_id``'s decisions before ``from_decision``, replays them
        and asks again from there (RUNNABLE: recovery drives it). What becomes of the CONFIRMED
        effects of the abandoned part (decision ``from_decision`` on), by ``policy``:
        ``reuse`` (the new run asking the same call again gets the recorded outcome; an
        outbox call with the same business key gets it anywhere: it does not happen again),
        ``compensate`` (their inverses fall due on the old run now, run once) or ``keep``
        (they stay done, on the old run's record, outside the new run). Both runs' journals
        record the fork, with ``operator`` and ``note``; the old run is otherwise unchanged.

        Raises:
            RunNotFound: no such run.
            IllegalTransition: the run is still going (RUNNABLE, RUNNING, WAITING,
                COMPENSATING); an effect of the abandoned part is PENDING or UNKNOWN; an
                effect of the kept part is not final.
            InvalidArgument: an unknown policy, no operator, ``from_decision`` not in
                0..(number of decisions).
        """
        if policy not in forks.POLICIES:
            raise errors.InvalidArgument(
                f"policy must be one of {', '.join(forks.POLICIES)}, not {policy!r}"
            )
        if (
            isinstance(from_decision, bool)
            or not isinstance(from_decision, int)
            or from_decision < 0
        ):
            raise errors.InvalidArgument("from_decision must be an integer >= 0")
        return forks.fork(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            from_decision=from_decision,
            policy=policy,
            operator=validate.required(operator, "operator"),
            note=validate.optional(note, "note", max_chars=2000),
        )

    def link_run(self, *, run_id: str, parent_run_id: str, kind: str = "child") -> bool:
        """Make ``run_id`` a child (``kind="child"``) or a fork (``"fork"``) of
        ``parent_run_id``, journaled on both runs. A run has one parent: linking it again to
        the same parent does nothing (returns False).

        Raises:
            RunNotFound: either run is missing.
            InvalidArgument: an unknown kind, a run its own parent, another parent already.
        """
        if kind not in (run_links.CHILD, run_links.FORK):
            raise errors.InvalidArgument(f"kind must be 'child' or 'fork', not {kind!r}")
        return run_links.link(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.required(parent_run_id, "parent_run_id", max_chars=64),
            kind=kind,
        )

    def run_tree(self, *, run_id: str) -> dict[str, Any]:
        """How ``run_id`` composes: ``{"parent": {"run_id", "kind"} | None, "children":
        [{"run_id", "status"}], "forks": [...], "deadline_at_ms": int}`` (children and forks
        newest first; ``deadline_at_ms`` 0 when the run has no deadline pending).

        Raises:
            RunNotFound: no such run.
        """
        checked = validate.required(run_id, "run_id", max_chars=64)
        if store_runs.get_run(self._db, checked) is None:
            raise errors.RunNotFound(f"no such run: {run_id!r}")
        return {
            **run_links.links_of(self._db, checked),
            "deadline_at_ms": store.deadline_at(self._db, checked),
        }

    def undo_run(self, *, run_id: str, reason: str, undone_by: str = "operator") -> RunState | None:
        """Cancel a run that is still going and compensate what it owes: it goes COMPENSATING
        with detail ``{"cancelled": true, "reason": reason, "undone_by": ...}``, the
        compensation pass runs its inverses once each, newest first, and ends it CANCELLED
        with that reason (STUCK if an inverse is stuck). A run that owes nothing ends
        CANCELLED at once. Its child runs still going are undone too, newest first.

        Returns the run as the undo left it, or None when it was not going any more
        (TERMINAL, FAILED, CANCELLED or already COMPENSATING): nothing was written.

        Raises:
            RunNotFound: no such run.
            InvalidArgument: an empty run id or reason.
        """
        checked = validate.required(run_id, "run_id", max_chars=64)
        moved = store.undo(
            self._db,
            checked,
            reason=validate.required(reason, "reason", max_chars=200),
            by=validate.required(undone_by, "undone_by", max_chars=200),
        )
        if moved is None:
            # Undone before (a deadline timer firing again after a crash between the run's
            # undo and its children's): finish the children; a run that ended otherwise is
            # left alone, children and all.
            run = store_runs.get_run(self._db, checked)
            if run is not None and run_links.cancelled_undo(run.detail_json) is not None:
                store.undo_children(self._db, checked, reason=f"parent {reason}")
            return None
        # The children after the run, newest first, each in a transaction of its own.
        store.undo_children(self._db, checked, reason=f"parent {reason}")
        return compensation.settle_run(self._db, checked) or moved
