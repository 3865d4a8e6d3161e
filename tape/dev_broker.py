"""``tape dev``'s broker: kombu's filesystem transport, with every file written whole before a
consumer can see it.

kombu's own transport creates a message file in the queue folder and then writes it. A
consumer polling the folder in between moved the empty file away, read nothing, and its
``json.loads`` error stopped the worker ("Unrecoverable error: JSONDecodeError") with the
message lost. The faster the folder is polled, the more often that happened. Here a message is
written to a dot-file (no queue's ``.<queue>.msg`` suffix, so no consumer picks it up) and then
renamed into place, which is atomic on one filesystem. An exchange table read while its first
writer is still creating it (an empty file) reads as no bindings yet.

:func:`tape.celery_app.celery_config` selects this transport (``broker_transport``) for a
``filesystem://`` broker URL, so the worker, beat and every producer going through tape's app
use it.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from time import monotonic
from typing import IO, Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils import json as kombu_json

#: The ``broker_transport`` setting naming :class:`Transport`.
TRANSPORT = "tape.dev_broker:Transport"

# kombu's helpers, typed (kombu ships none): its JSON keeps the payloads kombu itself writes.
_dumps: Callable[[Any], str] = kombu_json.dumps
_loads: Callable[[str], Any] = kombu_json.loads
_lock: Callable[[IO[str], int], None] = filesystem.lock
_unlock: Callable[[IO[str]], None] = filesystem.unlock
_exchange_file: Callable[[filesystem.Channel, str], Path] = filesystem.Channel._exchange_file


class Channel(filesystem.Channel):
    """A filesystem channel whose messages appear in the queue folder complete."""

    # kombu's own classes disagree on the second parameter's name (payload / message).
    def _put(self, queue: Any, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        # The name kombu gives a message (its consumer sorts by it: oldest first).
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        folder = self.data_folder_out
        partial = os.path.join(folder, f".{name}.part")
        try:
            with open(partial, "wb") as f:
                f.write(_dumps(payload).encode())
            os.replace(partial, os.path.join(folder, name))
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise ChannelError(f"Cannot add a message file to {folder!r}") from exc

    def get_table(self, exchange: str) -> list[Any]:
        file = _exchange_file(self, exchange)  # kombu's checks of the exchange name
        try:
            with file.open("r") as f_obj:
                _lock(f_obj, filesystem.LOCK_SH)
                try:
                    text = f_obj.read()
                finally:
                    _unlock(f_obj)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ChannelError(f"Cannot open {file}") from exc
        if not text.strip():  # its first writer created it and has not written it yet
            return []
        return [filesystem.exchange_queue_t(*q) for q in _loads(text)]


class Transport(filesystem.Transport):
    """kombu's filesystem transport with :class:`Channel`."""

    Channel = Channel
