"""tape dev's broker (``tape.dev_broker``): a consumer never sees a message before it is whole.

A producer thread and a consumer thread share one queue folder, each with its own kombu
channel, the consumer looking for messages as fast as it can (a worker polling the folder,
with no pause). Every message it takes must parse and be one the producer sent, each exactly
once. With kombu's own filesystem transport the consumer soon took a file the producer had
created but not written yet, and ``json.loads`` failed (the worker stopped with
"Unrecoverable error: JSONDecodeError" and the message was lost).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from queue import Empty

import pytest
from kombu import Connection

from tape import dev_broker
from tape.celery_app import celery_config
from tape.config import Settings, filesystem_transport_options

QUEUE = "tape.reactors"
MESSAGES = 3000


@pytest.fixture
def connections(tmp_path: Path) -> Iterator[tuple[Connection, Connection]]:
    options = filesystem_transport_options(str(tmp_path / "broker"))
    made = [
        Connection("filesystem://", transport=dev_broker.Transport, transport_options=options)
        for _ in range(2)
    ]
    yield made[0], made[1]
    for conn in made:
        conn.release()


def test_a_polling_consumer_takes_only_whole_messages(
    connections: tuple[Connection, Connection],
) -> None:
    producer, consumer = (conn.default_channel for conn in connections)
    taken: list[int] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def consume() -> None:
        try:
            while len(taken) < MESSAGES:
                try:
                    taken.append(consumer._get(QUEUE)["n"])
                except Empty:
                    if done.is_set() and not consumer._size(QUEUE):
                        return
        except BaseException as exc:  # a partial file: JSONDecodeError
            failures.append(exc)

    reader = threading.Thread(target=consume)
    reader.start()
    for n in range(MESSAGES):
        producer._put(QUEUE, {"n": n})
    done.set()
    reader.join(timeout=60)
    assert not reader.is_alive()
    assert failures == []
    assert sorted(taken) == list(range(MESSAGES))


def test_a_partly_written_message_is_invisible(
    connections: tuple[Connection, Connection], tmp_path: Path
) -> None:
    channel = connections[0].default_channel
    # What _put leaves while it writes: a dot-file without the queue's suffix.
    (tmp_path / "broker" / "queue" / f".1_abc.{QUEUE}.msg.part").write_bytes(b'{"n"')
    assert channel._size(QUEUE) == 0
    with pytest.raises(Empty):
        channel._get(QUEUE)


def test_an_exchange_table_being_created_reads_as_empty(
    connections: tuple[Connection, Connection], tmp_path: Path
) -> None:
    channel = connections[0].default_channel
    (tmp_path / "broker" / "control" / "celery.pidbox.exchange").write_bytes(b"")
    assert channel.get_table("celery.pidbox") == []


def test_tape_selects_it_for_a_filesystem_broker_only(tmp_path: Path) -> None:
    fs = celery_config(Settings(broker_url=f"filesystem://{tmp_path}"))
    assert fs["broker_transport"] == dev_broker.TRANSPORT
    assert "broker_transport" not in celery_config(Settings(broker_url="redis://127.0.0.1/0"))
