"""Which tape schema a database is at, read without running a migration.

The store asks this when a statement fails on a missing table (:mod:`tape.store.engine`), and
:mod:`tape.migrations` builds ``tape migrate`` and ``check_schema`` on it. It needs Alembic
and the shipped revision scripts, never the store's engine, so the migrations can import the
store and the store can import this.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from tape import errors

#: tape's own Alembic version table (never ``alembic_version``, which belongs to the user).
VERSION_TABLE = "tape_alembic_version"

#: The folder of ``env.py``, ``script.py.mako`` and ``versions/`` (the package tape.migrations).
SCRIPT_LOCATION = Path(__file__).resolve().parent.parent / "migrations"


def script_config() -> Config:
    """An Alembic configuration pointing at tape's revision scripts (no database yet)."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


def head_revision() -> str:
    """The newest revision shipped with this version of tape."""
    head = ScriptDirectory.from_config(script_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships 0001
        raise errors.ConfigurationError("tape ships no migrations (broken installation?)")
    return head


def is_known(revision: str) -> bool:
    """Whether ``revision`` is one this tape ships."""
    script = ScriptDirectory.from_config(script_config())
    return any(rev.revision == revision for rev in script.walk_revisions())


def revision_of(connection: Connection) -> str | None:
    """The tape revision the connected database is at, ``None`` when it has no tape schema."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def require_head(current: str | None, shown_url: str) -> None:
    """Raise unless ``current`` is :func:`head_revision`.

    Raises:
        SchemaNotReady: no tape schema, or an older or unknown revision.
    """
    head = head_revision()
    if current == head:
        return
    if current is None:
        state = "has no tape schema"
    elif is_known(current):
        state = f"has tape schema {current}, older than {head}"
    else:
        raise errors.SchemaNotReady(
            f"database {shown_url} has tape schema {current}, which this tape (schema {head}) "
            "does not know: it was migrated by a newer tape; upgrade the tape package"
        )
    raise errors.SchemaNotReady(
        f"database {shown_url} {state}; run `tape migrate --database-url {shown_url}`"
    )
