"""A pooled Postgres connection whose backend was terminated costs no call: the next
checkout notices (without a round trip on a live connection) and opens a new one."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tape import Journal


@pytest.mark.postgres_only
def test_terminated_backends_cost_no_call(pg_url: str) -> None:
    journal = Journal(pg_url)
    try:
        run = journal.begin_run(
            app_name="pool",
            user_id="u",
            session_id="s",
            invocation_id=uuid.uuid4().hex,
            lease_owner="w",
        )
        with journal.database.read() as conn:  # the pooled connection to terminate
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        admin = create_engine(pg_url, poolclass=NullPool)
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
        admin.dispose()
        # Every call after the termination succeeds at once, on a new backend.
        effect = journal.begin_effect(run_id=run.run_id, decision_index=0, tool_name="t")
        assert effect.seq > 0
        with journal.database.read() as conn:
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    finally:
        journal.close()
