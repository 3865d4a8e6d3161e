"""TAPE_TASK_BATCH: how many reaction tasks a worker process claims at once."""

from __future__ import annotations

import pytest

from tape.config import Settings
from tape.errors import ConfigurationError
from tape.reactions import dispatch


def test_the_batch_defaults_to_the_work_options_and_is_read_from_the_environment() -> None:
    assert Settings.from_env({}).task_batch == dispatch.WorkOptions.batch == 64
    assert Settings.from_env({"TAPE_TASK_BATCH": "8"}).task_batch == 8


@pytest.mark.parametrize("text", ["0", "-3", "many"])
def test_a_batch_below_one_or_not_a_number_is_refused_by_name(text: str) -> None:
    with pytest.raises(ConfigurationError, match="TAPE_TASK_BATCH"):
        Settings.from_env({"TAPE_TASK_BATCH": text})
