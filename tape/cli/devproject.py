"""What ``tape dev`` runs: URLs and the app module, from flags, the environment, ``tape.yaml``
or the embedded defaults (in that order).

With no ``tape.yaml`` and no ``--app``, the built-in demo (:mod:`tape.demo`) runs, so
``tape dev --kill-resume-demo`` works in an empty directory with only tape installed.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tape import config, errors

BUILTIN_APP = "tape.demo"
BUILTIN_ENTRYPOINT = "tape.demo.agent:pay_invoice"
PROJECT_FILE = "tape.yaml"


@dataclass(frozen=True)
class DevProject:
    """The resolved configuration of one ``tape dev``."""

    workdir: Path
    database_url: str
    broker_url: str
    app_module: str
    entrypoint: str
    demo_inputs: dict[str, Any] = field(default_factory=dict)
    source: str = "built-in demo"

    @property
    def embedded(self) -> bool:
        """True when both the journal and the broker need no server."""
        return self.database_url.startswith("sqlite") and self.broker_url.startswith(
            "filesystem://"
        )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise errors.ConfigurationError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("kind", "TapeProject") != "TapeProject":
        raise errors.ConfigurationError(f"{path} is not a tape.dev/v1 TapeProject")
    return data


def _absolute_sqlite(url: str, workdir: Path) -> str:
    """``sqlite:///.tape/dev.db`` made absolute against ``workdir`` (children share it)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url.startswith("sqlite:////"):
        return url
    relative = url[len(prefix) :]
    if not relative or relative.startswith(":memory:") or relative.startswith("file:"):
        return url
    return prefix + str((workdir / relative).resolve())


def _absolute_broker(url: str, workdir: Path) -> str:
    folder = config.filesystem_broker_folder(url)
    if folder is None or os.path.isabs(folder):
        return url
    return "filesystem://" + str((workdir / folder).resolve())


def resolve(
    workdir: Path, *, database_url: str = "", broker_url: str = "", app: str = ""
) -> DevProject:
    """Flags first, then ``TAPE_DATABASE_URL``/``TAPE_BROKER_URL``, then ``tape.yaml``, then
    the embedded defaults (SQLite at ``./.tape/dev.db``, filesystem broker under
    ``./.tape/broker``)."""
    section: dict[str, Any] = {}
    agent: dict[str, Any] = {}
    project: dict[str, Any] = {}
    source = "built-in demo"
    path = workdir / PROJECT_FILE
    if path.is_file():
        data = _read_yaml(path)
        project = dict(data.get("project") or {})
        agent = dict(data.get("agent") or {})
        section = dict(data.get("tape") or {})
        source = str(path)
    db = (
        database_url
        or os.environ.get("TAPE_DATABASE_URL", "")
        or str(section.get("database_url") or "")
        or config.DEFAULT_DATABASE_URL
    )
    broker = (
        broker_url
        or os.environ.get("TAPE_BROKER_URL", "")
        or str(section.get("broker_url") or "")
        or config.DEV_BROKER_URL
    )
    module, _, attribute = app.partition(":")
    if module:
        entrypoint = f"{module}:{attribute}" if attribute else ""
        source = f"--app {app}"
    elif project or agent:
        module = str(project.get("module") or "app")
        entrypoint = str(agent.get("entrypoint") or "")
    else:
        module, entrypoint = BUILTIN_APP, BUILTIN_ENTRYPOINT
    inputs = agent.get("demo_inputs") or {}
    if not isinstance(inputs, dict):
        raise errors.ConfigurationError(f"{path}: agent.demo_inputs must be a mapping")
    return DevProject(
        workdir=workdir,
        database_url=_absolute_sqlite(db, workdir),
        broker_url=_absolute_broker(broker, workdir),
        app_module=module,
        entrypoint=entrypoint,
        demo_inputs=dict(inputs),
        source=source,
    )


def load_entrypoint(spec: str) -> Any:
    """The object ``module:attribute`` names.

    Raises:
        ConfigurationError: it cannot be imported.
    """
    module_name, _, attribute = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
        return getattr(module, attribute) if attribute else module
    except (ImportError, AttributeError) as exc:
        raise errors.ConfigurationError(f"cannot load {spec!r}: {exc}") from None
