"""``docker/compose.yaml``: every long-running service is restarted when it dies (a killed
Celery worker or beat does not come back by itself); the one-shot migration is not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker" / "compose.yaml"
ONE_SHOT = {"migrate"}


def _services() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"])


def test_long_running_services_restart_on_failure() -> None:
    services = _services()
    assert {"worker", "beat", "postgres", "redis", "flower"} <= set(services)
    for name, service in services.items():
        if name in ONE_SHOT:
            continue
        assert service.get("restart") in ("unless-stopped", "always", "on-failure"), name


def test_the_migration_runs_once() -> None:
    assert _services()["migrate"]["restart"] == "no"
