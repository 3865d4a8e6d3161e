"""What the journal's Postgres says about its standbys, for ``tape doctor``.

tape's promise across a failover holds only when every commit tape acted on is on the standby
that gets promoted: synchronous replication (docs/replication.md). With asynchronous standbys
a failover can forget a dispatch claim, and the effect is then sent again. This module reads
what the primary reports, so an operator hears about that before a failover, not after.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import URL

from tape.store import engine as store_engine

__all__ = ["Replication", "read_replication"]

#: synchronous_commit levels at which a commit waits for a synchronous standby.
_WAITING_LEVELS = frozenset({"on", "remote_write", "remote_apply"})


@dataclass(frozen=True)
class Replication:
    """The primary's replication settings and the standbys streaming from it."""

    standbys: int
    #: Standbys the primary reports as sync or quorum; ``None`` when this role may not see it.
    synchronous: int | None
    synchronous_standby_names: str
    synchronous_commit: str
    in_recovery: bool

    @property
    def commits_wait_for_a_standby(self) -> bool:
        """Whether a commit returns only once a synchronous standby has it."""
        return bool(self.synchronous_standby_names.strip()) and (
            self.synchronous_commit in _WAITING_LEVELS
        )

    @property
    def failover_safe(self) -> bool:
        """No standby, or commits wait for one: a promotion forgets nothing tape acted on."""
        if self.standbys == 0:
            return True
        if not self.commits_wait_for_a_standby:
            return False
        return self.synchronous is None or self.synchronous > 0

    def describe(self) -> str:
        """One line for ``tape doctor``."""
        if self.in_recovery:
            return "connected to a standby (read-only): point tape at the primary"
        if self.standbys == 0:
            return "no streaming standby"
        seen = "" if self.synchronous is None else f", {self.synchronous} synchronous"
        head = f"{self.standbys} streaming standby(s){seen}"
        if self.failover_safe:
            return f"{head}; commits wait for a synchronous standby"
        if not self.synchronous_standby_names.strip():
            why = "synchronous_standby_names is empty (asynchronous replication)"
        elif self.synchronous_commit not in _WAITING_LEVELS:
            why = f"synchronous_commit is {self.synchronous_commit!r}"
        else:
            why = "none of them is synchronous now"
        return (
            f"{head}; {why}: a failover can lose a dispatch claim and send a non-idempotent "
            "effect twice (docs/replication.md)"
        )


def read_replication(url: str | URL) -> Replication | None:
    """What the Postgres at ``url`` reports; ``None`` for SQLite (nothing replicates).

    Raises:
        InvalidDatabaseURL: the URL is malformed or names an unsupported backend.
        sqlalchemy.exc.DBAPIError: the database could not be asked.
    """
    parsed = store_engine.parse_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return None
    database = store_engine.Database(parsed)
    try:
        with database.engine.connect() as conn:
            in_recovery = bool(conn.execute(sa.text("SELECT pg_is_in_recovery()")).scalar())
            names = str(conn.execute(sa.text("SHOW synchronous_standby_names")).scalar() or "")
            level = str(conn.execute(sa.text("SHOW synchronous_commit")).scalar() or "")
            # Every role sees one row per walsender; sync_state is NULL to a role without
            # pg_read_all_stats, which leaves "how many are synchronous" unknown.
            row = conn.execute(
                sa.text(
                    "SELECT count(*), count(r.sync_state), "
                    "count(*) FILTER (WHERE r.sync_state IN ('sync', 'quorum')) "
                    "FROM pg_stat_replication r "
                    # A logical decoding client (a CDC tool) is not a standby.
                    "LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid "
                    "WHERE s.slot_type IS DISTINCT FROM 'logical'"
                )
            ).one()
    finally:
        database.dispose()
    standbys, visible, synchronous = int(row[0]), int(row[1]), int(row[2])
    return Replication(
        standbys=standbys,
        synchronous=synchronous if visible == standbys else None,
        synchronous_standby_names=names,
        synchronous_commit=level,
        in_recovery=in_recovery,
    )
