"""Moved to :mod:`tape.events.prescan`; importing it from here gives that module."""

from __future__ import annotations

import sys

from tape.events import prescan

sys.modules[__name__] = prescan
