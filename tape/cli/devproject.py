"""What ``tape dev`` runs: URLs and the app module, from flags, the environment, ``tape.yaml``
or the embedded defaults (in that order).

With no ``tape.yaml`` and no ``--app``, the built-in demo (:mod:`tape.demo`) runs, so
``tape dev --kill-resume-demo`` works in an empty directory with only tape installed.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import inspect
import os
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


def resolve(
    workdir: Path, *, database_url: str = "", broker_url: str = "", app: str = ""
) -> DevProject:
    """The URLs by :func:`tape.config.resolve_urls` (flags, then ``TAPE_*``, then ``tape.yaml``,
    then the embedded defaults: SQLite at ``./.tape/dev.db``, filesystem broker under
    ``./.tape/broker``); the app module from ``--app`` or ``tape.yaml``."""
    agent: dict[str, Any] = {}
    project: dict[str, Any] = {}
    source = "built-in demo"
    path = workdir / PROJECT_FILE
    if path.is_file():
        data = _read_yaml(path)
        project = dict(data.get("project") or {})
        agent = dict(data.get("agent") or {})
        source = str(path)
    urls = config.resolve_urls(database_url=database_url, broker_url=broker_url, workdir=workdir)
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
        database_url=urls.database.value,
        broker_url=urls.broker.value,
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
    """Why the worker (environment ``env``) will not find ``module``, or "".

    Looked up on the worker's path without executing anything (no module code runs in this
    process before its environment is complete): a missing module or package is one line
    here instead of a Celery traceback from every child later.
    """
    extra = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    path: list[str] | None = [*extra, *sys.path]
    parts = module.split(".")
    for depth in range(1, len(parts) + 1):
        name = ".".join(parts[:depth])
        if path is None:
            parent = ".".join(parts[: depth - 1])
            return f"cannot import the app module {module!r}: {parent!r} is not a package"
        spec = _find_spec(name, path, top_level=depth == 1)
        if spec is None:
            return f"cannot import the app module {module!r}: no module named {name!r}"
        locations = spec.submodule_search_locations
        path = list(locations) if locations is not None else None
    return ""


def _find_spec(name: str, path: list[str], *, top_level: bool) -> Any:
    """Ask the import system's finders for ``name`` without importing it (editable installs
    may use their own meta-path finder; a top-level one searches ``sys.path`` itself)."""
    spec = importlib.machinery.PathFinder.find_spec(name, path)
    if spec is not None:
        return spec
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        if find is None or finder is importlib.machinery.PathFinder:
            continue
        try:
            spec = find(name, None if top_level else path)
        except Exception:  # a third-party finder that cannot answer: not a verdict
            continue
        if spec is not None:
            return spec
    return None


def run_hint(project: DevProject, agent: Any) -> str:
    """The startup line saying how to start a run from another shell."""
    name = getattr(agent, "name", "") or "AGENT"
    try:
        names = list(inspect.signature(agent.fn).parameters)[1:]  # after ctx
    except (AttributeError, TypeError, ValueError):
        names = list(project.demo_inputs)
    args = " ".join(f"--arg {key}=..." for key in names) or "--arg key=value"
    return f"Start a run from another shell: tape run {name} {args} --wait"
