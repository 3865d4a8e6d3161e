"""The one error hierarchy of tape.

::

    TapeError
    ├── ConfigurationError            tape is set up wrongly (bad URL, schema not migrated)
    │   ├── InvalidDatabaseURL
    │   └── SchemaNotReady
    ├── InvalidArgument (ValueError)  the caller passed something tape cannot accept
    │   ├── InvalidPayload            not JSON, NaN, too deep, NUL/lone surrogate, beyond int64
    │   │   └── PayloadTooLarge       larger than MAX_PAYLOAD_BYTES
    │   ├── ArgumentConflict          key= and idempotency_key= (one argument) disagree
    │   ├── ScopeDenied               the effect's scope is not granted to the run
    │   ├── RequestMismatch           a recorded key asked again with a different request
    │   ├── AmbiguousRunId            a run-id prefix more than one run's id starts with
    │   ├── AgentArgumentsError       .delay() inputs that do not fit the agent's signature
    │   ├── EffectConfigError         an effect tool declared with unsafe or invalid options
    │   │   └── OutboxConfigError     an outbox tool declared or returned something unsafe
    │   ├── InvalidSubjectPattern     a subject pattern outside the grammar (tape.subjects)
    │   ├── InvalidPredicate          a CEL predicate that does not compile, or over a limit
    │   ├── ReactionConfigError       a reaction declared with contradictory options
    │   │   └── WebhookAddressRefused a webhook to a loopback/private/link-local address
    │   ├── UnknownCompensator        a compensator_ref that is not a registered name
    │   └── AlreadyRegistered         a second, different function under a registry key
    ├── NotFound (LookupError)
    │   ├── RunNotFound
    │   ├── EffectNotFound
    │   ├── ObligationNotFound
    │   ├── SessionNotFound
    │   ├── TimerNotFound
    │   ├── ReactionNotFound
    │   └── TaskNotFound
    ├── IllegalTransition             the row is not in a state that allows this change
    │   └── ObservationRequired       a NON_IDEMPOTENT effect re-sent without a look upstream
    ├── LeaseError
    │   ├── LeaseHeld                 another owner holds a live lease
    │   ├── StaleLease                a newer lease epoch exists; this writer was fenced off
    │   └── TaskLeaseLost             a reaction task's claim is no longer this owner's
    ├── VersionConflict               write_value compare-and-swap lost
    ├── BudgetExceeded                a run's budget refused the next model call
    ├── EffectFailed                  an outbox effect the agent waited for ended FAILED
    ├── AckLost                       raised by a tool body: the call may have landed (UNKNOWN)
    ├── CompensationStuck             compensate_run left obligations STUCK: needs a human
    ├── RemoteError                   a tape:// call failed on the way (not in the journal)
    │   ├── ServerUnavailable         the tape server cannot be reached (or its database)
    │   └── Unauthenticated           the tape server refused the bearer token (TAPE_TOKEN)
    └── ConnectorError                an upstream call, classified (see tape.connectors)
        ├── DefinitelyNotApplied      safe to retry blindly
        ├── DefinitelyApplied
        └── OutcomeUnknown            never retried blindly; the reconciler asks

Warnings (``warnings.warn`` categories, not errors): :class:`DispatchDeferred`.

Every error raised for bad input is raised before anything is written.
Messages never contain secrets: :meth:`TapeError.__str__` redacts them (:mod:`tape.redaction`).
"""

from __future__ import annotations

from typing import Any

from tape import redaction


class TapeError(Exception):
    """Base class of every error tape raises on purpose.

    Its message never shows a secret: ``str(error)`` passes it through
    :func:`tape.redaction.redact_text` (URL credentials, ``Authorization:`` values, tokens).
    """

    def __str__(self) -> str:
        return redaction.redact_text(super().__str__(), limit=None)


class ConfigurationError(TapeError):
    """tape is configured wrongly."""


class InvalidDatabaseURL(ConfigurationError, ValueError):
    """The database URL is malformed or names an unsupported backend."""


class SchemaNotReady(ConfigurationError):
    """The database has no (or an outdated) tape schema; run ``tape migrate``."""


class InvalidArgument(TapeError, ValueError):
    """An argument tape cannot accept. Nothing was written."""


class InvalidPayload(InvalidArgument):
    """A payload is not valid JSON or exceeds the size limit."""


class PayloadTooLarge(InvalidPayload):
    """A payload larger than ``tape.MAX_PAYLOAD_BYTES``: store the blob elsewhere and journal
    a reference to it. Nothing was written."""


