"""``tape.RetryPolicy``: its fields, delays and the retry loop (no I/O)."""

from __future__ import annotations

from typing import Any

import pytest

import tape
from tape import errors
from tape.agents import retry
from tape.agents.context import Parked


def test_defaults_are_the_originals() -> None:
    policy = tape.RetryPolicy()
    assert (policy.max_attempts, policy.initial_interval_s, policy.backoff_coefficient) == (3, 1, 2)
    assert (policy.max_interval_s, policy.jitter) == (60, 0.1)
    assert (policy.retry_on, policy.non_retryable) == ((Exception,), ())


def test_delays_grow_exponentially_up_to_the_cap() -> None:
    policy = tape.RetryPolicy(
        max_attempts=10, initial_interval_s=0.5, backoff_coefficient=3, max_interval_s=10, jitter=0
    )
    assert [policy.delay(n) for n in range(1, 6)] == [0.5, 1.5, 4.5, 10, 10]


def test_jitter_stays_within_its_fraction() -> None:
    policy = tape.RetryPolicy(initial_interval_s=2, jitter=0.25)
    delays = {policy.delay(1) for _ in range(200)}
    assert all(1.5 <= d <= 2.5 for d in delays) and len(delays) > 1


def test_should_retry() -> None:
    policy = tape.RetryPolicy(max_attempts=3, retry_on=(OSError,), non_retryable=(TimeoutError,))
    assert policy.should_retry(ConnectionError(), 1)
    assert policy.should_retry(ConnectionError(), 2)
    assert not policy.should_retry(ConnectionError(), 3)  # the third call was the last
    assert not policy.should_retry(TimeoutError(), 1)  # an OSError, but non_retryable wins
    assert not policy.should_retry(ValueError(), 1)
    assert tape.RetryPolicy(retry_on=OSError).retry_on == (OSError,)  # type: ignore[arg-type]  # one class is accepted


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"max_attempts": 0}, r"max_attempts must be an integer >= 1"),
        ({"max_attempts": 2.5}, r"max_attempts must be an integer >= 1"),
        ({"max_attempts": True}, r"max_attempts must be an integer >= 1"),
        ({"initial_interval_s": -1}, r"initial_interval_s must be a number >= 0"),
        ({"initial_interval_s": "1"}, r"initial_interval_s must be a number"),
        ({"backoff_coefficient": 0.5}, r"backoff_coefficient must be a number >= 1"),
        ({"max_interval_s": float("nan")}, r"max_interval_s must be a number"),
        ({"jitter": 1.5}, r"jitter must be a number >= 0 and <= 1"),
        ({"retry_on": ("ConnectionError",)}, r"retry_on must be a tuple of exception classes"),
        ({"non_retryable": [ValueError]}, r"non_retryable must be a tuple of exception classes"),
    ],
)
def test_bad_fields_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(errors.InvalidArgument, match=message):
        tape.RetryPolicy(**fields)


def test_call_retries_with_the_policys_delays() -> None:
    policy = tape.RetryPolicy(max_attempts=4, initial_interval_s=1, jitter=0)
    slept: list[float] = []
    told: list[tuple[int, str, float]] = []
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionError(f"down {len(calls)}")
        return "ok"

    result = retry.call(
        policy,
        flaky,
        describe=lambda n, exc, delay: told.append((n, str(exc), delay)),
        sleep=slept.append,
    )
    assert result == "ok" and len(calls) == 3
    assert slept == [1, 2]
    assert told == [(1, "down 1", 1), (2, "down 2", 2)]


def test_call_gives_up_with_the_last_error() -> None:
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise ConnectionError(f"attempt {len(calls)}")

    policy = tape.RetryPolicy(max_attempts=3, initial_interval_s=0)
    with pytest.raises(ConnectionError, match="attempt 3"):
        retry.call(policy, broken, sleep=lambda _: None)
    assert len(calls) == 3


@pytest.mark.parametrize(
    "exc",
    [Parked("gate"), errors.StaleLease("fenced"), errors.IllegalTransition("over"), ValueError()],
)
def test_what_is_never_retried(exc: BaseException) -> None:
    calls: list[int] = []

    def body() -> None:
        calls.append(1)
        raise exc

    policy = tape.RetryPolicy(max_attempts=5, initial_interval_s=0, retry_on=(Exception,))
    if isinstance(exc, ValueError):
        policy = tape.RetryPolicy(max_attempts=5, initial_interval_s=0, non_retryable=(ValueError,))
    with pytest.raises(type(exc)):
        retry.call(policy, body, sleep=lambda _: None)
    assert len(calls) == 1


def test_no_policy_calls_once() -> None:
    calls: list[int] = []

    def body() -> None:
        calls.append(1)
        raise ConnectionError

    with pytest.raises(ConnectionError):
        retry.call(None, body)
    assert len(calls) == 1
