"""Moved to :mod:`tape.events.records`; importing it from here gives that module."""

from __future__ import annotations

import sys

from tape.events import records

sys.modules[__name__] = records
