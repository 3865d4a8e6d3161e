"""The beat schedule: one entry per pass, each tick expiring one interval plus a grace after it
was sent; and the filesystem broker is polled well within the shortest interval."""

from __future__ import annotations

from pathlib import Path

from tape import beat_schedule
from tape.config import FILESYSTEM_POLL_S, Settings, filesystem_transport_options


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
        expires = entry["options"]["expires"]
        assert entry["options"] == {"expires": expires, "queue": "tape.reactors"}
        assert expires == interval + max(interval, beat_schedule.TICK_GRACE_S)
    assert settings.reactor_lease_ms == 2500
    assert Settings.from_env({}).reactor_lease_ms == 60_000


def test_a_tick_outlives_a_delivery_slower_than_its_interval() -> None:
    # tape dev ticks every pass each second; a tick that expired after one interval was dropped
    # whenever the worker took it later than that (filesystem broker, busy pool).
    for interval in (0.5, 1.0, 2.0, 30.0):
        assert beat_schedule.tick_expiry(interval) >= interval + beat_schedule.TICK_GRACE_S
        assert beat_schedule.tick_expiry(interval) >= 2 * interval


def test_the_filesystem_broker_is_polled_well_within_a_tick(tmp_path: Path) -> None:
    options = filesystem_transport_options(str(tmp_path / "broker"))
    # kombu's own default poll (1 s) equals tape dev's tick interval.
    assert options["polling_interval"] == FILESYSTEM_POLL_S
    assert FILESYSTEM_POLL_S * 10 <= 1.0
