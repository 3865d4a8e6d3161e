"""Text from the journal made safe for a terminal: control characters shown, never obeyed.

Journaled strings (prompts, model output, tool and app names, payloads, errors) are data. Sent
to a terminal as they are, an escape sequence would restyle it, move the cursor, set the
window title, print an OSC-8 link whose target is not what it shows, or ring the bell; a
carriage return would overwrite what came before it on the line. :func:`printable` shows every
such character as a visible escape (``\\x1b``, ``\\x9b``, ``\\u202e``) instead. Rich markup is
the CLI's business: :mod:`tape.cli.render` builds its views from :func:`printable` text that
Rich never parses as markup.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 controls but tab and newline, DEL and C1 controls (ESC starts ANSI and OSC sequences, 0x9b
# is a one-byte CSI), and the bidirectional overrides and isolates that reorder how a line reads
# ("Trojan source"); one-line text also loses its tabs and newlines.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_MULTI_LINE = re.compile(f"[{_CONTROLS}]")
_ONE_LINE = re.compile(f"[{_CONTROLS}\t\n]")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _shown(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, *, one_line: bool = True) -> str:
    """``text`` (``str()`` of it) with every control character shown as an escape.

    Args:
        text: what to show.
        one_line: also show newlines and tabs as ``\\n`` and ``\\t`` (for a table cell's
            neighbour or a line of a stream); False keeps them (a multi-line message).

    Returns:
        Text without any character a terminal would act on.
    """
    value = text if isinstance(text, str) else str(text)
    return (_ONE_LINE if one_line else _MULTI_LINE).sub(_shown, value)
