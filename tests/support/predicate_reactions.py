"""Reactions the worker of ``tests/acceptance/test_reaction_pause.py`` imports
(``TAPE_IMPORTS``): one whose predicate is cheap on samples and slow on "bomb" rows, one that
is fast. Each handler appends one JSON line per call to ``$TAPE_TEST_REACTION_LOG/<name>.jsonl``.
"""

from __future__ import annotations

import json
import os

import tape
from tests.support.predicate_bombs import FAST, SLOW_ON_BOMB_ROWS

LOG_DIR = os.environ.get("TAPE_TEST_REACTION_LOG", "")


def _record(name: str, envelope: tape.Envelope) -> None:
    if not LOG_DIR:
        return
    line = json.dumps({"pid": os.getpid(), "subject": envelope.subject}) + "\n"
    fd = os.open(os.path.join(LOG_DIR, f"{name}.jsonl"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


@tape.on_value_change("bus", name="fast_rows", predicate=FAST)
def fast_rows(envelope: tape.Envelope) -> None:
    _record("fast_rows", envelope)


@tape.on_value_change("bus", name="slow_predicate", predicate=SLOW_ON_BOMB_ROWS)
def slow_predicate(envelope: tape.Envelope) -> None:
    _record("slow_predicate", envelope)
