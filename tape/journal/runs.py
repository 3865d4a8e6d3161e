"""Run lifecycle and the decision ledger."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from tape import digests, errors, state, validate
from tape.enums import RunStatus
from tape.journal.base import DEFAULT_RUN_LEASE_MS, JournalBase
from tape.records import BeginRunResult, DecisionRecord, RunState
from tape.store import children
from tape.store import runs as store


class RunsMixin(JournalBase):
    """``BeginRun``, ``ResumeRun``, ``EndRun``, ``GetRun``, ``ListRunsToRecover``, decisions."""

    def begin_run(
        self,
        *,
        app_name: str,
        user_id: str,
        session_id: str,
        invocation_id: str,
        lease_owner: str,
        lease_ttl_ms: int = DEFAULT_RUN_LEASE_MS,
        tenant_id: str = "",
        actor: str = "",
        subject: str = "",
        agent_id: str = "",
        aiplex_instance_id: str = "",
        gateway_route: str = "",
        scopes: Iterable[str] = (),
        labels: Mapping[str, str] | None = None,
        input_json: Any = None,
    ) -> BeginRunResult:
        """Start the run for (app, user, session, invocation), or re-attach to it.

        A new run is RUNNING and leased to ``lease_owner``. An existing run that can be leased
        (RUNNABLE, RUNNING with an expired or own lease, WAITING) is leased again; a run that is
        over (TERMINAL, FAILED, CANCELLED, STUCK, COMPENSATING) is returned as it is with
        ``lease_epoch == 0`` and is never revived.

        Raises:
            LeaseHeld: another owner holds a live lease on the run.
            InvalidArgument: an empty id or owner, a TTL <= 0.
        """
        identity = _identity(
            app_name=app_name,
            user_id=user_id,
            session_id=session_id,
            invocation_id=invocation_id,
            tenant_id=tenant_id,
            actor=actor,
            subject=subject,
            agent_id=agent_id,
            aiplex_instance_id=aiplex_instance_id,
            gateway_route=gateway_route,
            scopes=scopes,
            labels=labels,
            input_json=input_json,
        )
        owner = validate.required(lease_owner, "lease_owner")
        ttl = validate.ttl(lease_ttl_ms)
        run, created = store.begin_run(self._db, identity, lease_owner=owner, ttl_ms=ttl)
        if not created and run.status in state.RUN_LEASABLE:
            run = store.acquire_lease(self._db, run.run_id, lease_owner=owner, ttl_ms=ttl)
        leased = run.status == RunStatus.RUNNING and run.lease_owner == owner
        return BeginRunResult(
            run_id=run.run_id,
            resumed=not created,
            next_seq=run.seq_cursor + 1,
            status=run.status,
            lease_epoch=run.lease_epoch if leased else 0,
            run=run,
        )

    def create_run(
        self,
        *,
        app_name: str,
        invocation_id: str,
        user_id: str = "",
        session_id: str = "",
        input_json: Any = None,
        labels: Mapping[str, str] | None = None,
        scopes: Iterable[str] = (),
    ) -> BeginRunResult:
        """Create a run RUNNABLE and unleased, for a worker to lease and drive (or find the
        existing run of (app, user, session, invocation), returned as it is).

        This is how a run is started from outside a worker (``Agent.delay``): if the task
        message that should drive it is lost, recovery finds the RUNNABLE run and re-drives it.
        ``lease_epoch`` of the result is 0 (nobody holds a lease).

        Raises:
            InvalidArgument: an empty app name or invocation id; InvalidPayload.
        """
        identity = _identity(
            app_name=app_name,
            user_id=user_id,
            session_id=session_id,
            invocation_id=invocation_id,
            scopes=scopes,
            labels=labels,
            input_json=input_json,
        )
        run, created = store.create_run(self._db, identity)
        return BeginRunResult(
            run_id=run.run_id,
            resumed=not created,
            next_seq=run.seq_cursor + 1,
            status=run.status,
            lease_epoch=0,
            run=run,
        )

    def resume_run(
        self,
        *,
        run_id: str,
        lease_owner: str,
        lease_ttl_ms: int = DEFAULT_RUN_LEASE_MS,
        lease_epoch: int | None = None,
        takeover_from: str = "",
    ) -> RunState:
        """Renew our lease on a run, or take it over when its lease expired or was released.

        Also the heartbeat: the same owner calling again extends its lease without a new epoch.
        With ``lease_epoch``, succeeds only if the run is still at that epoch.
        With ``takeover_from`` (and ``lease_epoch``), takes the live lease that owner holds:
        the hand-off from recovery to the agent task it re-enqueued. Exactly one taker wins;
        every takeover bumps the epoch.

        Raises:
            RunNotFound, IllegalTransition (the run is over), LeaseHeld, StaleLease.
        """
        return store.acquire_lease(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            lease_owner=validate.required(lease_owner, "lease_owner"),
            ttl_ms=validate.ttl(lease_ttl_ms),
            expected_epoch=lease_epoch,
            takeover_from=validate.optional(takeover_from, "takeover_from"),
        )

    def end_run(
        self,
        *,
        run_id: str,
        status: RunStatus | int | str,
        detail_json: Any = None,
        lease_epoch: int | None = None,
    ) -> RunState:
        """Finish or park a run: TERMINAL, FAILED, COMPENSATING, STUCK or CANCELLED.

        Ending a run in the status it already has returns it unchanged.

        Raises:
            RunNotFound, IllegalTransition, StaleLease (``lease_epoch`` given and not current).
        """
        target = validate.enum(RunStatus, status, "status", state.RUN_END_STATUSES)
        ended = store.transition_run(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            target,
            detail_json=validate.payload(detail_json, "detail_json"),
            lease_epoch=lease_epoch,
        )
        if target in (RunStatus.CANCELLED, RunStatus.COMPENSATING):
            # Cancelling or compensating a parent undoes its children, newest first.
            children.undo_children(self._db, ended.run_id, reason=f"parent {target.name.lower()}")
        return ended

    def release_run(self, *, run_id: str, operator: str, note: str = "") -> RunState:
        """An operator lets a STUCK run go on: it becomes RUNNABLE for recovery to re-drive."""
        return store.transition_run(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            RunStatus.RUNNABLE,
            operator=validate.required(operator, "operator"),
            note=validate.optional(note, "note", max_chars=2000),
        )

    def get_run(self, *, run_id: str) -> RunState:
        """The run with this id.

        Raises:
            RunNotFound: no such run.
        """
        run = store.get_run(self._db, validate.required(run_id, "run_id", max_chars=64))
        if run is None:
            raise errors.RunNotFound(f"no such run: {run_id!r}")
        return run

    def list_runs(
        self, *, statuses: Iterable[RunStatus] | None = None, limit: int = 100
    ) -> list[RunState]:
        """Runs, newest first, optionally only those in ``statuses``."""
        wanted = [validate.enum(RunStatus, s, "statuses") for s in statuses or ()]
        return store.list_runs(self._db, statuses=wanted, limit=validate.limit(limit))

    def list_runs_to_recover(
        self, *, limit: int = 100, now_ms: int | None = None
    ) -> list[RunState]:
        """RUNNABLE runs, RUNNING runs whose lease expired, and WAITING runs with a delivered
        signal or waiting on an ``effect:`` gate whose effect is already final (a safety net:
        the release should have woken them). CANCELLED, TERMINAL, FAILED and STUCK runs are
        never listed."""
        return store.list_runs_to_recover(
            self._db, now_ms=self._now(now_ms), limit=validate.limit(limit)
        )

    def record_decision(
        self,
        *,
        run_id: str,
        decision_index: int,
        model: str = "",
        request_json: Any = None,
        response_json: Any = None,
        rationale: str = "",
        policy_version: str = "",
        lease_epoch: int | None = None,
    ) -> DecisionRecord:
        """Record a model call at ``decision_index``; the first write wins, later ones return it.

        The request's digest (:mod:`tape.digests`: model, messages and tools) is stored with
        it, so a re-driven run can tell whether it asks the recorded question again.

        Raises:
            RunNotFound, StaleLease, InvalidPayload, InvalidArgument (negative index).
        """
        if (
            isinstance(decision_index, bool)
            or not isinstance(decision_index, int)
            or decision_index < 0
        ):
            raise errors.InvalidArgument("decision_index must be an integer >= 0")
        request_text = validate.payload(request_json, "request_json")
        model = validate.optional(model, "model")
        values = {
            "run_id": validate.required(run_id, "run_id", max_chars=64),
            "decision_index": decision_index,
            "model": model,
            "request_json": request_text,
            "request_digest": digests.decision(model, request_text),
            "response_json": validate.payload(response_json, "response_json"),
            "rationale": validate.optional(rationale, "rationale", max_chars=100_000),
            "policy_version": validate.optional(policy_version, "policy_version"),
        }
        return store.record_decision(self._db, values, lease_epoch=lease_epoch)

    def get_decision(self, *, run_id: str, decision_index: int) -> DecisionRecord | None:
        """The decision at ``decision_index``, or None when none was recorded."""
        return store.get_decision(self._db, run_id, decision_index)

    def count_decisions(self, *, run_id: str) -> int:
        """How many decisions the run has recorded (where a re-driven agent resumes)."""
        return store.count_decisions(self._db, run_id)


def _identity(
    *,
    app_name: str,
    user_id: str,
    session_id: str,
    invocation_id: str,
    tenant_id: str = "",
    actor: str = "",
    subject: str = "",
    agent_id: str = "",
    aiplex_instance_id: str = "",
    gateway_route: str = "",
    scopes: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
    input_json: Any = None,
) -> dict[str, Any]:
    """Validate a run's identity columns (everything is checked before anything is written)."""
    return {
        "app_name": validate.required(app_name, "app_name"),
        "user_id": validate.optional(user_id, "user_id"),
        "session_id": validate.optional(session_id, "session_id"),
        "invocation_id": validate.required(invocation_id, "invocation_id"),
        "tenant_id": validate.optional(tenant_id, "tenant_id"),
        "actor": validate.optional(actor, "actor"),
        "subject": validate.optional(subject, "subject"),
        "agent_id": validate.optional(agent_id, "agent_id"),
        "aiplex_instance_id": validate.optional(aiplex_instance_id, "aiplex_instance_id"),
        "gateway_route": validate.optional(gateway_route, "gateway_route"),
        "scopes_json": json.dumps(sorted({validate.required(s, "scope") for s in scopes})),
        "labels_json": validate.payload(dict(labels or {}), "labels", default="{}"),
        "input_json": validate.payload(input_json, "input_json"),
    }
