"""Result types of the three connector operations.

Statuses are the literals of the public connectors docs. The spellings of the "UNKNOWN — the
third outcome" page are accepted as aliases so its examples run as written: ``kind=`` for
``status=``, ``present`` for ``confirmed`` and ``inconclusive`` for ``stuck``. Aliases are
normalised when the result is built; an unrecognised status raises ``ValueError``.

One observation status is tape's own: ``unobservable`` (alias ``cannot_observe``), the honest
answer of a connector that has no way to look at its upstream. It is never ``absent``: only a
real look may say that the call never landed (docs/design.md decision 4).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from tape import enums

__all__ = [
    "CONCLUSIVE",
    "CompensationResult",
    "CompensationStatus",
    "DispatchResult",
    "DispatchStatus",
    "ObservationResult",
    "ObservationStatus",
]

T = TypeVar("T")

DispatchStatus = Literal["confirmed", "failed", "unknown"]
ObservationStatus = Literal["confirmed", "absent", "duplicate", "failed", "stuck", "unobservable"]
CompensationStatus = Literal["compensated", "failed"]

_DISPATCH: dict[str, DispatchStatus] = {
    "confirmed": "confirmed",
    "failed": "failed",
    "unknown": "unknown",
}
_OBSERVATION: dict[str, ObservationStatus] = {
    "confirmed": "confirmed",
    "present": "confirmed",
    "absent": "absent",
    "duplicate": "duplicate",
    "failed": "failed",
    "stuck": "stuck",
    "inconclusive": "stuck",
    "unobservable": "unobservable",
    "cannot_observe": "unobservable",
    "cannot-observe": "unobservable",
}
_COMPENSATION: dict[str, CompensationStatus] = {
    "compensated": "compensated",
    "failed": "failed",
}

_RESOLUTION: dict[ObservationStatus, enums.EffectResolution] = {
    "confirmed": enums.EffectResolution.CONFIRMED,
    "absent": enums.EffectResolution.ABSENT,
    "duplicate": enums.EffectResolution.DUPLICATE,
    "failed": enums.EffectResolution.FAILED,
    "stuck": enums.EffectResolution.STUCK,
    # Nobody looked, so nothing was resolved: on the wire the cautious answer. The reconciler
    # decides per semantics before anything is recorded (an IDEMPOTENT effect is re-sent).
    "unobservable": enums.EffectResolution.STUCK,
}

#: Observation statuses that come from an actual look at the upstream and settle the question.
CONCLUSIVE: frozenset[str] = frozenset({"confirmed", "absent", "duplicate", "failed"})


def _normalise(table: Mapping[str, T], result_type: str, status: object, kind: object) -> T:
    """Resolve ``status``/``kind`` (either may be given) to one canonical literal."""
    given = [v for v in (status, kind) if v is not None]
    if not given:
        raise ValueError(
            f"{result_type} needs a status (one of {sorted(map(str, table.values()))})"
        )
    resolved: list[T] = []
    for value in given:
        # Enum members (e.g. EffectResolution.ABSENT) are accepted by name.
        text = value.name if isinstance(value, enum.Enum) else value
        if not isinstance(text, str) or text.strip().lower() not in table:
            allowed = ", ".join(repr(k) for k in table)
            raise ValueError(f"{result_type}: unknown status {value!r}; expected one of {allowed}")
        resolved.append(table[text.strip().lower()])
    if len(resolved) == 2 and resolved[0] != resolved[1]:
        raise ValueError(
            f"{result_type}: status={status!r} and kind={kind!r} disagree; give only one"
        )
    return resolved[0]


def _as_dict(value: Mapping[str, Any] | None, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping, not {type(value).__name__}")
    return dict(value)


@dataclass(init=False)
class DispatchResult:
    """What happened when the connector called the counterparty.

    ``confirmed``: the call landed; ``external_ref`` is the counterparty's id for it.
    ``failed``: the call definitively did not land (a 4xx, or the request never left); the
    outbox retries with backoff, or at ``retry_at_ms`` when set, until ``max_attempts``.
    ``unknown``: the ack was lost. The only safe non-confirmed outcome for a non-idempotent
    upstream: the effect goes UNKNOWN and the reconciler asks :meth:`EffectConnector.observe`.

    Args:
        status: ``"confirmed"``, ``"failed"`` or ``"unknown"``.
        external_ref: the counterparty's reference for the call, if any.
        response: JSON-able details of the reply (journaled; never put secrets here).
        error: JSON-able details of a failure. ``{"retryable": False}`` marks a failure that a
            retry cannot fix (see :attr:`retryable`).
        retry_at_ms: for ``failed``, the earliest time (epoch ms) to retry; 0 lets the
            dispatcher's backoff decide.
        kind: alias of ``status`` (the spelling of the "third outcome" docs).

    Raises:
        ValueError: the status is not one of the literals above.
    """

    status: DispatchStatus
    external_ref: str = ""
    response: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] = field(default_factory=dict)
    retry_at_ms: int = 0

    def __init__(
        self,
        status: str | None = None,
        external_ref: str = "",
        response: Mapping[str, Any] | None = None,
        error: Mapping[str, Any] | None = None,
        retry_at_ms: int = 0,
        *,
        kind: str | None = None,
    ) -> None:
        self.status = _normalise(_DISPATCH, "DispatchResult", status, kind)
        self.external_ref = str(external_ref or "")
        self.response = _as_dict(response, "DispatchResult.response")
        self.error = _as_dict(error, "DispatchResult.error")
        self.retry_at_ms = int(retry_at_ms)
        if self.retry_at_ms < 0:
            raise ValueError(f"DispatchResult.retry_at_ms must be >= 0, got {retry_at_ms!r}")

    @property
    def kind(self) -> DispatchStatus:
        """The status, under the name the "third outcome" docs use."""
        return self.status

    @property
    def retryable(self) -> bool:
        """False only for a ``failed`` result whose error says a retry cannot help."""
        return self.status == "failed" and bool(self.error.get("retryable", True))


@dataclass(init=False)
class ObservationResult:
    """What the connector saw at the counterparty for an effect's key.

    Statuses (aliases in brackets): ``confirmed`` [``present``] exactly one match;
    ``absent`` none — the call never landed; ``duplicate`` more than one — compensate the
    extra; ``failed`` the counterparty rejected it; ``stuck`` [``inconclusive``] — the
    upstream was asked but cannot tell now, a human decides; ``unobservable``
    [``cannot_observe``] — this connector has no way to ask (never say ``absent`` then).

    Args:
        status: one of the statuses above (or an alias, or an ``EffectResolution`` member).
        external_ref: the counterparty's reference, when it reported one.
        response: JSON-able details of the look (journaled; never put secrets here).
        kind: alias of ``status``.
        result: the upstream's record of the call, as the tool's result (JSON data), when the
            look found it: a ``confirmed`` (or ``duplicate``) observation with a ``result``
            gives the agent this value, the same shape as the normal path's answer. Without
            one the agent gets a :class:`tape.Reconciled` (:mod:`tape.reconciled`).

    Raises:
        ValueError: the status is not one of the literals above.
        TypeError: ``result`` is not JSON data.
    """

    status: ObservationStatus
    external_ref: str = ""
    response: dict[str, Any] = field(default_factory=dict)
    result: Any = None

    def __init__(
        self,
        status: str | enums.EffectResolution | None = None,
        external_ref: str = "",
        response: Mapping[str, Any] | None = None,
        *,
        kind: str | None = None,
        result: Any = None,
    ) -> None:
        self.status = _normalise(_OBSERVATION, "ObservationResult", status, kind)
        self.external_ref = str(external_ref or "")
        self.response = _as_dict(response, "ObservationResult.response")
        if result is not None:
            try:
                json.dumps(result)
            except (TypeError, ValueError):
                raise TypeError(
                    f"ObservationResult.result must be JSON data, not {type(result).__name__}"
                ) from None
        self.result = result

    @property
    def kind(self) -> ObservationStatus:
        """The status, under the name the "third outcome" docs use."""
        return self.status

    @property
    def resolution(self) -> enums.EffectResolution:
        """The ``EffectResolution`` this observation records on the wire (``unobservable``:
        STUCK, unless the reconciler re-sends an IDEMPOTENT effect instead)."""
        return _RESOLUTION[self.status]

    @property
    def conclusive(self) -> bool:
        """Whether the upstream was looked at and answered (not ``stuck``/``unobservable``)."""
        return self.status in CONCLUSIVE


@dataclass(init=False)
class CompensationResult:
    """What happened when the connector ran the inverse of a confirmed effect.

    Args:
        status: ``"compensated"`` or ``"failed"`` (the obligation is retried with backoff).
        response: JSON-able details of the reply.
        error: JSON-able details of a failure.
        kind: alias of ``status``.

    Raises:
        ValueError: the status is not one of the literals above.
    """

    status: CompensationStatus
    response: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] = field(default_factory=dict)

    def __init__(
        self,
        status: str | None = None,
        response: Mapping[str, Any] | None = None,
        error: Mapping[str, Any] | None = None,
        *,
        kind: str | None = None,
    ) -> None:
        self.status = _normalise(_COMPENSATION, "CompensationResult", status, kind)
        self.response = _as_dict(response, "CompensationResult.response")
        self.error = _as_dict(error, "CompensationResult.error")

    @property
    def kind(self) -> CompensationStatus:
        """The status, under the name the "third outcome" docs use."""
        return self.status
