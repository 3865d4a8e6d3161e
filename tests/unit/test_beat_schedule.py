"""The beat schedule: one entry per pass, each expiring after one interval."""

from __future__ import annotations

from tape import beat_schedule
from tape.config import Settings


def test_reactor_passes_are_scheduled_with_their_intervals() -> None:
    settings = Settings.from_env(
        {
            "TAPE_TIMERS_INTERVAL": "0.5",
            "TAPE_COMPENSATION_INTERVAL": "7",
            "TAPE_RECOVERY_INTERVAL": "3",
            "TAPE_REACTOR_LEASE_MS": "2500",
        }
    )
    schedule = beat_schedule.build(settings)
    expected = {
        "tape.reactors.timers": 0.5,
        "tape.reactors.compensate": 7.0,
        "tape.reactors.recover": 3.0,
    }
    for name, interval in expected.items():
        entry = schedule[name]
        assert entry["task"] == name
        assert entry["schedule"] == interval
        assert entry["options"] == {"expires": interval, "queue": "tape.reactors"}
    assert settings.reactor_lease_ms == 2500
    assert Settings.from_env({}).reactor_lease_ms == 60_000
