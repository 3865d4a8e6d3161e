"""Budgets, gates (signals) and durable timers."""

from __future__ import annotations

from typing import Any

from tape import errors, validate
from tape.journal.base import DEFAULT_CLAIM_LEASE_MS, JournalBase
from tape.records import AdmitResult, BudgetState, SendSignalResult, SignalResult, TimerRecord
from tape.store import coordination as store


class CoordinationMixin(JournalBase):
    """``SetBudget``, ``AdmitBudget``, ``ChargeBudget``, ``AwaitSignal``, ``SendSignal``,
    ``SetTimer``, ``CancelTimer``, ``ListDueTimers``."""

    def set_budget(self, *, run_id: str, usd_cap: float = 0.0, token_cap: int = 0) -> BudgetState:
        """Set a run's caps (<= 0 means no cap), keeping what was spent."""
        return store.set_budget(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            usd_cap=float(usd_cap),
            token_cap=int(token_cap),
        )

    def get_budget(self, *, run_id: str) -> BudgetState:
        """A run's caps and spend (all zero when none was set)."""
        return store.get_budget(self._db, run_id)

    def admit_budget(
        self, *, run_id: str, usd_estimate: float = 0.0, token_estimate: int = 0
    ) -> AdmitResult:
        """Whether spending the estimate would stay within the caps; ``reason`` says why not."""
        validate.non_negative(usd_estimate, "usd_estimate")
        validate.non_negative(token_estimate, "token_estimate")
        budget = store.get_budget(self._db, run_id)
        reason = store.admit(budget, float(usd_estimate), int(token_estimate))
        return AdmitResult(admitted=not reason, reason=reason, budget=budget)

    def charge_budget(self, *, run_id: str, usd: float = 0.0, tokens: int = 0) -> BudgetState:
        """Add what was spent."""
        validate.non_negative(usd, "usd")
        validate.non_negative(tokens, "tokens")
        return store.charge_budget(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            usd=float(usd),
            tokens=int(tokens),
        )

    def await_signal(
        self,
        *,
        run_id: str,
        gate_name: str,
        payload_json: Any = None,
        lease_epoch: int | None = None,
    ) -> SignalResult:
        """Take the gate's resolution if it was delivered; otherwise park the run (WAITING on
        the gate, lease released) and return ``delivered=False``.

        Raises:
            RunNotFound, IllegalTransition (the run is not RUNNING), StaleLease.
        """
        return store.await_signal(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.required(gate_name, "gate_name"),
            payload_json=validate.payload(payload_json, "payload_json"),
            lease_epoch=lease_epoch,
        )

    def send_signal(
        self,
        *,
        gate_name: str,
        resolution_json: Any = None,
        run_id: str = "",
        app_name: str = "",
        user_id: str = "",
        session_id: str = "",
    ) -> SendSignalResult:
        """Deliver a gate's resolution to a run (by id, or the newest run of a session).

        The first delivery wins: a later one is not accepted. A run WAITING on this gate
        becomes RUNNABLE (``run_status``), and recovery re-drives it.

        Raises:
            RunNotFound: no such run, or no run for that session.
        """
        gate = validate.required(gate_name, "gate_name")
        resolution = validate.payload(resolution_json, "resolution_json", default="{}")
        if not run_id:
            if not app_name:
                raise errors.InvalidArgument(
                    "send_signal needs run_id, or app_name/user_id/session_id"
                )
            found = store.newest_run_of_session(self._db, app_name, user_id, session_id)
            if found is None:
                raise errors.RunNotFound("no run for that session")
            run_id = found
        accepted, status = store.send_signal(self._db, run_id, gate, resolution_json=resolution)
        return SendSignalResult(accepted=accepted, run_id=run_id, run_status=status)

    def set_timer(
        self,
        *,
        run_id: str,
        fire_at_ms: int,
        kind: str,
        timer_id: str = "",
        payload_json: Any = None,
    ) -> TimerRecord:
        """Create a durable timer (fires at least once). An existing ``timer_id`` is returned
        unchanged, so an agent replaying its steps does not re-arm a timer that fired."""
        if isinstance(fire_at_ms, bool) or not isinstance(fire_at_ms, int) or fire_at_ms < 0:
            raise errors.InvalidArgument("fire_at_ms must be epoch milliseconds >= 0")
        return store.set_timer(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            validate.optional(timer_id, "timer_id"),
            fire_at_ms=fire_at_ms,
            kind=validate.required(kind, "kind"),
            payload_json=validate.payload(payload_json, "payload_json", default="{}"),
        )

    def cancel_timer(self, *, run_id: str, timer_id: str) -> bool:
        """Cancel a timer that has not fired; False when there was none to cancel."""
        return store.cancel_timer(self._db, run_id, timer_id)

    def list_due_timers(
        self,
        *,
        now_ms: int | None = None,
        limit: int = 200,
        claim: bool = False,
        claimer: str = "",
        lease_ttl_ms: int = DEFAULT_CLAIM_LEASE_MS,
    ) -> list[TimerRecord]:
        """Timers due by ``now_ms``. With ``claim``, each is leased to ``claimer`` (one caller
        gets each); act on it, then :meth:`mark_timer_fired`. A claim whose holder died
        expires and the timer is listed again: timers fire at least once."""
        if claim:
            validate.required(claimer, "claimer")
            validate.ttl(lease_ttl_ms)
        return store.list_due_timers(
            self._db,
            now_ms=self._now(now_ms),
            limit=validate.limit(limit),
            claimer=claimer if claim else "",
            ttl_ms=lease_ttl_ms,
        )

    def mark_timer_fired(self, *, run_id: str, timer_id: str, claimer: str) -> TimerRecord:
        """Mark a claimed timer fired, after its action ran."""
        return store.mark_timer_fired(
            self._db, run_id, timer_id, claimer=validate.required(claimer, "claimer")
        )
