"""tape's database schema migrations (Alembic), shipped in the package.

tape keeps its own Alembic history in its own version table, ``tape_alembic_version``, so it
can share a database with an application that has an Alembic history of its own. There is no
``alembic.ini``: :func:`alembic_config` builds the configuration in code, pointing Alembic at
this directory (``env.py``, ``script.py.mako``, ``versions/``).

Use it through ``tape migrate`` or from Python::

    from tape import migrations

    migrations.upgrade("postgresql://tape@db/tape")  # idempotent; safe to run concurrently
    migrations.check_schema(url)                       # raises SchemaNotReady if not at head

Concurrency: on Postgres the whole upgrade runs in one transaction that first takes
``pg_advisory_xact_lock(MIGRATION_LOCK_KEY)``, so two processes migrating at once are
serialised and the second one finds the schema already at head. On SQLite the upgrade runs in
one ``BEGIN IMMEDIATE`` transaction, which SQLite serialises itself.

Writing a migration after a model change (the models in :mod:`tape.models` are the source of
truth, the migrations must reproduce exactly what ``metadata.create_all`` builds)::

    createdb -h 127.0.0.1 -U postgres tape_autogen
    python - <<'PY'
    from alembic import command
    from tape import migrations
    url = "postgresql://postgres@127.0.0.1/tape_autogen"
    migrations.upgrade(url)
    command.revision(migrations.alembic_config(url), "what changed", autogenerate=True,
                     rev_id="0002")
    PY
    dropdb -h 127.0.0.1 -U postgres tape_autogen
    ruff check --fix tape/migrations/versions && ruff format tape/migrations/versions

then hand-check the new file in ``versions/``: Alembic's autogenerate does not see sequences
(create/drop them with ``op.execute(sa.schema.CreateSequence(...))`` on Postgres only), partial
indexes need both ``postgresql_where=`` and ``sqlite_where=``, and on SQLite column changes
must go through ``op.batch_alter_table`` (``env.py`` enables ``render_as_batch`` there). Run
``pytest tests/migration``: it upgrades empty Postgres and SQLite databases and diffs them
against the models.

Before the first release only, regenerate ``0001_initial.py`` instead of adding a revision:
delete it, run the recipe above against an *empty* scratch database (without
``migrations.upgrade``, with ``"initial"`` and ``rev_id="0001"``), re-apply the hand edits
listed at the top of ``0001_initial.py`` (the ``tape_journal_global_seq`` sequence: created
and dropped on Postgres only, attached to ``tape_journal.global_seq``), then run ruff and
``pytest tests/migration``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError as AlembicError
from sqlalchemy.engine import URL

from tape import errors, files
from tape.store import engine as store_engine
from tape.store import schema

__all__ = [
    "MIGRATION_LOCK_KEY",
    "VERSION_TABLE",
    "alembic_config",
    "check_schema",
    "current_revision",
    "head_revision",
    "resolve_revision",
    "upgrade",
]

#: tape's own Alembic version table (never ``alembic_version``, which belongs to the user).
VERSION_TABLE = schema.VERSION_TABLE

#: Postgres advisory lock key held while migrating (``"tapem"`` in ASCII).
MIGRATION_LOCK_KEY = 0x746170656D

#: Key of :attr:`alembic.config.Config.attributes` holding the validated database URL.
URL_ATTRIBUTE = "tape_url"

_SCRIPT_LOCATION = schema.SCRIPT_LOCATION
_script_config = schema.script_config
head_revision = schema.head_revision


def alembic_config(url: str | URL) -> Config:
    """An Alembic configuration for tape's migrations on one database.

    ``env.py`` reads the database URL from ``config.attributes["tape_url"]``; a SQLAlchemy
    ``Connection`` placed in ``config.attributes["connection"]`` is used instead of a new one.

    Args:
        url: a Postgres (``postgresql://``, ``postgresql+psycopg://``) or SQLite
            (``sqlite:///path``) URL.

    Returns:
        A configuration usable with :mod:`alembic.command`.

    Raises:
        InvalidDatabaseURL: the URL is malformed or names an unsupported backend.
    """
    config = _script_config()
    config.attributes[URL_ATTRIBUTE] = store_engine.parse_url(url)
    return config


def resolve_revision(revision: str) -> str:
    """The revision id that ``revision`` (``"head"``, an id or a unique id prefix) names.

    Raises:
        ConfigurationError: no shipped revision matches.
    """
    script = ScriptDirectory.from_config(_script_config())
    try:
        found = script.get_revision(revision)
    except AlembicError as exc:
        raise errors.ConfigurationError(
            f"unknown tape schema revision {revision!r}: {exc}"
        ) from None
    if found is None:
        raise errors.ConfigurationError(f"unknown tape schema revision {revision!r}")
    return found.revision


def upgrade(url: str | URL, revision: str = "head") -> None:
    """Bring the database's tape schema up to ``revision`` (idempotent).

    Creates the parent directory of a SQLite file (0700) when missing. Safe to run from several
    processes at once (see the module docstring).

    Args:
        url: the database URL.
        revision: the target revision, ``"head"`` by default.

    Raises:
        InvalidDatabaseURL: the URL is malformed or names an unsupported backend.
        ConfigurationError: ``revision`` is unknown or older than the database's.
    """
    parsed = store_engine.parse_url(url)
    path = _sqlite_path(parsed)
    if path is not None:
        files.private_dirs(path.parent)
    try:
        command.upgrade(alembic_config(parsed), revision)
    except AlembicError as exc:  # unknown revision, or a target below the current one
        raise errors.ConfigurationError(f"cannot upgrade the tape schema: {exc}") from None


def current_revision(url: str | URL) -> str | None:
    """The tape revision the database is at, ``None`` when it has no tape schema.

    A SQLite file that does not exist is reported as ``None`` and is not created.

    Raises:
        InvalidDatabaseURL: the URL is malformed or names an unsupported backend.
    """
    parsed = store_engine.parse_url(url)
    path = _sqlite_path(parsed)
    if path is not None and not path.exists():
        return None
    database = store_engine.Database(parsed)
    try:
        with database.engine.connect() as conn:
            return schema.revision_of(conn)
    finally:
        database.dispose()


def check_schema(url: str | URL) -> None:
    """Make sure the database's tape schema is at :func:`head_revision`.

    Raises:
        InvalidDatabaseURL: the URL is malformed or names an unsupported backend.
        SchemaNotReady: no tape schema, or an older or unknown revision.
    """
    schema.require_head(current_revision(url), store_engine.safe_url(url))


def _sqlite_path(url: URL) -> Path | None:
    if not url.drivername.startswith("sqlite") or not url.database:
        return None
    if url.database.startswith("file:"):  # SQLite URI filename: leave it to SQLite
        return None
    return Path(url.database)
