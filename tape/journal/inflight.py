"""Model calls in flight: journaled as begun before they go out (:mod:`tape.store.inflight`)."""

from __future__ import annotations

import json
from typing import Any

from tape import errors, validate
from tape.journal.base import JournalBase
from tape.store import inflight as store


class InFlightMixin(JournalBase):
    """``BeginDecision``, ``FailDecisionCall``."""

    def begin_decision(
        self,
        *,
        run_id: str,
        decision_index: int,
        model: str = "",
        request_digest: str = "",
        provider_key: str = "",
        lease_epoch: int | None = None,
    ) -> tuple[int, int]:
        """Journal that the model call for decision ``decision_index`` is about to go out.

        A call begun earlier for the same decision and never settled (no decision recorded,
        no failure journaled) was in flight when its process died: it is journaled ``lost``
        and its unknown spend (the largest single charge this run has journaled) charged to
        the run's budget, in the same transaction, before the new begin.

        Returns:
            ``(begun_seq, lost_calls)``: the new begin's seq (name it in
            :meth:`fail_decision_call`) and how many calls were found lost.

        Raises:
            StaleLease: ``lease_epoch`` is no longer the run's. RunNotFound.
        """
        return store.begin(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            _index(decision_index),
            {
                "model": validate.optional(model, "model"),
                "request_digest": validate.optional(request_digest, "request_digest"),
                "provider_key": validate.optional(provider_key, "provider_key"),
            },
            lease_epoch=lease_epoch,
        )

    def fail_decision_call(
        self, *, run_id: str, decision_index: int, begun_seq: int, error_json: Any = None
    ) -> None:
        """Journal that the begun call ``begun_seq`` raised, so it is not taken for lost."""
        text = validate.payload(error_json, "error_json")
        store.call_failed(
            self._db,
            validate.required(run_id, "run_id", max_chars=64),
            _index(decision_index),
            _index(begun_seq),
            json.loads(text) if text else {},
        )


def _index(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise errors.InvalidArgument("decision_index and begun_seq must be integers >= 0")
    return value
