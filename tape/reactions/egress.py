"""Moved to :mod:`tape.events.egress`; importing it from here gives that module."""

from __future__ import annotations

import sys

from tape.events import egress

sys.modules[__name__] = egress
