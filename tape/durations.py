"""Durations people type (``90s``, ``15m``, ``24h``, ``7d``, or plain seconds)."""

from __future__ import annotations

import re

_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)


def parse_seconds(text: str) -> float:
    """``text`` in seconds.

    Raises:
        ValueError: not a non-negative number with an optional s/m/h/d/w suffix.
    """
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(
            f"not a duration: {text!r} (a number of seconds, or with a unit: 90s, 15m, 24h, 7d, 2w)"
        )
    return float(match.group(1)) * _UNITS[match.group(2).lower()]
