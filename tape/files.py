"""What tape creates on disk is its user's alone: files ``0600``, folders ``0700``.

The SQLite journal holds every payload (prompts, tool arguments, what upstreams answered) and
``.tape/`` holds it, the dev broker's messages and the dev logs, so neither is created
readable by other users, whatever the umask. SQLite creates a journal's ``-wal`` and ``-shm``
files with the journal's own mode. Files and folders that exist already are left as they are:
their modes are the operator's choice.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dirs(path: str | os.PathLike[str]) -> None:
    """Create the folder ``path`` and its missing parents, each ``0700``."""
    missing = []
    current = Path(path).absolute()
    while not current.exists() and current.parent != current:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # another process made it meanwhile
            if not folder.is_dir():
                raise


def private_file(path: str | os.PathLike[str]) -> None:
    """Create ``path`` empty and ``0600`` unless it exists (its folder must exist)."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(handle)
