"""``@tape.effect``, ``@tape.outbox_tool`` and ``@tape.agent`` keep the decorated function's
types: ``mypy --strict`` over tests/typing/decorated.py (``assert_type``, and calls with wrong
arguments that must be errors, each marked ``type: ignore`` so an unused one fails too)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_decorators_keep_the_functions_types() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--warn-unused-ignores",
            "--no-incremental",
            "--follow-imports=silent",
            str(ROOT / "tests" / "typing" / "decorated.py"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
