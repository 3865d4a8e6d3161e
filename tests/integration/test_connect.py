"""``tape.connect(url)`` opens the journal of any URL: the local client for a database, the
remote one for a tape server; ``tape.Journal("tape://...")`` keeps working."""

from __future__ import annotations

import tape
from tape.journal import Journal
from tape.rpc.remote import RemoteJournal


def test_connect_opens_a_database_locally_and_a_server_remotely(sqlite_url: str) -> None:
    with tape.connect(sqlite_url) as local:
        assert type(local) is Journal
    remote = tape.connect("tape://127.0.0.1:1")
    assert isinstance(remote, RemoteJournal)
    assert repr(remote) == "Journal('tape://127.0.0.1:1')"
    remote.close()


def test_journal_of_a_tape_url_still_opens_a_remote_journal() -> None:
    journal = tape.Journal("tape://127.0.0.1:1")
    assert isinstance(journal, RemoteJournal) and tape.Journal is Journal
    journal.close()
