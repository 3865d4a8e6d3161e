"""Legal state transitions of runs, effects and obligations: the one place they are defined.

The store turns each table below into the ``WHERE status IN (...)`` of a conditional UPDATE,
so a transition that is not listed here cannot happen, whoever races whom.

Runs::

    RUNNABLE ──claim──▶ RUNNING ──await──▶ WAITING ──signal──▶ RUNNABLE
        │                  │ ▲                 │
        │                  │ └──re-attach──────┘
        ▼                  ▼
    CANCELLED    TERMINAL | FAILED | COMPENSATING ──▶ FAILED | STUCK
                           STUCK ──operator──▶ RUNNABLE
                           STUCK ──released──▶ RUNNABLE | FAILED (once it has compensated)

    A STUCK run is *released* in the transaction that settles the last thing holding it (its
    last stuck effect, observed or resolved; its last STUCK obligation, resolved), so it never
    waits for something that already happened: :data:`RUN_RELEASE_TRANSITIONS`.

Effects::

    PENDING ──▶ CONFIRMED | FAILED            (terminal for machines)
    PENDING ──▶ UNKNOWN ──observe──▶ CONFIRMED | FAILED | PENDING (absent: dispatch again)
    UNKNOWN ──inconclusive──▶ UNKNOWN (marked stuck; an operator or a later observation decides)

    A NON_IDEMPOTENT effect goes back to dispatch (UNKNOWN ──▶ PENDING) only on an ``absent``
    that someone saw at the upstream: :data:`OBSERVERS` (:func:`may_redispatch`). An IDEMPOTENT
    one may be re-sent with the same idempotency key without a look.

Obligations::

    PENDING ──claim──▶ COMMITTED ──▶ COMPENSATED
       ▲                   │
       └──retry backoff────┤
                           ▼
                         STUCK ──operator──▶ COMPENSATED

A *held* PENDING obligation (owed only if its run is undone) is claimable only while its run is
COMPENSATING; the claim clears ``held`` (see :mod:`tape.store.obligations`).
"""

from __future__ import annotations

from collections.abc import Mapping

from tape.enums import EffectSemantics, EffectStatus, ObligationStatus, RunStatus

R = RunStatus
E = EffectStatus
O = ObligationStatus  # noqa: E741

#: Runs that are over: nothing revives them.
RUN_FINAL: frozenset[RunStatus] = frozenset({R.TERMINAL, R.FAILED, R.CANCELLED})
#: Runs a worker may take a lease on (begin, resume, recovery claim).
RUN_LEASABLE: frozenset[RunStatus] = frozenset({R.RUNNABLE, R.RUNNING, R.WAITING})

#: target -> the statuses a run may be in for a machine to move it there.
RUN_TRANSITIONS: Mapping[RunStatus, frozenset[RunStatus]] = {
    R.RUNNING: RUN_LEASABLE,
    R.WAITING: frozenset({R.RUNNING}),
    R.RUNNABLE: frozenset({R.WAITING, R.RUNNING}),
    R.TERMINAL: frozenset({R.RUNNABLE, R.RUNNING, R.WAITING}),
    R.FAILED: frozenset({R.RUNNABLE, R.RUNNING, R.WAITING, R.COMPENSATING}),
    R.COMPENSATING: frozenset({R.RUNNABLE, R.RUNNING, R.WAITING, R.STUCK, R.FAILED}),
    R.STUCK: frozenset({R.RUNNABLE, R.RUNNING, R.WAITING, R.COMPENSATING}),
    R.CANCELLED: frozenset({R.RUNNABLE, R.RUNNING, R.WAITING, R.STUCK}),
}

#: What an operator may additionally do: release a STUCK run so it goes on.
RUN_OPERATOR_TRANSITIONS: Mapping[RunStatus, frozenset[RunStatus]] = {
    R.RUNNABLE: frozenset({R.STUCK}),
    R.FAILED: frozenset({R.STUCK}),
}

#: What settling the last thing that holds a STUCK run does to it, whoever settled it (the
#: reconciler observing its last stuck effect, an operator resolving it or its last STUCK
#: obligation): it goes on (RUNNABLE, recovery re-drives it), or, once it has begun
#: compensating, it ends FAILED as the finished compensation would have ended it.
#: A run *undone* (cancelled and compensated: a deadline, a cancelled parent) is released the
#: same way from COMPENSATING once its last obligation settled: it ends CANCELLED
#: (:mod:`tape.store.children`).
RUN_RELEASE_TRANSITIONS: Mapping[RunStatus, frozenset[RunStatus]] = {
    R.RUNNABLE: frozenset({R.STUCK}),
    R.FAILED: frozenset({R.STUCK}),
    R.CANCELLED: frozenset({R.COMPENSATING}),
}

