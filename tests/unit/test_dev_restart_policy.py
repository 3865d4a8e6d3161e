"""``tape dev``'s restart policy: backoff doubling inside the window, a cap on restart storms."""

from __future__ import annotations

from tape.cli.devprocs import RestartPolicy


def test_first_restart_waits_the_first_delay() -> None:
    assert RestartPolicy(first_delay_s=1.0).delay([], now=100.0) == 1.0


def test_delay_doubles_with_each_recent_restart_up_to_the_cap() -> None:
    policy = RestartPolicy(first_delay_s=1.0, max_delay_s=5.0, window_s=60.0, max_restarts=10)
    assert [policy.delay([100.0] * n, now=101.0) for n in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_restarts_outside_the_window_are_forgotten() -> None:
    policy = RestartPolicy(first_delay_s=1.0, window_s=60.0, max_restarts=3)
    assert policy.delay([0.0, 1.0, 2.0], now=70.0) == 1.0


def test_a_restart_storm_gives_up() -> None:
    policy = RestartPolicy(window_s=60.0, max_restarts=3)
    assert policy.delay([10.0, 20.0], now=30.0) is not None
    assert policy.delay([10.0, 20.0, 29.0], now=30.0) is None
