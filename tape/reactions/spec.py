"""Moved to :mod:`tape.events.spec`; importing it from here gives that module."""

from __future__ import annotations

import sys

from tape.events import spec

sys.modules[__name__] = spec
