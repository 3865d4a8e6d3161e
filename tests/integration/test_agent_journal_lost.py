"""An agent attempt whose journal connection dies mid-write leaves the run to recovery.

``make soak`` found it: a Postgres backend terminated while an inline effect's confirmation
was being written made the agent end its run FAILED, with the database's OperationalError as
the reason and the run's work half done. A connection the journal lost is the process's
failure, not the run's: the attempt now ends as a crash does (the run keeps its lease until it
lapses, then is re-driven), and the re-drive finishes the run.

The backend dies for real, inside the transaction: a trigger on ``tape_obligations`` calls
``pg_terminate_backend(pg_backend_pid())`` on the first insert only (a sequence counts, since
the dying transaction's own writes are rolled back).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from sqlalchemy import create_engine, exc, text
from sqlalchemy.pool import NullPool

import tape
from tape import Journal, ObligationStatus, RunStatus

pytestmark = pytest.mark.postgres_only

LEASE_MS = 1_000
bodies: list[str] = []


def unreserve(**payload: Any) -> dict[str, Any]:
    return {"released": payload["item"]}


@tape.effect(compensate=unreserve)
def reserve_item(item: str) -> dict[str, Any]:
    bodies.append(item)
    return {"item": item}


@tape.agent(name="test-journal-lost", lease_ttl_ms=LEASE_MS)
def journal_lost(ctx: tape.RunContext, item: str) -> dict[str, Any]:
    return {"reserved": reserve_item(item=item)}


KILL_FIRST_OBLIGATION = """
CREATE SEQUENCE kill_once;
CREATE FUNCTION kill_first() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF nextval('kill_once') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER kill_first BEFORE INSERT ON tape_obligations
  FOR EACH ROW EXECUTE FUNCTION kill_first();
"""


def test_a_lost_journal_connection_leaves_the_run_for_recovery(pg_url: str) -> None:
    admin = create_engine(pg_url, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(KILL_FIRST_OBLIGATION))
    admin.dispose()
    journal = Journal(pg_url)
    try:
        item = uuid.uuid4().hex[:8]
        run_id = journal.create_run(
            app_name=journal_lost.name, invocation_id=uuid.uuid4().hex, input_json={"item": item}
        ).run_id

        with pytest.raises(exc.OperationalError) as raised:
            journal_lost.drive(run_id, journal=journal)
        assert raised.value.connection_invalidated
        run = journal.get_run(run_id=run_id)
        assert run.status == RunStatus.RUNNING, run.detail  # not FAILED: left to recovery
        assert bodies == [item]

        time.sleep(LEASE_MS / 1000 + 0.2)  # the dead attempt's lease lapses
        again = journal_lost.drive(run_id, journal=journal)

        assert again.status == RunStatus.TERMINAL, again.detail
        assert again.detail["result"] == {"reserved": {"item": item}}
        (owed,) = journal.list_obligations(run_id=run_id)
        assert owed.status == ObligationStatus.PENDING  # held, once
        assert bodies == [item, item]  # the inline body re-ran under its key, as documented
    finally:
        journal.close()
