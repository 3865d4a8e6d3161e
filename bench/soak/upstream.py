"""The bank the soak dispatches to, and the faults its effects meet there.

Each effect is dealt at most one fault, for its first ``POST /wires`` (a resend after an
``absent`` observation goes through clean). Faults are registered per idempotency key just
before the effect is enqueued, with :class:`tape.testing.FakeUpstream`'s public fault API,
so the plan is reproducible from ``--seed`` and the fault list stays short (a fault is
dropped once used). ``/wires/lookup`` (the observe endpoint) is never faulted: the soak's
upstream is always observable, so a lost ack is reconciled by asking, never by resending.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Iterable

from tape.connectors.http import HTTPConnector
from tape.testing import FakeUpstream

#: (name, share of effects). What the connector makes of each, and where the effect ends:
FAULTS: tuple[tuple[str, float], ...] = (
    ("lost-ack", 0.08),  # booked; replies after the client timed out -> UNKNOWN -> observed
    ("reset", 0.04),  # booked; the socket is reset -> UNKNOWN -> observed CONFIRMED
    ("503-booked", 0.04),  # booked, then 503 -> UNKNOWN -> observed CONFIRMED
    ("503-not-booked", 0.06),  # 503, nothing booked -> UNKNOWN -> absent -> sent again
    ("slow", 0.08),  # booked; the reply comes late but within the timeout -> CONFIRMED
    ("400", 0.02),  # refused, nothing booked -> FAILED (not retryable)
)
WIRES = "/wires"
#: The connector the soak's effects name (registered in the workers by :mod:`soak.connector`).
CONNECTOR = "soak.bank"
#: The connector of the soak's own dispatcher over tape:// (:mod:`soak.remote`).
REMOTE_CONNECTOR = "soak.remote"


class FaultPlan:
    """Deals faults to effects and registers them on the upstream."""

    def __init__(self, upstream: FakeUpstream, *, seed: int, timeout_s: float) -> None:
        self.upstream = upstream
        self.timeout_s = timeout_s
        self.dealt: Counter[str] = Counter()
        self.by_key: dict[str, str] = {}
        self._random = random.Random(seed)

    def deal(self, keys: Iterable[str], *, refusals: bool = True) -> None:
        """Deal each key a fault or none; ``refusals=False`` never deals a ``400``."""
        for key in keys:
            fault = self._pick()
            if fault and (refusals or fault != "400"):
                self._register(fault, key)
                self.dealt[fault] += 1
                self.by_key[key] = fault

    def _pick(self) -> str:
        roll = self._random.random()
        for name, share in FAULTS:
            if roll < share:
                return name
            roll -= share
        return ""

    def _register(self, fault: str, key: str) -> None:
        up = self.upstream
        if fault == "lost-ack":
            up.delay(self.timeout_s + 1.5, key=key, path=WIRES)
        elif fault == "reset":
            up.reset_connection(key=key, path=WIRES)
        elif fault == "503-booked":
            up.respond(503, {"error": "unavailable"}, key=key, path=WIRES, commit=True)
        elif fault == "503-not-booked":
            up.respond(503, {"error": "unavailable"}, key=key, path=WIRES)
        elif fault == "slow":
            up.delay(min(0.3, self.timeout_s / 4), key=key, path=WIRES)
        elif fault == "400":
            up.respond(400, {"error": "account closed"}, key=key, path=WIRES)
        else:
            raise ValueError(fault)

    def summary(self) -> str:
        return ", ".join(f"{name} {self.dealt[name]}" for name, _ in FAULTS)


def bank_connector(name: str) -> HTTPConnector:
    """The connector ``name`` to the bank at ``$SOAK_UPSTREAM_URL`` (in a worker or the
    dispatcher: the soak passes the URL and timeout in the environment)."""
    url = os.environ["SOAK_UPSTREAM_URL"]
    return HTTPConnector(
        name=name,
        endpoint=f"{url}/wires",
        observe_endpoint=f"{url}/wires/lookup",
        timeout_s=float(os.environ.get("SOAK_HTTP_TIMEOUT_S", "2")),
    )


def posts_by_key(upstream: FakeUpstream) -> Counter[str]:
    """``POST /wires`` requests received per idempotency key (booked or not)."""
    return Counter(r.idempotency_key for r in upstream.requests if r.path == WIRES)
