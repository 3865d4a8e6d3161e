"""Moved to :mod:`tape.events.predicates`; importing it from here gives that module."""

from __future__ import annotations

import sys

from tape.events import predicates

sys.modules[__name__] = predicates
