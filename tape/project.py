"""``tape.yaml``, the project file: where a project's journal and broker are.

The CLI (``tape dev``, ``tape run``) and the Python API (:func:`tape.runtime.settings`, so
``agent.delay()`` in a script) read the same file, so a run started from either lands in the
journal and on the broker ``tape dev`` uses. In a folder with a ``tape.yaml`` a URL missing from
its ``tape:`` section is the embedded default (SQLite under ``./.tape/``, kombu's filesystem
broker under ``./.tape/broker``), made absolute against the folder so every process shares it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from tape import config, errors

PROJECT_FILE = "tape.yaml"


def read(path: Path) -> dict[str, Any]:
    """The parsed ``tape.yaml`` at ``path``.

    Raises:
        ConfigurationError: it cannot be read, or is not a ``tape.dev/v1`` TapeProject.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise errors.ConfigurationError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("kind", "TapeProject") != "TapeProject":
        raise errors.ConfigurationError(f"{path} is not a tape.dev/v1 TapeProject")
    return data


def absolute_sqlite(url: str, workdir: Path) -> str:
    """``sqlite:///.tape/dev.db`` made absolute against ``workdir`` (children share it)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url.startswith("sqlite:////"):
        return url
    relative = url[len(prefix) :]
    if not relative or relative.startswith(":memory:") or relative.startswith("file:"):
        return url
    return prefix + str((workdir / relative).resolve())


def absolute_broker(url: str, workdir: Path) -> str:
    """A relative ``filesystem://`` broker folder made absolute against ``workdir``."""
    folder = config.filesystem_broker_folder(url)
    if folder is None or os.path.isabs(folder):
        return url
    return "filesystem://" + str((workdir / folder).resolve())


def urls(workdir: Path) -> tuple[str, str] | None:
    """(database URL, broker URL) of the project in ``workdir``; None without a ``tape.yaml``.

    Raises:
        ConfigurationError: the file exists but cannot be used.
    """
    path = workdir / PROJECT_FILE
    if not path.is_file():
        return None
    section = dict(read(path).get("tape") or {})
    database = str(section.get("database_url") or "") or config.DEFAULT_DATABASE_URL
    broker = str(section.get("broker_url") or "") or config.DEV_BROKER_URL
    return absolute_sqlite(database, workdir), absolute_broker(broker, workdir)
