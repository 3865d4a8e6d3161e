"""Run control from agent and tool code: cancel, check for cancellation, heartbeat, and
branch on the run's policy version.

Cancellation is cooperative, as in upstream Tape: ``cancel_run`` ends the run CANCELLED at
once (it is never re-driven), and the attempt still running finds out at its next journal
write (a finished run takes no new decisions or effects) or sooner by asking
``is_cancelled()`` between steps.
"""

from __future__ import annotations

from tape import errors, validate
from tape.agents import context
from tape.enums import RunStatus
from tape.journal import Journal
from tape.records import RunState


def cancel_run(run_id: str, *, reason: str = "", journal: Journal | None = None) -> RunState:
    """End the run CANCELLED (journaled with ``{"cancelled": true, "reason": ...}``).

    A run already CANCELLED is returned unchanged. A STUCK run may be cancelled too.

    Args:
        run_id: the run (any run; an agent cancels its own with ``ctx.run_id``).
        reason: why, kept in the run's detail.
        journal: the journal to use; default the current run's, else the configured one.

    Raises:
        RunNotFound: no such run.
        IllegalTransition: the run is over (TERMINAL, FAILED) or COMPENSATING.
        InvalidArgument: an empty run id, a reason that is not a string.
    """
    checked = validate.required(run_id, "run_id", max_chars=64)
    why = validate.optional(reason, "reason", max_chars=2000)
    return context.journal_of(journal).end_run(
        run_id=checked,
        status=RunStatus.CANCELLED,
        detail_json={"cancelled": True, "reason": why},
    )


def is_cancelled(run_id: str | None = None, *, journal: Journal | None = None) -> bool:
    """Whether the run (by default the current one) is CANCELLED. One read.

    Outside a run and with no ``run_id`` there is nothing to cancel: False.

    Raises:
        RunNotFound: no such run.
        InvalidArgument: an empty ``run_id`` string.
    """
    if run_id is None:
        ctx = context.current()
        if ctx is None:
            return False
        run_id = ctx.run_id
    checked = validate.required(run_id, "run_id", max_chars=64)
    run = context.journal_of(journal).get_run(run_id=checked)
    return run.status == RunStatus.CANCELLED


def heartbeat(lease_ttl_ms: int | None = None) -> RunState:
    """Renew the current run's lease from inside a long tool (see
    :meth:`RunContext.heartbeat`), so recovery does not take the run over meanwhile.

    Args:
        lease_ttl_ms: how long the renewed lease lasts; default the agent's lease TTL.

    Returns:
        The run with its new ``lease_expires_at_ms``.

    Raises:
        InvalidArgument: called outside a run, or ``lease_ttl_ms`` is not positive.
        LeaseError: this attempt lost the lease (parked, ended, taken over): stop working.
        IllegalTransition: the run is over (cancelled meanwhile, for instance).
    """
    ctx = context.current()
    if ctx is None:
        raise errors.InvalidArgument(
            "tape.heartbeat() renews the current run's lease: call it inside a run"
        )
    return ctx.heartbeat(lease_ttl_ms)


def policy_is(version: str) -> bool:
    """Whether the current run was started under policy ``version`` (like Temporal's
    ``workflow.patched``): ``if tape.policy_is("cfo-policy-2026.05"): ...``.

    A run's policy version is its ``policy_version`` label, stamped when the run is created
    (``@tape.agent(policy_version=...)``, or ``labels=`` on ``create_run``/``begin_run``) and
    recorded on each of its decisions. It never changes, so a run started before a deploy
    takes the same branch on every replay. Outside a run: False.

    Raises:
        InvalidArgument: ``version`` is not a non-empty string.
    """
    wanted = validate.required(version, "version")
    ctx = context.current()
    return ctx is not None and ctx.policy_version == wanted
