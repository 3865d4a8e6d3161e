"""A module whose import leaves a marker file: proof that something imported it.

Named in a ``compensator_ref`` (``tests.support.import_marker:system``) by the hostile-input
tests, which assert the marker never appears. The marker's path is
``TAPE_TEST_IMPORT_MARKER`` (``TAPE_TEST_*`` survive the conftest's purge of ``TAPE_*``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

_MARKER = os.environ.get("TAPE_TEST_IMPORT_MARKER", "")
if _MARKER:
    Path(_MARKER).write_text("imported\n")


def system(**payload: Any) -> int:
    """What the hostile ref would have called."""
    if _MARKER:
        Path(_MARKER).write_text(f"called with {payload!r}\n")
    return 0
