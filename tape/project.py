"""``tape.yaml``, the project file: where a project's journal and broker are.

Every command, the dashboard and the Python API (:func:`tape.runtime.settings`, so
``agent.delay()`` in a script, and the worker) read it through one rule,
:func:`tape.config.resolve_urls`, so a run started from any of them lands in the journal and on
the broker ``tape dev`` uses, and every command shows that journal. In a folder with a
``tape.yaml`` a URL missing from its ``tape:`` section is the embedded default (SQLite under
``./.tape/``, kombu's filesystem broker under ``./.tape/broker``), made absolute
against the folder so every process shares it.
"""

from __future__ import annotations

from pathlib import Path

from tape import config

#: The project file and its reader live in :mod:`tape.config`, which resolves URLs from it.
PROJECT_FILE = config.PROJECT_FILE
read = config.read_project

#: Kept for callers of the old names; the rule lives in :func:`tape.config.resolve_urls`.
absolute_sqlite = config._absolute_sqlite
absolute_broker = config._absolute_broker


def urls(workdir: Path) -> tuple[str, str] | None:
    """(database URL, broker URL) of the project in ``workdir``; None without a ``tape.yaml``.

    The ``tape:`` section with the embedded defaults, ignoring the environment (the full rule,
    flags and ``TAPE_*`` first, is :func:`tape.config.resolve_urls`).

    Raises:
        ConfigurationError: the file exists but cannot be used.
    """
    if not (workdir / PROJECT_FILE).is_file():
        return None
    resolved = config.resolve_urls(environ={}, workdir=workdir)
    return resolved.database.value, resolved.broker.value
