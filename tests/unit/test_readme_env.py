"""Every ``TAPE_*`` variable the code reads is in the configuration table (issue 14), which is
docs/configuration.md since the README was cut down (issue 28).

"The code" is what ships and deploys: ``tape/`` (Python and the scaffold's templates),
``worker/`` and ``docker/``. A name in the table may cover several variables
(``TAPE_RECONCILE_INTERVAL``, ``TAPE_TIMERS_INTERVAL``, ... in one row).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"\bTAPE_[A-Z0-9_]*[A-Z0-9]\b")
SOURCES = ("tape", "worker", "docker")
SUFFIXES = {".py", ".sh", ".yaml", ".tmpl", ""}


def _code_names() -> set[str]:
    found: set[str] = set()
    for top in SOURCES:
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                found |= set(NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


def _table_names() -> set[str]:
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith("|")]
    return {name for row in rows for name in NAME.findall(row.split("|")[1])}


def test_every_tape_variable_in_the_code_is_in_the_configuration_table() -> None:
    code = _code_names()
    assert {"TAPE_DATABASE_URL", "TAPE_IMPORTS", "TAPE_OPERATOR"} <= code  # the grep works

    missing = sorted(code - _table_names())

    assert missing == [], f"add these to docs/configuration.md's table: {missing}"
