"""The public journal client (:class:`Journal`), built from one mixin per ledger."""

from __future__ import annotations

from tape.journal.client import Journal

__all__ = ["Journal"]