class ArgumentConflict(InvalidArgument):
    """One argument was given under two names (``key=`` and ``idempotency_key=``) with
    different values. Nothing was written."""


class ScopeDenied(InvalidArgument):
    """The effect's authorization scope is not granted to its run.

    A ``policy`` journal row records the violation; no effect row is written. Refused before
    the run starts (``Agent.delay``, ``tape run``), nothing is written at all.
    """


class RequestMismatch(InvalidArgument):
    """A key that holds a recorded call (an effect's idempotency key, or a
    ``(connector, business_key)`` pair) was begun again with a different request.

    Never answered from the journal: the recorded result belongs to the recorded request.
    Only a journal row saying the begin was refused is written (``/tape/effect/refused/...``).

    Attributes:
        idempotency_key: the recorded effect's key.
        run_id: the run that recorded it (another run's, for a business key).
        recorded_digest: the digest of the recorded request (:mod:`tape.digests`).
        request_digest: the digest of the refused one.
        recorded_request: the recorded request (JSON data).
    """

    def __init__(
        self,
        message: str,
        *,
        idempotency_key: str = "",
        run_id: str = "",
        recorded_digest: str = "",
        request_digest: str = "",
        recorded_request: Any = None,
    ) -> None:
        super().__init__(message)
        self.idempotency_key = idempotency_key
        self.run_id = run_id
        self.recorded_digest = recorded_digest
        self.request_digest = request_digest
        self.recorded_request = recorded_request


def scope_grant_hint(scopes: list[str]) -> str:
    """How to grant ``scopes``: the sentence every :class:`ScopeDenied` message ends with."""
    listed = ", ".join(repr(s) for s in scopes)
    flags = " ".join(f"--scope {s}" for s in scopes)
    return (
        f"Grant it to every run of the agent with @tape.agent(scopes=[{listed}]), or to one "
        f"run with `tape run AGENT {flags}` or .delay(..., scopes=[{listed}])"
    )


class AmbiguousRunId(InvalidArgument):
    """A run-id prefix that more than one run's id starts with (the message lists some)."""


class AgentArgumentsError(InvalidArgument):
    """``agent.delay(...)`` inputs do not bind to the agent's signature (a misspelt or
    missing argument). Raised before the run is journaled."""


class EffectConfigError(InvalidArgument):
    """An ``@tape.effect`` is declared with unsafe or contradictory options.

    Raised at decoration time, before anything is registered or written.
    """


class OutboxConfigError(EffectConfigError):
    """An ``@tape.outbox_tool`` is declared unsafely, or its body returned a non-JSON payload.

    Raised at decoration time for the declaration rules, at call time for the payload.
    """


class NotFound(TapeError, LookupError):
    """A row the call refers to does not exist."""


class RunNotFound(NotFound):
    """No run with that id."""


class EffectNotFound(NotFound):
    """No effect with that run id and idempotency key."""


class ObligationNotFound(NotFound):
    """No obligation with that run id and seq."""


class SessionNotFound(NotFound):
    """No session with that (app, user, session) id."""


class TimerNotFound(NotFound):
    """No timer with that run id and timer id."""


class IllegalTransition(TapeError):
    """The row is not in a state that allows the requested change.

    Attributes:
        current: the row as it is now (a record), when known.
    """

    def __init__(self, message: str, current: Any = None) -> None:
        super().__init__(message)
        self.current = current


class ObservationRequired(IllegalTransition):
    """A NON_IDEMPOTENT effect may go back to dispatch only on an ``absent`` someone saw at the
    upstream (the connector's ``observe()``, the tool's status check, or an operator's
    ``tape resolve --absent``). Sending it again on a guess could do it twice. Nothing was
    written.
    """


class LeaseError(TapeError):
    """A lease could not be taken or used."""


class LeaseHeld(LeaseError):
    """Another owner holds a live lease on the row.

    Attributes:
        owner: the current holder.
        expires_at_ms: when its lease expires.
    """

    def __init__(self, message: str, owner: str = "", expires_at_ms: int = 0) -> None:
        super().__init__(message)
        self.owner = owner
        self.expires_at_ms = expires_at_ms


class StaleLease(LeaseError):
    """The writer's lease epoch is older than the run's: it was fenced off by a takeover."""


class VersionConflict(TapeError):
    """``write_value`` expected a version the key no longer has."""


class CompensationStuck(TapeError):
    """``compensate_run`` could not run every inverse; the run is STUCK and needs a human.

    Attributes:
        run_id: the run.
        stuck: the kinds of the obligations left STUCK, newest first.
    """

    def __init__(self, message: str, run_id: str = "", stuck: list[str] | None = None) -> None:
        super().__init__(message)
        self.run_id = run_id
        self.stuck = list(stuck or [])


