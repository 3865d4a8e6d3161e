"""TAPE_COMPACT_AFTER: off by default; a duration turns the beat-ticked compaction pass on."""

from __future__ import annotations

import pytest

from tape import beat_schedule, durations
from tape.config import Settings
from tape.errors import ConfigurationError


def test_compaction_is_off_by_default() -> None:
    settings = Settings.from_env({})
    assert settings.compact_after_s == 0
    assert "tape.reactors.compact" not in beat_schedule.build(settings)


def test_a_hot_window_turns_the_pass_on() -> None:
    settings = Settings.from_env({"TAPE_COMPACT_AFTER": "7d", "TAPE_COMPACT_INTERVAL": "30"})
    assert settings.compact_after_s == 7 * 86_400
    entry = beat_schedule.build(settings)["tape.reactors.compact"]
    assert (entry["schedule"], entry["options"]["queue"]) == (30.0, "tape.reactors")


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("2h", 7200)])
def test_durations(text: str, seconds: float) -> None:
    assert durations.parse_seconds(text) == seconds


def test_a_bad_window_is_refused_by_name() -> None:
    with pytest.raises(ConfigurationError, match="TAPE_COMPACT_AFTER"):
        Settings.from_env({"TAPE_COMPACT_AFTER": "next week"})
