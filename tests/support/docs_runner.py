"""Runs the Python code blocks of one documentation page, in order, in one namespace.

Started by ``tests/integration/test_docs_code_blocks.py`` as a subprocess (so the blocks'
registrations, environment and working directory stay out of the test process). It reads one
JSON request per line on stdin, ``{"code", "cwd", "name", "path"}``: it changes to ``cwd``,
writes ``code`` to ``path`` (relative to ``cwd``) when the block names a file in its first line,
executes it, and answers one JSON line on stdout, ``{"ok": true}`` or ``{"ok": false,
"error": "<traceback>"}``. A block's own output goes to stderr, so it cannot corrupt the answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any


def main() -> None:
    answers = sys.stdout
    sys.stdout = sys.stderr
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for line in sys.stdin:
        request = json.loads(line)
        os.chdir(request["cwd"])
        if request["cwd"] not in sys.path:
            sys.path.insert(0, request["cwd"])
        try:
            if request.get("path"):
                target = Path(request["path"])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(request["code"], encoding="utf-8")
            with contextlib.redirect_stdout(sys.stderr):
                exec(compile(request["code"], request["name"], "exec"), namespace)
            answer: dict[str, Any] = {"ok": True}
        except BaseException:
            answer = {"ok": False, "error": traceback.format_exc()}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
