"""``ScriptedModel``: canned responses in order, for tests and the demo."""

from __future__ import annotations

import copy
import fcntl
import os
import time
from pathlib import Path
from typing import Any

from tape.llm import base


class ScriptedModel:
    """Returns ``responses`` in order, one per call, and counts the calls.

    Per run by default: inside a run (``ctx.decide(model, ...)``) the answer is
    ``responses[n]`` where ``n`` counts this model's earlier decisions *in that run* (replayed
    ones included, read from the run's context). So one module-level ``ScriptedModel`` serves
    every run from the first answer, and a run re-driven in another worker process goes on
    with the right answer. Outside a run (or with ``per_run=False``) calls share one sequence.

    Args:
        responses: what the model answers, in order (the last one repeats when they run out).
        name: journaled with each decision (and what per-run positions are counted by).
        counter_path: a file holding the call count, shared by every process that uses the
            same path, so a test can count the model calls made in worker processes
            (:meth:`count_at`). Outside a run (or ``per_run=False``) the shared sequence's
            position is read from it.
        per_run: index answers by the run's own decisions (default); ``False``: one sequence
            for every call in the process (or across processes with ``counter_path``).
        delay_s: seconds to wait before answering (a slow provider), at the position
            ``delay_at`` only (every call when None).
        delay_at: the position (as the answers are indexed) that waits ``delay_s``.
        delay_once_path: when given, only the first process to create this file (``O_EXCL``)
            waits: a test kills that process during the call, and the re-drive is quick.
    """

    def __init__(
        self,
        responses: list[dict[str, Any]],
        name: str = "scripted",
        *,
        counter_path: str | os.PathLike[str] | None = None,
        per_run: bool = True,
        delay_s: float = 0.0,
        delay_at: int | None = None,
        delay_once_path: str | os.PathLike[str] | None = None,
    ) -> None:
        if not responses:
            raise ValueError("ScriptedModel needs at least one response")
        if delay_s < 0:
            raise ValueError("delay_s must be >= 0")
        self.delay_s = delay_s
        self.delay_at = delay_at
        self.delay_once_path = Path(delay_once_path) if delay_once_path else None
        self.name = name
        self.responses = list(responses)
        self.counter_path = Path(counter_path) if counter_path else None
        self.per_run = per_run
        self._calls = 0
        self.requests: list[dict[str, Any]] = []

    @property
    def calls(self) -> int:
        """How many times the model was called (across processes with ``counter_path``)."""
        if self.counter_path is not None:
            return self.count_at(self.counter_path)
        return self._calls

    @staticmethod
    def count_at(path: str | os.PathLike[str]) -> int:
        """The call count stored at ``path`` (0 when the file does not exist)."""
        try:
            text = Path(path).read_text().strip()
        except FileNotFoundError:
            return 0
        return int(text or 0)

    def reset(self, responses: list[dict[str, Any]] | None = None) -> None:
        """Start again from the first response (optionally new ones); zero the count."""
        if responses is not None:
            self.responses = list(responses)
        self._calls = 0
        self.requests.clear()
        if self.counter_path is not None:
            self.counter_path.write_text("0")

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(request)
        shared = self._next_position()
        position = self._run_position()
        if position is None:
            position = shared
        if self.delay_s and self.delay_at in (None, position) and self._delay_here():
            time.sleep(self.delay_s)
        return copy.deepcopy(self.responses[min(position, len(self.responses) - 1)])

    def _delay_here(self) -> bool:
        if self.delay_once_path is None:
            return True
        try:
            os.close(os.open(self.delay_once_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            return False
        return True

    def _run_position(self) -> int | None:
        """This model's position in the current run, or None (outside a run, or not per run)."""
        if not self.per_run:
            return None
        ctx = base.current_run.get()
        return ctx.model_position(self.name) if ctx is not None else None

    def _next_position(self) -> int:
        if self.counter_path is None:
            self._calls += 1
            return self._calls - 1
        # An exclusive lock makes read-increment-write atomic across worker processes.
        with open(self.counter_path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            position = int(handle.read().strip() or 0)
            handle.seek(0)
            handle.truncate()
            handle.write(str(position + 1))
            handle.flush()
            os.fsync(handle.fileno())
        self._calls += 1
        return position
