"""``python -m tape``: the ``tape`` command."""

from __future__ import annotations

from tape.cli import main

main()
