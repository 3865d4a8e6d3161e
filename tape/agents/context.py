"""``RunContext``: what an agent function sees of its run, and the deterministic helpers.

One attempt at a run has one context, set in a context variable while the agent runs, so tools
called from anywhere inside the agent find it (:func:`current`). Counters (decision index, call
indexes, sample indexes) start at zero on every attempt: a re-driven run replays the same calls
in the same order and so derives the same keys, which is what makes replay find the journal's
records instead of repeating the calls.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import threading
import time
import uuid as uuid_module
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar, cast

from tape import digests, errors, keys, runtime, validate
from tape.agents import children
from tape.connectors import redact
from tape.enums import EffectStatus
from tape.journal import Journal
from tape.journal.base import DEFAULT_RUN_LEASE_MS
from tape.llm import base as llm_base
from tape.llm.base import Model, usage_of
from tape.observability import metrics
from tape.records import EffectRecord, RunState

logger = logging.getLogger(__name__)

T = TypeVar("T")
# The one context variable models read too (tape.llm.base.current_run), seen here as holding
# the whole RunContext (which is what the runtime puts in it).
_current = cast("contextvars.ContextVar[RunContext | None]", llm_base.current_run)


class Parked(BaseException):
    """Ends an attempt cleanly: the run is WAITING on ``gate`` and will be re-driven.

    A ``BaseException`` so an agent's ``except Exception`` cannot swallow it.
    """

    def __init__(self, gate: str) -> None:
        super().__init__(gate)
        self.gate = gate


class Diverged(BaseException):
    """Ends an attempt cleanly: the run asked something else than its journal recorded at
    this position, and is STUCK with the reason ``divergence`` for a human
    (``tape resolve-divergence``). A ``BaseException``, as :class:`Parked`.

    Attributes:
        detail: the STUCK detail (where, both requests, their diff).
    """

    def __init__(self, detail: dict[str, Any]) -> None:
        super().__init__(detail.get("kind", "divergence"))
        self.detail = detail


_UNSET: Any = object()
#: Subjects of the journal rows :meth:`RunContext.check_call` reads besides the effects.
_REUSED_ROWS = "/tape/effect/reused/**"
_REDECIDED_ROWS = "/tape/run/divergence-redecide/**"
_ACCEPTED_ROWS = "/tape/run/divergence-accept/**"
#: A positional key's decision index (``.../decision-3/...``; ``.../no-decision/...`` is -1).
_KEY_DECISION = re.compile(r"/(?:decision-(\d+)|no-decision)/")


@dataclass(frozen=True)
class BegunCall:
    """A model call journaled as begun (:meth:`RunContext.begin_model_call`)."""

    decision_index: int
    seq: int
    key: str
    lost: int = 0  # calls of this decision found lost (in flight when their process died)


@dataclass(frozen=True)
class _Recorded:
    """A tool call an earlier attempt recorded: its key in this run, where the effect is."""

    seq: int
    key: str
    tool: str
    effect_run: str
    effect_key: str


@dataclass(frozen=True)
class Budget:
    """Caps for a run (<= 0 means no cap): USD and tokens, admitted before each model call."""

    usd_cap: float = 0.0
    token_cap: int = 0


_decision_key: contextvars.ContextVar[str] = contextvars.ContextVar("tape_decision_key", default="")


def decision_key(run_id: str, decision_index: int) -> str:
    """The provider idempotency key of a run's decision: ``<run>/decision-<i>``, the same
    on every attempt."""
    return f"{run_id}/decision-{decision_index}"


def current_decision_key() -> str:
    """Inside a model call made through a tape run (``ctx.decide``, a framework adapter), the
    decision's provider idempotency key; pass it to a provider that takes one. ``""``
    elsewhere."""
    return _decision_key.get()


def _no_charge(response: Any) -> tuple[int, float]:
    return 0, 0.0


def gate_answer(name: str, resolution: Any) -> dict[str, Any]:
    """What a gate returns once answered: one shape for :func:`tape.gate` and
    :meth:`RunContext.await_gate`, so a caller checks ``resolved`` the same way for both."""
    if isinstance(resolution, dict):
        return {"resolved": True, "gate": name, **resolution}
    return {"resolved": True, "gate": name, "resolution": resolution}


def current() -> RunContext | None:
    """The context of the run this code runs in, or None outside a run."""
    return _current.get()


class RunContext:
    """One attempt at a run, passed to the agent function as its first argument.

    Attributes:
        run_id: the run.
        lease_epoch: this attempt's fencing token; every write passes it, so an attempt that
            was taken over can no longer write.
        lease_owner: this attempt's lease owner name.
        journal: the journal the run lives in.
        lease_ttl_ms: the lease this attempt renews (heartbeats extend it by this much).
        policy_version: the run's ``policy_version`` label, fixed when the run was created
            (see :func:`tape.policy_is`); recorded on every decision.
    """

    def __init__(
        self,
        journal: Journal,
        run_id: str,
        lease_epoch: int,
        lease_owner: str = "",
        *,
        lease_ttl_ms: int = DEFAULT_RUN_LEASE_MS,
        policy_version: str = "",
    ) -> None:
        self.journal = journal
        self.run_id = run_id
        self.lease_epoch = lease_epoch
        self.lease_owner = lease_owner
        self.lease_ttl_ms = lease_ttl_ms
        self.policy_version = policy_version
        self.decisions = 0  # decisions made or replayed in this attempt
        self._call_indexes: dict[tuple[int, str], int] = {}
        self._sample_indexes: dict[str, int] = {}
        # Decisions per model name so far (made or replayed): a per-run scripted model's
        # position, the same in every attempt and every process.
        self._model_decisions: dict[str, int] = {}
        # Held around every write that may give the lease up (park, end) and by the
        # heartbeat, so the heartbeat never re-takes a lease we just released.
        self.lease_lock = threading.Lock()
        self.lease_active = True
        self._accepted: list[dict[str, Any]] | None = None
        # The tool calls earlier attempts recorded, by decision index (read on first use),
        # and the keys this attempt has called: see check_call.
        self._recorded_calls: dict[int, list[_Recorded]] | None = None
        self._called: set[str] = set()

    def __repr__(self) -> str:
        return f"RunContext(run_id={self.run_id!r}, lease_epoch={self.lease_epoch})"

    @property
    def decision_index(self) -> int:
        """Index of the latest decision in this attempt, or -1 before the first."""
        return self.decisions - 1

    def next_call_index(self, tool_name: str) -> int:
        """The call index of the next call to ``tool_name`` after the latest decision."""
        slot = (self.decision_index, tool_name)
        index = self._call_indexes.get(slot, 0)
        self._call_indexes[slot] = index + 1
        return index

    def call_position(
        self, tool_name: str, call_index: int | None = None, decision_index: int | None = None
    ) -> tuple[int, int]:
        """``(decision_index, call_index)`` of a call to ``tool_name``: by default the next call
        of that tool after the latest decision; framework adapters pin both (they key a call by
        its place in the model's answer)."""
        if call_index is None:
            call_index = self.next_call_index(tool_name)
        return (self.decision_index if decision_index is None else decision_index), call_index

    def model_position(self, model_name: str) -> int:
        """How many decisions of the model named ``model_name`` this run made before now
        (replayed ones included): where a per-run :class:`~tape.llm.ScriptedModel` is."""
        return self._model_decisions.get(model_name, 0)

    def _count_model(self, model_name: str) -> None:
        self._model_decisions[model_name] = self.model_position(model_name) + 1

    def decide(self, model: Model, request: dict[str, Any]) -> Any:
        """Ask ``model`` for the next decision, once per run.

        A decision already recorded at this index (an earlier attempt made it) is returned
        from the journal and the model is not called. Otherwise the budget is admitted, the
        call journaled as begun (:meth:`model_call`), the model called, the decision recorded
        (the first write wins) and its usage charged. When an earlier attempt's call of this
        decision was lost with its process and ``model`` has ``fetch_response(key)`` (a
        provider that stores responses by idempotency key), that is asked first: a response
        it returns is recorded without calling the model again (its spend was charged as
        the lost call's).

        Raises:
            BudgetExceeded: the run's budget refuses the call.
            StaleLease: this attempt was fenced off by a takeover.
        """
        name = getattr(model, "name", "") or type(model).__name__
        found, recorded = self.replay_decision(request, model=name)
        if found:
            return recorded
        self.admit_decision()
        fetched = None
        with self.model_call(request, model=name) as begun:
            fetch = getattr(model, "fetch_response", None)
            if begun.lost and callable(fetch):
                # The lost call may have been answered: a provider that stores responses by
                # idempotency key gives it back, and it is not asked (nor billed) again.
                fetched = fetch(begun.key)
            response = fetched if fetched is not None else model(request)
        if fetched is not None:
            logger.info(
                "decision %d: the lost call's answer was fetched from the provider",
                begun.decision_index,
                extra={"action": "model-call-fetched", "run_id": self.run_id},
            )
            # its spend was charged when it was found lost
            return self.record_decision(request, response, model=name, charge=_no_charge)
        return self.record_decision(request, response, model=name)

    def replay_decision(
        self, request: Any = _UNSET, *, model: str = "", view: str = ""
    ) -> tuple[bool, Any]:
        """``(True, response)`` when the next decision is already recorded (the position then
        advances), else ``(False, None)``.

        Given the ``request`` (and ``model``) about to be asked, the recorded decision is
        replayed only if it answered the same request (:mod:`tape.digests`) or an operator
        accepted this divergence; otherwise the run goes STUCK with the reason
        ``divergence`` and :class:`Diverged` ends the attempt. ``view`` names the stable view
        of a framework adapter's request (``request["view"]``): a decision recorded without
        it (by older code) is replayed by position only, as it was recorded.
        """
        index = self.decisions
        recorded = self.journal.get_decision(run_id=self.run_id, decision_index=index)
        if recorded is None:
            return False, None
        comparable = not view or (
            isinstance(recorded.request, dict) and recorded.request.get("view") == view
        )
        if request is not _UNSET and comparable:
            text = json.dumps(request, default=repr)
            asked = digests.decision(model, text)
            if digests.differ(recorded.request_digest, asked) and not self._was_accepted(
                "decision", index, "", asked
            ):
                self.diverge(
                    {
                        "kind": "decision",
                        "decision_index": index,
                        "recorded": {
                            "model": recorded.model,
                            "digest": recorded.request_digest,
                            "request": recorded.request,
                        },
                        "asked": {"model": model, "digest": asked, "request": json.loads(text)},
                        "diff": digests.diff(
                            {"model": recorded.model, "request": recorded.request},
                            {"model": model, "request": json.loads(text)},
                        ),
                    }
                )
        self.decisions = index + 1
        self._count_model(recorded.model)
        return True, recorded.response

    def _was_accepted(self, kind: str, decision_index: int, key: str, asked: str) -> bool:
        if self._accepted is None:
            # the operators' accept rows (tape.store.divergence), read as any journal row is,
            # so this works over tape:// too
            rows = self.journal.read_journal(
                run_id=self.run_id, kind="run", subject_pattern=_ACCEPTED_ROWS
            )
            self._accepted = [
                r.payload["divergence"]
                for r in rows
                if isinstance(r.payload, dict) and isinstance(r.payload.get("divergence"), dict)
            ]
        return any(
            d.get("kind") == kind
            and d.get("decision_index") == decision_index
            and d.get("idempotency_key", "") == key
            and d.get("asked", {}).get("digest") == asked
            for d in self._accepted
        )

    def diverge(self, detail: dict[str, Any]) -> NoReturn:
        """Stop this run STUCK with the reason ``divergence`` and ``detail``; never returns
        (raises :class:`Diverged`, which ends the attempt)."""
        with self.lease_lock:
            self.journal.diverge_run(
                run_id=self.run_id, detail_json=detail, lease_epoch=self.lease_epoch
            )
            self.lease_active = False
        logger.warning(
            "run diverged from its journal at %s %s",
            detail.get("kind"),
            detail.get("decision_index"),
            extra={"action": "diverged", "run_id": self.run_id},
        )
        raise Diverged(detail)

    def check_call(
        self,
        tool: str,
        request: Any,
        *,
        decision_index: int,
        call_index: int,
        custom_key: str = "",
        pinned: bool = False,
    ) -> EffectRecord | None:
        """Before a tool call is journaled: is it the call recorded at this position?

        A call under a recorded key is a replay (its request is compared when it is begun:
        :meth:`mismatched_call`). A *new* call, made while a call that an earlier attempt
        recorded at the same decision has not been made again in this attempt, means the code
        now calls another tool there (``wire`` became ``refund``): the run diverges
        (:meth:`diverge`), unless an operator accepted exactly this, when the recorded effect
        is returned to stand for the call. ``pinned`` calls (a framework's tool calls, keyed
        by their place in a replayed model answer, possibly run concurrently) are only noted.

        Returns:
            The recorded effect to use instead of journaling the call, or None (journal it).
        """
        key = keys.idempotency_key(self.run_id, decision_index, tool, call_index, custom_key)
        self._called.add(key)
        if pinned:
            return None
        at = self._recorded_at(decision_index)
        if any(r.key == key for r in at):
            return None
        missing = [r for r in at if r.key not in self._called]
        if not missing:
            return None
        first = missing[0]
        recorded = self.journal.get_effect(
            run_id=first.effect_run, idempotency_key=first.effect_key
        )
        if recorded is None:  # moved aside meanwhile: nothing to compare with
            return None
        asked = digests.effect(tool, json.dumps(request, default=repr))
        if self._was_accepted("tool_call", decision_index, first.key, asked):
            self._called.add(first.key)
            return recorded
        return self.diverge(
            {
                "kind": "tool_call",
                "decision_index": decision_index,
                "call_index": call_index,
                "tool": tool,
                "idempotency_key": first.key,
                **({"recorded_run": first.effect_run} if first.effect_run != self.run_id else {}),
                "recorded": {
                    "tool": first.tool,
                    "digest": recorded.request_digest,
                    "request": recorded.request,
                },
                "asked": {"tool": tool, "digest": asked, "request": request},
                "diff": digests.diff(
                    {"tool": first.tool, "request": recorded.request},
                    {"tool": tool, "request": request},
                ),
                "recorded_status": recorded.status.name.lower(),
            }
        )

    def _recorded_at(self, decision_index: int) -> list[_Recorded]:
        if self._recorded_calls is None:
            # Lease epoch 1 is a run's first attempt: no earlier attempt recorded anything
            # (what is there was put in from outside), so there is nothing to read.
            first = self.lease_epoch <= 1
            self._recorded_calls = {} if first else self._read_recorded_calls()
        return self._recorded_calls.get(decision_index, [])

    def _read_recorded_calls(self) -> dict[int, list[_Recorded]]:
        """The run's tool calls so far, by decision index in the order they were made: its
        effects (not tape's own ``tape:`` samples, nor those an operator's ``redecide`` moved
        aside) and the calls that reused another run's effect (a business key)."""
        found: list[tuple[int, _Recorded]] = []
        for e in self.journal.list_effects(run_id=self.run_id):
            if e.tool_name.startswith("tape:") or "#superseded-" in e.idempotency_key:
                continue
            item = _Recorded(e.seq, e.idempotency_key, e.tool_name, e.run_id, e.idempotency_key)
            found.append((e.decision_index, item))
        redecided = [
            (row.seq, int(row.payload.get("from_decision", 0)))
            for row in self.journal.read_journal(
                run_id=self.run_id, kind="run", subject_pattern=_REDECIDED_ROWS
            )
        ]
        for row in self.journal.read_journal(
            run_id=self.run_id, kind="effect", subject_pattern=_REUSED_ROWS
        ):
            payload = row.payload if isinstance(row.payload, dict) else {}
            match = _KEY_DECISION.search(str(payload.get("idempotency_key", "")))
            if match is None:  # a custom key: its position is not known
                continue
            index = int(match.group(1)) if match.group(1) is not None else -1
            if any(row.seq < seq and index >= start for seq, start in redecided):
                continue  # asked again after an operator's redecide
            item = _Recorded(
                row.seq,
                str(payload["idempotency_key"]),
                str(payload.get("tool", "")),
                str(payload.get("reused_from_run", "")),
                str(payload.get("reused_effect_key", "")),
            )
            found.append((index, item))
        calls: dict[int, list[_Recorded]] = {}
        for index, item in sorted(found, key=lambda pair: pair[1].seq):
            calls.setdefault(index, []).append(item)
        return calls

    def mismatched_call(
        self,
        exc: errors.RequestMismatch,
        tool: str,
        call_index: int,
        request: Any,
        *,
        decision_index: int | None = None,
    ) -> Any:
        """What a tool call whose key holds another request gets: the recorded effect when an
        operator accepted this divergence, else the run diverges (:meth:`diverge`). Another
        run's effect under the same business key, asked for another request, stops this run
        the same way (``kind: "business_key"``): accepting it makes the call use that run's
        effect, as the cross-run dedupe would have for the same request."""
        if exc.run_id != self.run_id:
            return self._business_key_mismatch(exc, tool, call_index, request, decision_index)
        key = exc.idempotency_key
        found = self.journal.get_effect(run_id=self.run_id, idempotency_key=key)
        if found is None:  # moved aside meanwhile: not ours to guess
            raise exc
        if self._was_accepted("tool_call", found.decision_index, key, exc.request_digest):
            return found
        return self.diverge(
            {
                "kind": "tool_call",
                "decision_index": found.decision_index,
                "call_index": call_index,
                "tool": tool,
                "idempotency_key": key,
                "recorded": {"digest": exc.recorded_digest, "request": exc.recorded_request},
                "asked": {"digest": exc.request_digest, "request": request},
                "diff": digests.diff(exc.recorded_request, request),
                "recorded_status": found.status.name.lower(),
            }
        )

    def _business_key_mismatch(
        self,
        exc: errors.RequestMismatch,
        tool: str,
        call_index: int,
        request: Any,
        decision_index: int | None,
    ) -> Any:
        index = self.decision_index if decision_index is None else decision_index
        found = self.journal.get_effect(run_id=exc.run_id, idempotency_key=exc.idempotency_key)
        if found is None:  # not ours to guess
            raise exc
        if self._was_accepted("business_key", index, exc.idempotency_key, exc.request_digest):
            return found
        return self.diverge(
            {
                "kind": "business_key",
                "decision_index": index,
                "call_index": call_index,
                "tool": tool,
                "idempotency_key": exc.idempotency_key,
                "recorded_run": exc.run_id,
                "business_key": found.business_key,
                "connector": found.connector,
                "recorded": {"digest": exc.recorded_digest, "request": exc.recorded_request},
                "asked": {"digest": exc.request_digest, "request": request},
                "diff": digests.diff(exc.recorded_request, request),
                "recorded_status": found.status.name.lower(),
            }
        )

    def begin_model_call(self, request: Any, *, model: str = "") -> BegunCall:
        """Journal the model call for the next decision as begun, before it goes out (after
        :meth:`admit_decision`); :meth:`model_call` does this and the rest around a call.

        A call begun for this decision by an earlier attempt and never settled was in flight
        when that attempt's process died: the journal marks it ``lost`` and charges the
        budget for its unknown spend (:meth:`tape.Journal.begin_decision`); it is counted in
        ``tape_model_calls_lost_total`` and the budget is admitted again before this call.

        Raises:
            BudgetExceeded: charging lost calls exhausted the budget (the begin is then
                journaled ``call-failed``: this call is not made).
            StaleLease: this attempt was fenced off by a takeover.
        """
        index = self.decisions
        key = decision_key(self.run_id, index)
        begun_seq, lost = self.journal.begin_decision(
            run_id=self.run_id,
            decision_index=index,
            model=model,
            request_digest=digests.decision(model, json.dumps(request, default=repr)),
            provider_key=key,
            lease_epoch=self.lease_epoch,
        )
        begun = BegunCall(index, begun_seq, key, lost)
        if lost:
            metrics.MODEL_CALLS_LOST.labels(model or "-").inc(lost)
            logger.warning(
                "decision %d: %d model call(s) were in flight when an earlier attempt died; "
                "charged and asking again",
                index,
                lost,
                extra={"action": "model-call-lost", "run_id": self.run_id},
            )
            try:
                self.admit_decision()
            except errors.BudgetExceeded as exc:
                self.fail_model_call(begun, exc)
                raise
        return begun

    def fail_model_call(self, begun: BegunCall, exc: BaseException) -> None:
        """Journal that the begun call raised (so no later attempt takes it for lost); the
        message is redacted as a connector's errors are (a provider's error may quote a URL
        with a key in it)."""
        self.journal.fail_decision_call(
            run_id=self.run_id,
            decision_index=begun.decision_index,
            begun_seq=begun.seq,
            error_json={
                "type": type(exc).__name__,
                "message": redact.redact_text(str(exc), limit=2000),
            },
        )

    @contextlib.contextmanager
    def model_call(
        self, request: Any, *, model: str = "", begun: BegunCall | None = None
    ) -> Iterator[BegunCall]:
        """Around one model call for the next decision (after :meth:`admit_decision`, before
        :meth:`record_decision`): the call is journaled as begun before it goes out
        (:meth:`begin_model_call`, unless ``begun`` says it was), and ``call-failed`` when
        it raises. Inside the block :func:`current_decision_key` is the decision's provider
        idempotency key (the same on every attempt: a provider that takes one answers a
        repeated call from its record).

        Yields:
            The begun call (its provider idempotency key, and how many earlier calls of this
            decision were found lost).

        Raises:
            BudgetExceeded: charging lost calls exhausted the budget (this call is not made).
            StaleLease: this attempt was fenced off by a takeover.
        """
        begun = begun or self.begin_model_call(request, model=model)
        token = _decision_key.set(begun.key)
        try:
            yield begun
        except Exception as exc:
            self.fail_model_call(begun, exc)
            raise
        finally:
            _decision_key.reset(token)

    def admit_decision(self) -> None:
        """Admit the next model call against the run's budget.

        Raises:
            BudgetExceeded: refused; ``.reason`` says which cap.
        """
        admit = self.journal.admit_budget(run_id=self.run_id)
        if not admit.admitted:
            raise errors.BudgetExceeded(
                f"run {self.run_id!r}: budget exhausted — {admit.reason}", admit.reason
            )

    def record_decision(
        self,
        request: Any,
        response: Any,
        *,
        model: str = "",
        charge: Callable[[Any], tuple[int, float]] | None = None,
    ) -> Any:
        """Record ``response`` as the next decision and charge its usage; returns what the
        journal holds (the first write wins: another attempt may have recorded it first).

        ``charge`` reads ``(tokens, usd)`` from a response (default: its ``"usage"``).
        """
        index = self.decisions
        recorded = self.journal.record_decision(
            run_id=self.run_id,
            decision_index=index,
            model=model,
            # JSON text: a str value would otherwise be read as JSON text itself.
            request_json=json.dumps(request, default=repr),
            response_json=json.dumps(response, default=repr),
            policy_version=self.policy_version,
            lease_epoch=self.lease_epoch,
        )
        self.decisions = index + 1
        self._count_model(recorded.model)
        tokens, usd = (charge or usage_of)(response)
        if tokens or usd:
            self.journal.charge_budget(run_id=self.run_id, usd=usd, tokens=tokens)
        return recorded.response

    def sample(self, name: str, fn: Callable[[], T]) -> T:
        """``fn()`` once per run: journaled at ``<run_id>/sample-<name>-<k>``, replayed after.

        The value must be JSON-serialisable.
        """
        k = self._sample_indexes.get(name, 0)
        self._sample_indexes[name] = k + 1
        key = f"{self.run_id}/sample-{name}-{k}"
        effect = self.journal.begin_effect(
            run_id=self.run_id,
            decision_index=-1,
            tool_name=f"tape:sample:{name}",
            custom_key=key,
            lease_epoch=self.lease_epoch,
        )
        if effect.status == EffectStatus.CONFIRMED:
            recorded: T = effect.response["v"]
            return recorded
        value = fn()
        done = self.journal.complete_effect(
            run_id=self.run_id,
            idempotency_key=key,
            status=EffectStatus.CONFIRMED,
            response_json={"v": value},
            lease_epoch=self.lease_epoch,
        )
        result: T = done.response["v"]
        return result

    def now(self) -> float:
        """The wall clock (epoch seconds), the same on every replay of this point."""
        return self.sample("now", time.time)

    def uuid(self) -> str:
        """A random UUID (text), the same on every replay of this point."""
        return self.sample("uuid", lambda: str(uuid_module.uuid4()))

    def await_gate(self, name: str, payload: Any = None) -> dict[str, Any]:
        """The gate's resolution if it was delivered; otherwise park the run on it.

        Returns what :func:`tape.gate` returns: ``{"resolved": True, "gate": name,
        **resolution}`` (a resolution that is not a JSON object under ``"resolution"``).

        Parking ends this attempt (the run is WAITING, its lease released); when the gate is
        resolved recovery re-drives the run, which replays up to here and gets the resolution.
        """
        with self.lease_lock:
            result = self.journal.await_signal(
                run_id=self.run_id,
                gate_name=name,
                payload_json=payload,
                lease_epoch=self.lease_epoch,
            )
            if not result.delivered:
                self.lease_active = False
        if not result.delivered:
            logger.info(
                "run parked on gate %s",
                name,
                extra={"action": "parked", "run_id": self.run_id, "gate": name},
            )
            raise Parked(name)
        return gate_answer(name, result.resolution)

    def start_child(self, agent: Any, /, **inputs: Any) -> Any:
        """Start a child run of ``agent`` (a ``@tape.agent``); returns a handle whose
        ``.wait()`` (or ``await``) gives its result. See :mod:`tape.agents.children`."""
        return children.start_child_in(self, agent, **inputs)

    def heartbeat(self, lease_ttl_ms: int | None = None) -> RunState:
        """Renew this attempt's lease now, for ``lease_ttl_ms`` (default: the agent's TTL).

        The runner already renews the lease every TTL/3 from a thread; a tool that must not
        lose the lease across a long call (or that holds the GIL in C code) renews it itself.

        Raises:
            InvalidArgument: ``lease_ttl_ms`` is not a positive integer.
            LeaseError: this attempt no longer holds the lease (it parked, ended, or was
                taken over: ``StaleLease``/``LeaseHeld``); the tool should stop.
            IllegalTransition: the run is over (cancelled meanwhile, for instance).
        """
        ttl = validate.ttl(self.lease_ttl_ms if lease_ttl_ms is None else lease_ttl_ms)
        with self.lease_lock:
            if not self.lease_active:
                raise errors.LeaseError(
                    f"run {self.run_id!r}: this attempt no longer holds the lease"
                )
            try:
                return self.journal.resume_run(
                    run_id=self.run_id,
                    lease_owner=self.lease_owner,
                    lease_ttl_ms=ttl,
                    lease_epoch=self.lease_epoch,
                )
            except (errors.LeaseError, errors.IllegalTransition, errors.RunNotFound):
                self.lease_active = False
                raise

    def set_budget(self, usd_cap: float = 0.0, token_cap: int = 0) -> None:
        """Set the run's caps (<= 0 means no cap), keeping what was spent."""
        self.journal.set_budget(run_id=self.run_id, usd_cap=usd_cap, token_cap=token_cap)


def activate(ctx: RunContext) -> contextvars.Token[RunContext | None]:
    """Make ``ctx`` the current context (the runner does this around the agent call)."""
    return _current.set(ctx)


def deactivate(token: contextvars.Token[RunContext | None]) -> None:
    _current.reset(token)


def journal_of(journal: Journal | None = None) -> Journal:
    """The journal a module-level helper works on: ``journal`` when given, else the current
    run's, else this process's configured one (:func:`tape.runtime.journal`)."""
    if journal is not None:
        return journal
    ctx = current()
    return ctx.journal if ctx is not None else runtime.journal()


def now() -> float:
    """``ctx.now()`` of the current run; the plain clock outside a run."""
    ctx = current()
    return ctx.now() if ctx is not None else time.time()


def uuid() -> str:
    """``ctx.uuid()`` of the current run; a fresh UUID outside a run."""
    ctx = current()
    return ctx.uuid() if ctx is not None else str(uuid_module.uuid4())


def sample(name: str, fn: Callable[[], T]) -> T:
    """``ctx.sample(name, fn)`` of the current run; just ``fn()`` outside a run."""
    ctx = current()
    return ctx.sample(name, fn) if ctx is not None else fn()


def start_child(agent: Any, /, *, deadline: Any = None, **inputs: Any) -> children.ChildHandle:
    """``tape.start_child(agent, **inputs)``: :meth:`RunContext.start_child` of the current run.

    Raises:
        NotInRun: called outside a run (start a run with ``agent.delay`` there).
    """
    ctx = current()
    if ctx is None:
        raise errors.NotInRun(
            "tape.start_child starts a child of the current run: call it inside a run "
            "(outside one, agent.delay(..., parent=RUN_ID) links a run to a parent)"
        )
    return children.start_child_in(ctx, agent, deadline=deadline, **inputs)
