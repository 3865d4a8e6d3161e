"""A clock tests move by hand (``Journal(url, clock=FakeClock())``)."""

from __future__ import annotations

import time


class FakeClock:
    """Epoch-ms clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = int(time.time() * 1000)

    def __call__(self) -> int:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += ms
