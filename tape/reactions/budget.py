"""Moved to :mod:`tape.events.budget`; importing it from here gives that module."""

from __future__ import annotations

import sys

from tape.events import budget

sys.modules[__name__] = budget
