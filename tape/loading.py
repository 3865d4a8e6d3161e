"""Loading user code named on a command line or in ``TAPE_IMPORTS``.

A spec is a module (``my_app.connectors``), ``module:attr`` (the module is imported; if the
attribute is a connector instance it is registered), or a path to a ``.py`` file.

Specs are operator configuration (a command line, the process environment, ``tape.yaml``),
never journal data: nothing read from the journal or from a network request reaches
:func:`load`. Code the journal refers to is looked up by name in what these modules
registered (:mod:`tape.registry`, :mod:`tape.connectors`, declared agents and reactions).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tape import connectors, errors


def load(spec: str) -> Any:
    """Import what ``spec`` names and return it.

    Raises:
        ConfigurationError: the module, attribute or file cannot be loaded.
    """
    try:
        if spec.endswith(".py") or Path(spec).is_file():
            return _load_file(Path(spec))
        module_name, _, attr = spec.partition(":")
        module = importlib.import_module(module_name)
        if not attr:
            return module
        target = getattr(module, attr)
    except errors.ConfigurationError:
        raise
    except (ImportError, AttributeError, OSError, SyntaxError) as exc:
        raise errors.ConfigurationError(
            f"cannot load {spec!r}: {type(exc).__name__}: {exc}"
        ) from None
    if _is_connector(target):
        connectors.register(target)
    return target


def load_env_imports(environ: Mapping[str, str] | None = None) -> list[str]:
    """Import every spec of ``TAPE_IMPORTS`` (comma-separated), as a worker does at start.

    Returns:
        The specs loaded, in order.

    Raises:
        ConfigurationError: a spec cannot be loaded.
    """
    env = os.environ if environ is None else environ
    specs = [spec.strip() for spec in env.get("TAPE_IMPORTS", "").split(",") if spec.strip()]
    for spec in specs:
        load(spec)
    return specs


def _load_file(path: Path) -> Any:
    if not path.is_file():
        raise errors.ConfigurationError(f"cannot load {str(path)!r}: no such file")
    name = f"tape_loaded_{path.stem}_{abs(hash(str(path.resolve()))) & 0xFFFFFF:x}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise errors.ConfigurationError(f"cannot load {str(path)!r}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _is_connector(obj: Any) -> bool:
    return (
        not isinstance(obj, type)
        and isinstance(getattr(obj, "name", None), str)
        and callable(getattr(obj, "dispatch", None))
    )