#: Statuses ``end_run`` accepts.
RUN_END_STATUSES: frozenset[RunStatus] = frozenset(
    {R.TERMINAL, R.FAILED, R.COMPENSATING, R.STUCK, R.CANCELLED}
)

EFFECT_FINAL: frozenset[EffectStatus] = frozenset({E.CONFIRMED, E.FAILED})

#: target -> the statuses an effect may be in for a machine to move it there.
EFFECT_TRANSITIONS: Mapping[EffectStatus, frozenset[EffectStatus]] = {
    E.PENDING: frozenset({E.PENDING, E.UNKNOWN}),
    E.CONFIRMED: frozenset({E.PENDING, E.UNKNOWN}),
    E.FAILED: frozenset({E.PENDING, E.UNKNOWN}),
    E.UNKNOWN: frozenset({E.PENDING, E.UNKNOWN}),
}

#: Who can say an effect's call never landed, having looked: the connector's ``observe()``,
#: the tool's registered status check, or an operator who read the upstream's books.
OBSERVERS: frozenset[str] = frozenset({"connector", "status_check", "operator"})


def may_redispatch(semantics: EffectSemantics, observed_by: str) -> bool:
    """Whether an effect of ``semantics`` may go back to dispatch on this evidence.

    Only a NON_IDEMPOTENT effect needs a real look (``observed_by`` in :data:`OBSERVERS`):
    sending it again on a guess could do it twice. Any other may be re-sent with its key.
    """
    return semantics != EffectSemantics.NON_IDEMPOTENT or observed_by in OBSERVERS


#: Statuses ``complete_effect`` accepts.
EFFECT_COMPLETE_STATUSES: frozenset[EffectStatus] = frozenset({E.CONFIRMED, E.FAILED, E.UNKNOWN})

OBLIGATION_FINAL: frozenset[ObligationStatus] = frozenset({O.COMPENSATED, O.STUCK})

OBLIGATION_TRANSITIONS: Mapping[ObligationStatus, frozenset[ObligationStatus]] = {
    O.COMMITTED: frozenset({O.PENDING, O.COMMITTED}),
    O.PENDING: frozenset({O.COMMITTED}),
    O.COMPENSATED: frozenset({O.PENDING, O.COMMITTED}),
    O.STUCK: frozenset({O.PENDING, O.COMMITTED}),
}

OBLIGATION_OPERATOR_TRANSITIONS: Mapping[ObligationStatus, frozenset[ObligationStatus]] = {
    O.COMPENSATED: frozenset({O.STUCK}),
}


def run_sources(
    target: RunStatus, *, operator: bool = False, release: bool = False
) -> frozenset[RunStatus]:
    """The statuses from which a run may move to ``target`` (``release``: a STUCK run whose
    last hold just settled, :data:`RUN_RELEASE_TRANSITIONS`)."""
    sources = RUN_TRANSITIONS.get(target, frozenset())
    if operator:
        sources = sources | RUN_OPERATOR_TRANSITIONS.get(target, frozenset())
    if release:
        sources = sources | RUN_RELEASE_TRANSITIONS.get(target, frozenset())
    return sources


def effect_sources(target: EffectStatus) -> frozenset[EffectStatus]:
    """The statuses from which an effect may move to ``target``."""
    return EFFECT_TRANSITIONS.get(target, frozenset())


def obligation_sources(
    target: ObligationStatus, *, operator: bool = False
) -> frozenset[ObligationStatus]:
    """The statuses from which an obligation may move to ``target``."""
    sources = OBLIGATION_TRANSITIONS.get(target, frozenset())
    if operator:
        sources = sources | OBLIGATION_OPERATOR_TRANSITIONS.get(target, frozenset())
    return sources


def can_run(
    source: RunStatus, target: RunStatus, *, operator: bool = False, release: bool = False
) -> bool:
    """Whether a run may move from ``source`` to ``target``."""
    return source in run_sources(target, operator=operator, release=release)


def can_effect(source: EffectStatus, target: EffectStatus) -> bool:
    """Whether an effect may move from ``source`` to ``target``."""
    return source in effect_sources(target)


def can_obligation(
    source: ObligationStatus, target: ObligationStatus, *, operator: bool = False
) -> bool:
    """Whether an obligation may move from ``source`` to ``target``."""
    return source in obligation_sources(target, operator=operator)


def backoff_ms(attempt: int, *, base_ms: int = 1000, cap_ms: int = 60_000) -> int:
    """Retry delay after failed attempt number ``attempt`` (1-based): ``min(base*2^(n-1), cap)``."""
    if attempt < 1:
        return base_ms
    return int(min(base_ms * (2 ** min(attempt - 1, 32)), cap_ms))
