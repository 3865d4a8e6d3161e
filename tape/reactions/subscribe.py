"""Moved to :mod:`tape.store.subscribe`; importing it from here gives that module."""

from __future__ import annotations

import sys

from tape.store import subscribe

sys.modules[__name__] = subscribe
