"""The reliability settings of the Celery app tape builds (docs/design.md, Celery), asserted on the
built app, and the settings' refusal of a time limit that Redis would cut short."""

from __future__ import annotations

import pytest

from tape import celery_app, errors
from tape.config import Settings


def _app_conf(**settings: object) -> object:
    return celery_app.create_app(Settings(dispatch_hints=False, **settings)).conf  # type: ignore[arg-type]


def test_the_built_app_acks_late_and_redelivers_a_lost_worker_s_task() -> None:
    conf = _app_conf()

    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1


def test_the_time_limit_stays_below_the_visibility_timeout() -> None:
    conf = _app_conf(visibility_timeout_s=120, task_time_limit_s=100)

    assert conf.task_time_limit == 100
    assert conf.task_soft_time_limit == 80
    assert conf.broker_transport_options["visibility_timeout"] == 120
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]


def test_the_default_app_too() -> None:
    conf = celery_app.app.conf

    assert (conf.task_acks_late, conf.task_reject_on_worker_lost) == (True, True)
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]


@pytest.mark.parametrize(("time_limit", "visibility"), [("3600", "3600"), ("4000", "3600")])
def test_settings_refuse_a_time_limit_at_or_above_the_visibility_timeout(
    time_limit: str, visibility: str
) -> None:
    env = {"TAPE_TASK_TIME_LIMIT": time_limit, "TAPE_VISIBILITY_TIMEOUT": visibility}
    with pytest.raises(errors.ConfigurationError, match="TAPE_TASK_TIME_LIMIT must be below"):
        Settings.from_env(env)


def test_settings_accept_a_time_limit_just_below_the_visibility_timeout() -> None:
    settings = Settings.from_env({"TAPE_TASK_TIME_LIMIT": "59", "TAPE_VISIBILITY_TIMEOUT": "60"})
    assert (settings.task_time_limit_s, settings.visibility_timeout_s) == (59, 60)
