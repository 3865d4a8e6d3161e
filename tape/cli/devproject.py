"""What ``tape dev`` runs: URLs and the app module, from flags, the environment, ``tape.yaml``
or the embedded defaults (in that order).

With no ``tape.yaml`` and no ``--app``, the built-in demo (:mod:`tape.demo`) runs, so
``tape dev --kill-resume-demo`` works in an empty directory with only tape installed.
"""

from __future__ import annotations

import importlib
import inspect
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tape import config, errors
from tape import project as project_file

BUILTIN_APP = "tape.demo"
BUILTIN_ENTRYPOINT = "tape.demo.agent:pay_invoice"
PROJECT_FILE = project_file.PROJECT_FILE


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


_read_yaml = project_file.read
_absolute_sqlite = project_file.absolute_sqlite
_absolute_broker = project_file.absolute_broker


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


def import_problem(module: str, env: dict[str, str]) -> str:
    """Why ``module`` cannot be imported by the worker (its environment ``env``), or "".

    Imported in a fresh interpreter, as the worker will: this process keeps no half-imported
    module, and the module reads the same environment (the fake bank's URL) it will read there.
    """
    check = subprocess.run(
        [sys.executable, "-c", f"import importlib; importlib.import_module({module!r})"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check.returncode == 0:
        return ""
    lines = [line for line in check.stderr.strip().splitlines() if line.strip()]
    reason = lines[-1].strip() if lines else f"exit status {check.returncode}"
    return f"cannot import the app module {module!r}: {reason}"


def run_hint(project: DevProject, agent: Any) -> str:
    """The startup line saying how to start a run from another shell."""
    name = getattr(agent, "name", "") or "AGENT"
    try:
        names = list(inspect.signature(agent.fn).parameters)[1:]  # after ctx
    except (AttributeError, TypeError, ValueError):
        names = list(project.demo_inputs)
    args = " ".join(f"--arg {key}=..." for key in names) or "--arg key=value"
    return f"Start a run from another shell: tape run {name} {args} --wait"
