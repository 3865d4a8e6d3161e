"""Starting runs in tests."""

from __future__ import annotations

import uuid
from typing import Any


def new_run(j: Any) -> str:
    """Begin a fresh run (leased to ``w1``) and return its id."""
    return str(
        j.begin_run(
            app_name="app",
            user_id="u",
            session_id="s",
            invocation_id=uuid.uuid4().hex,
            lease_owner="w1",
        ).run_id
    )
