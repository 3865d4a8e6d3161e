"""``tape.Reconciled``: what a tool call returns when tape knows it happened, but not what it
answered.

On the normal path a tool call's result is the upstream's answer (``{"order_id": ...}``).
After a crash or a lost reply, the reconciler looks at the upstream instead (a connector's
``observe()``, or the tool's status check). When that look returns the upstream's record
(``ObservationResult(result=...)``, a status check's ``{"result": ...}``), the record is the
call's result: the same shape as without a crash. When it can only say *that* the call
happened (a status check returning ``True``, a ``count``), the call's result is a
:class:`Reconciled`, never a dict that looks like a result: code that reads ``order_id``
fails loudly instead of reading a field the reconciler made up::

    receipt = place_order(item="book")
    if isinstance(receipt, tape.Reconciled):
        receipt = fetch_order(receipt.external_ref)  # ask the upstream for the record

In the journal the effect's response is then ``{"tape:reconciled": true, "observed_by",
"external_ref", "observation"}`` (:func:`marker`); the SDK turns it into a
:class:`Reconciled` (:func:`from_response`) wherever it hands a recorded result to an agent,
and a :class:`Reconciled` the agent returns or journals is stored as that marker again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The key that marks a recorded response as "happened, result unknown".
MARKER = "tape:reconciled"


@dataclass(frozen=True)
class Reconciled:
    """A tool call that happened (a reconciler saw it upstream) whose answer is not known.

    Attributes:
        observed_by: who looked: ``connector`` (its ``observe()``) or ``status_check``.
        external_ref: the upstream's reference for the call, when the look reported one.
        observation: what the look reported (JSON data; not the call's answer).
    """

    observed_by: str
    external_ref: str = ""
    observation: dict[str, Any] = field(default_factory=dict)

    def __tape_json__(self) -> dict[str, Any]:
        """How the journal stores it (an agent may return or journal it): its marker."""
        return marker(self.observed_by, self.external_ref, self.observation)


def marker(observed_by: str, external_ref: str, observation: dict[str, Any]) -> dict[str, Any]:
    """The recorded response of a call reconciled without its result."""
    return {
        MARKER: True,
        "observed_by": observed_by,
        "external_ref": external_ref,
        "observation": observation,
    }


def is_marker(value: Any) -> bool:
    """Whether a recorded response is a :func:`marker`."""
    return isinstance(value, dict) and value.get(MARKER) is True


def from_response(value: Any) -> Any:
    """A recorded response as an agent gets it: a :class:`Reconciled` for a marker, else
    ``value`` itself."""
    if not is_marker(value):
        return value
    observation = value.get("observation")
    return Reconciled(
        observed_by=str(value.get("observed_by", "")),
        external_ref=str(value.get("external_ref", "") or ""),
        observation=observation if isinstance(observation, dict) else {},
    )
