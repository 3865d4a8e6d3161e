"""A reference connector that appends each dispatch to a JSON-lines file.

It models a non-idempotent upstream with a readable ledger: every dispatch appends a line, even
a repeated one, and :meth:`LogConnector.observe` counts the lines of an effect, so a duplicate
is visible instead of hidden. Useful for demos, parity tests and as a template.

Line formats::

    {"ts_ms", "run_id", "idempotency_key", "tool_name", "business_key", "request"}
    {"ts_ms", "compensate": {"run_id", "seq", "effect_key", "kind", "payload"}}

Each line is written with one ``write(2)`` on an ``O_APPEND`` descriptor and fsynced, so lines
from concurrent processes never interleave and a confirmed dispatch survives a crash.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from tape.connectors import base

if TYPE_CHECKING:
    from tape import records

__all__ = ["LogConnector"]

# One lock per process: O_APPEND already keeps lines whole across processes; the lock keeps
# this process's writers from racing on the same file while a reader is mid-scan.
_lock = threading.Lock()


def _parse(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text  # journal whatever we were given rather than drop it


def _external_ref(idempotency_key: str) -> str:
    return "log-" + hashlib.sha1(idempotency_key.encode("utf-8")).hexdigest()[:12]


@dataclass
class LogConnector:
    """Append one JSON line per dispatch to ``path``.

    Args:
        path: the JSON-lines file; created on first write.
        name: match key for ``@tape.effect(connector=...)``.
    """

    path: str = "/tmp/tape-outbox.jsonl"
    name: str = "log"
    #: The file is the upstream's own ledger: counting its lines is a real look.
    can_observe: ClassVar[bool] = True

    def dispatch(self, effect: records.EffectRecord) -> base.DispatchResult:
        """Append the effect's line; always ``confirmed`` with ``external_ref`` ``log-<sha1>``.

        Raises:
            OSError: the file cannot be written (the reactor treats a raise as unknown).
        """
        line = {
            "ts_ms": int(time.time() * 1000),
            "run_id": effect.run_id,
            "idempotency_key": effect.idempotency_key,
            "tool_name": effect.tool_name,
            "business_key": effect.business_key,
            "request": _parse(effect.request_json),
        }
        self._append(line)
        ref = _external_ref(effect.idempotency_key)
        return base.DispatchResult("confirmed", external_ref=ref, response={"path": self.path})

    def observe(self, effect: records.EffectRecord) -> base.ObservationResult:
        """Count the effect's dispatch lines: 0 absent, 1 confirmed, more duplicate.

        A line matches on ``idempotency_key`` and ``run_id`` (a custom key may repeat across
        runs). An unreadable file is ``stuck``.
        """
        try:
            count = self._count(effect.run_id, effect.idempotency_key)
        except OSError as exc:
            error = {"type": type(exc).__name__, "message": str(exc)}
            return base.ObservationResult("stuck", response={"error": error})
        response = {"count": count, "path": self.path}
        if count == 0:
            return base.ObservationResult("absent", response=response)
        status = "confirmed" if count == 1 else "duplicate"
        ref = _external_ref(effect.idempotency_key)
        return base.ObservationResult(status, external_ref=ref, response=response)

    def compensate(self, obligation: records.ObligationRecord) -> base.CompensationResult:
        """Append a ``compensate`` line; always ``compensated``.

        Raises:
            OSError: the file cannot be written.
        """
        record = {
            "run_id": obligation.run_id,
            "seq": obligation.seq,
            "effect_key": obligation.effect_key,
            "kind": obligation.kind,
            "payload": _parse(obligation.payload_json),
        }
        self._append({"ts_ms": int(time.time() * 1000), "compensate": record})
        return base.CompensationResult("compensated", response={"path": self.path})

    def _append(self, line: dict[str, Any]) -> None:
        data = (json.dumps(line, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8")
        with _lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                written = os.write(fd, data)
                if written != len(data):  # a short write would tear the line: refuse it
                    raise OSError(f"short write to {self.path}: {written} of {len(data)} bytes")
                os.fsync(fd)
            finally:
                os.close(fd)

    def _count(self, run_id: str, idempotency_key: str) -> int:
        with _lock:
            try:
                with open(self.path, encoding="utf-8", errors="replace") as handle:
                    return sum(1 for raw in handle if _matches(raw, run_id, idempotency_key))
            except FileNotFoundError:
                return 0


def _matches(raw: str, run_id: str, idempotency_key: str) -> bool:
    try:
        line = json.loads(raw)
    except ValueError:
        return False  # a line torn by a crash mid-write never confirmed anything
    return (
        isinstance(line, dict)
        and "compensate" not in line
        and line.get("idempotency_key") == idempotency_key
        and line.get("run_id") == run_id
    )
