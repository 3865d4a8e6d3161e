"""Moved to :mod:`tape.events.egress_http`; importing it from here gives that module."""

from __future__ import annotations

import sys

from tape.events import egress_http

sys.modules[__name__] = egress_http
