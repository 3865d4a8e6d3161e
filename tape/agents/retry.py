"""``tape.RetryPolicy``: how an inline effect's body is retried within one run attempt.

Every attempt runs under the same effect, so the body sees the same idempotency key each time
(:func:`tape.current_effect_key`): a retry that lands "twice" at the network level is deduped
by the counterparty, as a re-drive after a crash is. The delays are upstream Tape's:
``min(initial · coefficient^(attempt-1), max) · (1 ± U(jitter))``.

For an outbox effect only ``max_attempts`` applies (the dispatcher's own backoff schedules the
retries, docs/design.md decision 9).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from tape import errors

logger = logging.getLogger(__name__)

T = TypeVar("T")
ExceptionTypes = tuple[type[BaseException], ...]


def _exception_types(value: Any, field: str) -> ExceptionTypes:
    if isinstance(value, type):
        value = (value,)
    if not isinstance(value, tuple) or not all(
        isinstance(t, type) and issubclass(t, BaseException) for t in value
    ):
        raise errors.InvalidArgument(f"RetryPolicy.{field} must be a tuple of exception classes")
    return value


def _number(value: Any, field: str, *, minimum: float, maximum: float | None = None) -> None:
    bad = isinstance(value, bool) or not isinstance(value, (int, float)) or value != value
    if bad or value < minimum or (maximum is not None and value > maximum):
        bounds = f">= {minimum}" + (f" and <= {maximum}" if maximum is not None else "")
        raise errors.InvalidArgument(
            f"RetryPolicy.{field} must be a number {bounds}, not {value!r}"
        )


@dataclass(frozen=True)
class RetryPolicy:
    """Retry a failing inline effect body with exponential backoff.

    Attributes:
        max_attempts: calls in all, the first included (>= 1).
        initial_interval_s: the delay before the first retry.
        backoff_coefficient: each further delay is this many times the last (>= 1).
        max_interval_s: the cap on one delay.
        jitter: each delay is scaled by a random factor in ``[1 - jitter, 1 + jitter]``.
        retry_on: exception classes that are retried.
        non_retryable: exception classes that are never retried (checked first).

    Raises:
        InvalidArgument: a field out of range.
    """

    max_attempts: int = 3
    initial_interval_s: float = 1.0
    backoff_coefficient: float = 2.0
    max_interval_s: float = 60.0
    jitter: float = 0.1
    retry_on: ExceptionTypes = (Exception,)
    non_retryable: ExceptionTypes = ()

    def __post_init__(self) -> None:
        if (
            isinstance(self.max_attempts, bool)
            or not isinstance(self.max_attempts, int)
            or self.max_attempts < 1
        ):
            raise errors.InvalidArgument(
                f"RetryPolicy.max_attempts must be an integer >= 1, not {self.max_attempts!r}"
            )
        _number(self.initial_interval_s, "initial_interval_s", minimum=0)
        _number(self.backoff_coefficient, "backoff_coefficient", minimum=1)
        _number(self.max_interval_s, "max_interval_s", minimum=0)
        _number(self.jitter, "jitter", minimum=0, maximum=1)
        object.__setattr__(self, "retry_on", _exception_types(self.retry_on, "retry_on"))
        object.__setattr__(
            self, "non_retryable", _exception_types(self.non_retryable, "non_retryable")
        )

    def should_retry(self, exc: BaseException, attempt: int) -> bool:
        """Whether to call again after ``exc`` ended ``attempt`` (1 = the first call)."""
        if attempt >= self.max_attempts:
            return False
        if self.non_retryable and isinstance(exc, self.non_retryable):
            return False
        return isinstance(exc, self.retry_on)

    def delay(self, attempt: int) -> float:
        """Seconds to wait after ``attempt`` failed, before the next one."""
        base = self.initial_interval_s * self.backoff_coefficient ** max(0, attempt - 1)
        delay = min(base, self.max_interval_s)
        if self.jitter > 0:
            delay *= 1.0 + random.uniform(-self.jitter, self.jitter)
        return max(delay, 0.0)


#: Raised by tape itself inside a body; retrying cannot help (the attempt was fenced off, or
#: the run is over), so they always propagate at once.
_NEVER_RETRIED: ExceptionTypes = (errors.LeaseError, errors.IllegalTransition)


def call(
    policy: RetryPolicy | None,
    fn: Callable[[], T],
    *,
    describe: Callable[[int, BaseException, float], None] | None = None,
    sleep: Callable[[float], Any] = time.sleep,
) -> T:
    """``fn()``, retried under ``policy`` (once when it is None); the last error propagates.

    ``describe(attempt, error, delay)`` is told about each retry before its delay.
    Only ``Exception`` subclasses are retried: a ``BaseException`` (a parked run, an
    interrupt) always ends the call.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return fn()
        except Exception as exc:
            if (
                policy is None
                or isinstance(exc, _NEVER_RETRIED)
                or not policy.should_retry(exc, attempt)
            ):
                raise
            delay = policy.delay(attempt)
            if describe is not None:
                describe(attempt, exc, delay)
            sleep(delay)