class NotInRun(TapeError):
    """Code that must run inside a tape run (an ``@tape.agent`` attempt) ran outside one.

    Framework adapters raise it when a wrapped model or tool is used outside a tape agent,
    where there is no journal position to replay from.
    """


class BudgetExceeded(TapeError):
    """The run's budget refused a model call; ``reason`` says which cap."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class EffectFailed(TapeError):
    """An outbox effect ended FAILED.

    Attributes:
        idempotency_key: the effect's key.
        error: its recorded error (parsed JSON).
    """

    def __init__(self, message: str, idempotency_key: str = "", error: Any = None) -> None:
        super().__init__(message)
        self.idempotency_key = idempotency_key
        self.error = error


class ChildRunFailed(TapeError):
    """A child run the parent waited for ended without a result (FAILED or CANCELLED).

    Attributes:
        run_id: the child run.
        status: how it ended (``"FAILED"``, ``"CANCELLED"``).
        detail: its recorded detail (the error, or the cancel reason).
    """

    def __init__(self, message: str, run_id: str = "", status: str = "", detail: Any = None):
        super().__init__(message)
        self.run_id = run_id
        self.status = status
        self.detail = detail


class AckLost(TapeError):
    """Raise from a tool body when the call may have landed but its answer was lost.

    The effect is completed UNKNOWN (never FAILED), so it is reconciled, not retried blindly.
    """


class RemoteError(TapeError):
    """A ``tape://`` call failed between the client and the journal (the server said why)."""


class ServerUnavailable(RemoteError):
    """The tape server (or its journal database) cannot be reached; the call may be retried."""


class Unauthenticated(RemoteError):
    """The tape server needs a bearer token and got none or a wrong one: set ``TAPE_TOKEN``."""


class ConnectorError(TapeError):
    """An upstream call failed; the subclass says what we know about whether it landed."""


class DefinitelyNotApplied(ConnectorError):
    """The request provably never reached the upstream (refused, DNS). Safe to retry."""


class DefinitelyApplied(ConnectorError):
    """The upstream applied the request, but reported an error about it afterwards."""


class OutcomeUnknown(ConnectorError):
    """We cannot tell whether the upstream applied the request. Never retried blindly."""


class InvalidSubjectPattern(InvalidArgument):
    """A subject pattern outside the grammar of :mod:`tape.subjects` (``**`` not last, ...)."""


class InvalidPredicate(InvalidArgument):
    """A CEL predicate that does not compile, names a variable the envelope lacks, is over a
    size or nesting limit (:mod:`tape.events.prescan`), or costs more than its per-row
    budget on sample envelopes (:mod:`tape.events.budget`)."""


class ReactionConfigError(InvalidArgument):
    """A reaction declared with contradictory or out-of-range options (``agent=`` together
    with ``publish=``, a negative limit, ...). Nothing was registered."""


class WebhookAddressRefused(ReactionConfigError):
    """A webhook sink's host is, or resolves to, a loopback, link-local, private, shared,
    unspecified, reserved or multicast address, and ``TAPE_WEBHOOK_ALLOW_PRIVATE=1`` is not
    set. Raised at registration for a literal host (nothing registered) and at dispatch for
    what the host name resolves to (no request sent; the task fails with this reason)."""


class UnknownCompensator(InvalidArgument):
    """A ``compensator_ref`` that is not the name of a compensator registered in code
    (``tape.register_compensator(name, fn)``, or a tool's ``compensate=``) in this process.

    Journal data never names code: a ``module:attr`` import path is refused, never imported.
    Nothing was written.
    """


class AlreadyRegistered(InvalidArgument):
    """A compensator, status check or timer handler registered under a key that another
    function already holds. Nothing was replaced: pass ``replace=True`` to mean it."""


class ReactionNotFound(NotFound):
    """No reaction with that id."""


class TaskNotFound(NotFound):
    """No reaction task with that id."""


class TaskLeaseLost(LeaseError):
    """The task is no longer claimed by this owner (its lease lapsed and it was claimed
    again, or it was settled already).

    Attributes:
        current: the task as it is now.
    """

    def __init__(self, message: str, current: Any = None) -> None:
        super().__init__(message)
        self.current = current


class DispatchDeferred(UserWarning):
    """``agent.delay()`` journaled the run but could not publish its task (broker down).

    The journal row is the commitment: recovery starts the run once a worker and beat are up
    again. Retrying with the same ``invocation_id`` returns the same run.
    """
